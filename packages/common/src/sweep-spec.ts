// The sweep spec: what a user asks for, in one shape whether it arrives as YAML through the
// CLI or as a gRPC request. validateSweepSpec() is the single gate: it fills defaults and
// rejects anything wrong with a SpecError naming the field, before anything is stored.
import {
  SpecError,
  validatePrunerConfig,
  validateSamplerConfig,
  validateSearchSpace,
  createSampler,
  type Direction,
  type ParamValue,
  type PrunerConfig,
  type SamplerConfig,
  type SearchSpace,
} from '@hyperfleet/core';
import { MLP_PARAM_NAMES, resolveMlpHyperparameters, TrainerInputError } from '@hyperfleet/trainer/hyperparameters';
import { isObject, readInt, readObject, readOneOf, readString, rejectUnknownKeys, type Obj } from './fields.js';

export interface TfjsTrialTemplate {
  kind: 'tfjs';
  maxAttempts: number;
  tfjs: {
    dataset: 'mnist';
    model: 'mlp';
    epochs: number;
    trainSize: number;
    validationSize: number;
    /** Hyperparameters fixed for every trial, beside the searched ones. */
    fixed: Record<string, ParamValue>;
  };
}

export interface CommandTrialTemplate {
  kind: 'command';
  maxAttempts: number;
  command: { argv: string[]; env: Record<string, string>; timeoutSeconds: number };
}

/** Runs inside the worker with no training at all: for measuring Hyperfleet's own costs. */
export interface SyntheticTrialTemplate {
  kind: 'synthetic';
  maxAttempts: number;
  synthetic: { durationMs: number; steps: number };
}

export type TrialTemplate = TfjsTrialTemplate | CommandTrialTemplate | SyntheticTrialTemplate;

export interface SweepSpec {
  name: string;
  objective: { metric: string; direction: Direction };
  searchSpace: SearchSpace;
  algorithm: SamplerConfig;
  pruner: PrunerConfig;
  budget: { maxTrials: number; maxFailedTrials: number };
  parallelism: number;
  seed: number;
  trial: TrialTemplate;
}

export const SPEC_LIMITS = {
  maxTrials: 1_000_000,
  parallelism: 4_096,
  maxAttempts: 20,
  epochs: 1_000,
  /** The mnist package holds 10,000 digits; 1,000 stay out of every sweep as held-out test digits. */
  mnistDigitsForSweeps: 9_000,
  commandTimeoutSeconds: 7 * 24 * 3600,
  seed: 2 ** 31 - 1,
  parameters: 100,
  choices: 10_000,
  argv: 1_000,
} as const;

/** What the built-in trainer reports after every epoch. */
const TFJS_METRICS = ['loss', 'accuracy', 'val_loss', 'val_accuracy'];
/** What services/worker/src/synthetic-execution.ts reports. */
const SYNTHETIC_METRIC = 'objective';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const METRIC_PATTERN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

/**
 * Validates a raw sweep spec and fills its defaults. `seed` 0 or absent is replaced by
 * `randomSeed()`, so that the stored spec is always reproducible.
 */
export function validateSweepSpec(raw: unknown, randomSeed: () => number = defaultSeed): SweepSpec {
  const spec = readObject(raw, 'spec');
  rejectUnknownKeys(
    spec,
    ['name', 'objective', 'searchSpace', 'algorithm', 'pruner', 'budget', 'parallelism', 'seed', 'trial'],
    'spec',
  );

  const name = readString(spec.name, 'name', { pattern: NAME_PATTERN, patternText: 'letters, digits, ".", "_", "-"', maxLength: 128 });
  const objective = readObjective(spec.objective);
  const searchSpace = validateSearchSpace(spec.searchSpace, 'searchSpace');
  checkSpaceSize(searchSpace);
  const algorithm = validateSamplerConfig(normalizeNamed(spec.algorithm ?? 'random'), 'algorithm');
  const pruner = validatePrunerConfig(normalizeNamed(spec.pruner ?? 'none'), 'pruner');
  const parallelism = readInt(spec.parallelism ?? 1, 'parallelism', { min: 1, max: SPEC_LIMITS.parallelism });
  const budget = readBudget(spec.budget, parallelism);
  const seed = spec.seed === undefined || spec.seed === 0 ? randomSeed() : readInt(spec.seed, 'seed', { min: 1, max: SPEC_LIMITS.seed });
  const trial = readTrialTemplate(spec.trial, searchSpace);
  if (trial.kind === 'tfjs' && !TFJS_METRICS.includes(objective.metric)) {
    throw new SpecError('objective.metric', `is not reported by the tfjs trainer (it reports ${TFJS_METRICS.join(', ')})`, { value: objective.metric });
  }
  if (trial.kind === 'synthetic' && objective.metric !== SYNTHETIC_METRIC) {
    throw new SpecError('objective.metric', `must be ${SYNTHETIC_METRIC}: the only metric synthetic trials report`, { value: objective.metric });
  }

  // The sampler is built once here only to learn whether it can serve this space at all.
  createSampler(algorithm, searchSpace);

  return { name, objective, searchSpace, algorithm, pruner, budget, parallelism, seed, trial };
}

/** Bounds that keep one sweep's spec small enough to store, log and sample quickly. */
function checkSpaceSize(space: SearchSpace): void {
  if (space.length > SPEC_LIMITS.parameters) {
    throw new SpecError('searchSpace', `must hold at most ${SPEC_LIMITS.parameters} parameters`, { value: space.length });
  }
  for (const param of space) {
    if (param.type === 'categorical' && param.choices.length > SPEC_LIMITS.choices) {
      throw new SpecError(`searchSpace.${param.name}.choices`, `must hold at most ${SPEC_LIMITS.choices} choices`, { value: param.choices.length });
    }
  }
}

function defaultSeed(): number {
  return 1 + Math.floor(Math.random() * (SPEC_LIMITS.seed - 1));
}

/** `tpe` and `{ name: tpe, ... }` mean the same; an `options` map is flattened beside the name. */
function normalizeNamed(raw: unknown): unknown {
  if (typeof raw === 'string') return { name: raw };
  if (!isObject(raw) || !isObject(raw.options)) return raw;
  const { options, ...rest } = raw;
  return { ...rest, ...(options as Obj) };
}

function readObjective(raw: unknown): SweepSpec['objective'] {
  const obj = readObject(raw, 'objective');
  rejectUnknownKeys(obj, ['metric', 'direction'], 'objective');
  return {
    metric: readString(obj.metric, 'objective.metric', { pattern: METRIC_PATTERN, patternText: 'a metric name like val_accuracy', maxLength: 128 }),
    direction: readOneOf(obj.direction, 'objective.direction', ['minimize', 'maximize'] as const),
  };
}

function readBudget(raw: unknown, parallelism: number): SweepSpec['budget'] {
  const obj = readObject(raw, 'budget');
  rejectUnknownKeys(obj, ['maxTrials', 'maxFailedTrials'], 'budget');
  const maxTrials = readInt(obj.maxTrials, 'budget.maxTrials', { min: 1, max: SPEC_LIMITS.maxTrials });
  if (maxTrials < parallelism) {
    throw new SpecError('budget.maxTrials', `must be >= parallelism (${parallelism})`, { value: maxTrials });
  }
  const maxFailedTrials =
    obj.maxFailedTrials === undefined
      ? Math.max(1, Math.ceil(maxTrials / 4))
      : readInt(obj.maxFailedTrials, 'budget.maxFailedTrials', { min: 0, max: maxTrials });
  return { maxTrials, maxFailedTrials };
}

function readTrialTemplate(raw: unknown, space: SearchSpace): TrialTemplate {
  const obj = readObject(raw, 'trial');
  rejectUnknownKeys(obj, ['tfjs', 'command', 'synthetic', 'maxAttempts'], 'trial');
  const maxAttempts = readInt(obj.maxAttempts ?? 3, 'trial.maxAttempts', { min: 1, max: SPEC_LIMITS.maxAttempts });

  const kinds = (['tfjs', 'command', 'synthetic'] as const).filter((kind) => obj[kind] !== undefined);
  if (kinds.length !== 1) {
    throw new SpecError('trial', 'must set exactly one of tfjs (the built-in trainer), command or synthetic', { value: kinds });
  }
  if (obj.command !== undefined) {
    checkCommandParamNames(space);
    return { kind: 'command', maxAttempts, command: readCommand(obj.command) };
  }
  if (obj.synthetic !== undefined) return { kind: 'synthetic', maxAttempts, synthetic: readSynthetic(obj.synthetic) };
  return { kind: 'tfjs', maxAttempts, tfjs: readTfjs(obj.tfjs, space) };
}

function readTfjs(raw: unknown, space: SearchSpace): TfjsTrialTemplate['tfjs'] {
  const obj = readObject(raw, 'trial.tfjs');
  rejectUnknownKeys(obj, ['dataset', 'model', 'epochs', 'trainSize', 'validationSize', 'fixed'], 'trial.tfjs');
  const limit = SPEC_LIMITS.mnistDigitsForSweeps;
  const trainSize = readInt(obj.trainSize ?? 2000, 'trial.tfjs.trainSize', { min: 100, max: limit - 100 });
  const validationSize = readInt(obj.validationSize ?? 1000, 'trial.tfjs.validationSize', { min: 100, max: limit - trainSize });
  const fixed = readFixed(obj.fixed, space);
  checkTrainerAccepts(space, fixed);
  return {
    dataset: readOneOf(obj.dataset ?? 'mnist', 'trial.tfjs.dataset', ['mnist'] as const),
    model: readOneOf(obj.model ?? 'mlp', 'trial.tfjs.model', ['mlp'] as const),
    epochs: readInt(obj.epochs ?? 5, 'trial.tfjs.epochs', { min: 1, max: SPEC_LIMITS.epochs }),
    trainSize,
    validationSize,
    fixed,
  };
}

function readFixed(raw: unknown, space: SearchSpace): Record<string, ParamValue> {
  if (raw === undefined) return {};
  const obj = readObject(raw, 'trial.tfjs.fixed');
  const fixed: Record<string, ParamValue> = {};
  for (const [key, value] of Object.entries(obj)) {
    const field = `trial.tfjs.fixed.${key}`;
    if (space.some((param) => param.name === key)) {
      throw new SpecError(field, 'is also in searchSpace; a parameter is either searched or fixed');
    }
    if (!['number', 'string', 'boolean'].includes(typeof value) || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new SpecError(field, 'must be a finite number, a string or a boolean', { value });
    }
    fixed[key] = value as ParamValue;
  }
  return fixed;
}

/**
 * The built-in trainer must accept every value a trial can get: each fixed value and each
 * searched parameter at its bounds (or each of its choices).
 */
function checkTrainerAccepts(space: SearchSpace, fixed: Record<string, ParamValue>): void {
  for (const [name, value] of Object.entries(fixed)) checkTrainerValue(`trial.tfjs.fixed.${name}`, name, [value]);
  for (const param of space) {
    const values = param.type === 'categorical' ? param.choices : [param.low, param.high];
    checkTrainerValue(`searchSpace.${param.name}`, param.name, values);
  }
}

function checkTrainerValue(field: string, name: string, values: readonly ParamValue[]): void {
  if (!MLP_PARAM_NAMES.includes(name)) {
    throw new SpecError(field, `is not a hyperparameter of the tfjs mlp trainer (known: ${MLP_PARAM_NAMES.join(', ')})`);
  }
  for (const value of values) {
    try {
      resolveMlpHyperparameters({ [name]: value });
    } catch (error) {
      if (!(error instanceof TrainerInputError)) throw error;
      throw new SpecError(field, `the trainer rejects ${JSON.stringify(value)}: ${error.rule}`, { cause: error });
    }
  }
}

function readSynthetic(raw: unknown): SyntheticTrialTemplate['synthetic'] {
  const obj = readObject(raw, 'trial.synthetic');
  rejectUnknownKeys(obj, ['durationMs', 'steps'], 'trial.synthetic');
  return {
    durationMs: readInt(obj.durationMs ?? 0, 'trial.synthetic.durationMs', { min: 0, max: 3_600_000 }),
    steps: readInt(obj.steps ?? 1, 'trial.synthetic.steps', { min: 1, max: 100_000 }),
  };
}

/** The variable a command trial gets one param in; the worker sets exactly this name. */
export function commandParamEnvName(name: string): string {
  return `HF_PARAM_${name.toUpperCase()}`;
}

/** Two params in one variable would leave the command one of the two values, silently. */
function checkCommandParamNames(space: SearchSpace): void {
  const owners = new Map<string, string>();
  for (const param of space) {
    const variable = commandParamEnvName(param.name);
    const first = owners.get(variable);
    if (first !== undefined) {
      throw new SpecError(
        `searchSpace.${param.name}.name`,
        `is given to a command trial as ${variable}, as searchSpace.${first} is; a command trial's parameter names must differ in more than letter case`,
        { value: param.name },
      );
    }
    owners.set(variable, param.name);
  }
}

function readCommand(raw: unknown): CommandTrialTemplate['command'] {
  const obj = readObject(raw, 'trial.command');
  rejectUnknownKeys(obj, ['argv', 'env', 'timeoutSeconds'], 'trial.command');
  if (!Array.isArray(obj.argv) || obj.argv.length === 0) {
    throw new SpecError('trial.command.argv', 'must be a non-empty list of strings', { value: obj.argv });
  }
  if (obj.argv.length > SPEC_LIMITS.argv) {
    throw new SpecError('trial.command.argv', `must hold at most ${SPEC_LIMITS.argv} arguments`, { value: obj.argv.length });
  }
  const argv = obj.argv.map((arg, index) => {
    if (typeof arg !== 'string') throw new SpecError(`trial.command.argv[${index}]`, 'must be a string', { value: arg });
    return arg;
  });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj.env === undefined ? {} : readObject(obj.env, 'trial.command.env'))) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new SpecError(`trial.command.env.${key}`, 'is not a valid variable name');
    if (typeof value !== 'string') throw new SpecError(`trial.command.env.${key}`, 'must be a string', { value });
    env[key] = value;
  }
  const timeoutSeconds = readInt(obj.timeoutSeconds ?? 3600, 'trial.command.timeoutSeconds', { min: 1, max: SPEC_LIMITS.commandTimeoutSeconds });
  return { argv, env, timeoutSeconds };
}
