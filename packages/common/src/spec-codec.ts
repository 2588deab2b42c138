// Converts between the sweep spec as users write it (YAML/JSON, camelCase) and the gRPC
// message. The server validates; these functions only change the shape, and say which field
// cannot be carried when the input is not even the right kind of value.
import { SpecError, type ParamValue } from '@hyperfleet/core';
import type {
  Parameter,
  Parameter__Output,
  SweepSpec as SweepSpecMessage,
  SweepSpec__Output,
  Value,
  Value__Output,
} from '@hyperfleet/proto';
import { isObject, rejectUnknownKeys, type Obj } from './fields.js';

export function toValue(raw: unknown, field: string): Value {
  if (typeof raw === 'number') return { numberValue: raw };
  if (typeof raw === 'string') return { stringValue: raw };
  if (typeof raw === 'boolean') return { boolValue: raw };
  throw new SpecError(field, 'must be a number, a string or a boolean', { value: raw });
}

export function fromValue(value: Value__Output | Value): ParamValue | undefined {
  if (value.numberValue !== undefined && value.numberValue !== null) return value.numberValue;
  if (value.stringValue !== undefined && value.stringValue !== null) return value.stringValue;
  if (value.boolValue !== undefined && value.boolValue !== null) return value.boolValue;
  return undefined;
}

export function toValueMap(raw: unknown, field: string): Record<string, Value> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw new SpecError(field, 'must be a map of names to values', { value: raw });
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, toValue(value, `${field}.${key}`)]));
}

export function fromValueMap(map: Record<string, Value__Output | Value> | undefined): Record<string, ParamValue | undefined> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([key, value]) => [key, fromValue(value)]));
}

/**
 * What the message cannot carry is checked before conversion, so that nothing is changed on
 * the way: an unknown field would be dropped, a fraction or a number past 32 bits wrapped.
 */
const INT_FIELDS: Record<string, readonly string[]> = {
  '': ['parallelism', 'seed'],
  budget: ['maxTrials', 'maxFailedTrials'],
  trial: ['maxAttempts'],
  'trial.tfjs': ['epochs', 'trainSize', 'validationSize'],
  'trial.command': ['timeoutSeconds'],
  'trial.synthetic': ['durationMs', 'steps'],
};
const KNOWN_FIELDS: Record<string, readonly string[]> = {
  '': ['name', 'objective', 'searchSpace', 'algorithm', 'pruner', 'budget', 'parallelism', 'seed', 'trial'],
  objective: ['metric', 'direction'],
  budget: ['maxTrials', 'maxFailedTrials'],
  trial: ['tfjs', 'command', 'synthetic', 'maxAttempts'],
  'trial.tfjs': ['dataset', 'model', 'epochs', 'trainSize', 'validationSize', 'fixed'],
  'trial.command': ['argv', 'env', 'timeoutSeconds'],
  'trial.synthetic': ['durationMs', 'steps'],
};
const INT32_MAX = 2 ** 31 - 1;

function checkCarriable(raw: Obj): void {
  for (const [path, known] of Object.entries(KNOWN_FIELDS)) {
    const obj = path === '' ? raw : path.split('.').reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), raw);
    if (!isObject(obj)) continue;
    const prefix = path === '' ? '' : `${path}.`;
    rejectUnknownKeys(obj, known, path || 'spec');
    for (const key of INT_FIELDS[path] ?? []) {
      const value = obj[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > INT32_MAX) {
        throw new SpecError(`${prefix}${key}`, `must be an integer of at most ${INT32_MAX}`, { value });
      }
    }
  }
  checkStrings(raw, 'trial.command.argv');
}

/** A list the message holds as strings: protobufjs would turn a number into one silently. */
function checkStrings(raw: Obj, path: string): void {
  const list = path.split('.').reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), raw);
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    if (typeof item !== 'string') throw new SpecError(`${path}[${index}]`, 'must be a string', { value: item });
  });
}

/** A user's spec (parsed YAML or JSON) to the CreateSweep message. */
export function specToMessage(raw: unknown): SweepSpecMessage {
  if (!isObject(raw)) throw new SpecError('spec', 'must be an object', { value: raw });
  checkCarriable(raw);
  const trial = isObject(raw.trial) ? raw.trial : undefined;
  const budget = isObject(raw.budget) ? raw.budget : undefined;
  const objective = isObject(raw.objective) ? raw.objective : undefined;
  return {
    name: raw.name as string,
    objective: objective && { metric: objective.metric as string, direction: toDirection(objective.direction) },
    searchSpace: toParameters(raw.searchSpace),
    algorithm: toNamed(raw.algorithm, 'algorithm'),
    pruner: toNamed(raw.pruner, 'pruner'),
    budget: budget && { maxTrials: budget.maxTrials as number, maxFailedTrials: budget.maxFailedTrials as number | undefined },
    parallelism: raw.parallelism as number,
    seed: raw.seed as number,
    trial: trial && {
      maxAttempts: trial.maxAttempts as number,
      tfjs: isObject(trial.tfjs) ? { ...trial.tfjs, fixed: toValueMap(trial.tfjs.fixed, 'trial.tfjs.fixed') } : undefined,
      command: isObject(trial.command) ? (trial.command as SweepSpecMessage['trial'] & object) : undefined,
      synthetic: isObject(trial.synthetic) ? trial.synthetic : undefined,
    },
  } as SweepSpecMessage;
}

/** The CreateSweep message back to the plain shape validateSweepSpec() reads. */
export function specFromMessage(message: SweepSpec__Output | null | undefined): unknown {
  if (!message) return undefined;
  const trial = message.trial;
  return dropUnset({
    name: message.name,
    objective: message.objective && dropUnset({ metric: message.objective.metric, direction: fromDirection(message.objective.direction) }),
    searchSpace: message.searchSpace.map(fromParameter),
    algorithm: message.algorithm ? { name: message.algorithm.name || undefined, ...fromValueMap(message.algorithm.options) } : undefined,
    pruner: message.pruner?.name ? { name: message.pruner.name, ...fromValueMap(message.pruner.options) } : undefined,
    budget: message.budget && dropUnset({ maxTrials: message.budget.maxTrials, maxFailedTrials: message.budget.maxFailedTrials }),
    parallelism: zeroAsUnset(message.parallelism),
    seed: zeroAsUnset(message.seed),
    trial: trial && dropUnset({
      maxAttempts: zeroAsUnset(trial.maxAttempts),
      tfjs: trial.tfjs
        ? dropUnset({
            dataset: trial.tfjs.dataset || undefined,
            model: trial.tfjs.model || undefined,
            epochs: zeroAsUnset(trial.tfjs.epochs),
            trainSize: zeroAsUnset(trial.tfjs.trainSize),
            validationSize: zeroAsUnset(trial.tfjs.validationSize),
            fixed: fromValueMap(trial.tfjs.fixed),
          })
        : undefined,
      command: trial.command
        ? dropUnset({ argv: trial.command.argv, env: trial.command.env, timeoutSeconds: zeroAsUnset(trial.command.timeoutSeconds) })
        : undefined,
      synthetic: trial.synthetic ? { durationMs: trial.synthetic.durationMs, steps: zeroAsUnset(trial.synthetic.steps) } : undefined,
    }),
  });
}

function toParameters(raw: unknown): Parameter[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const entries: [string | undefined, unknown, string][] = Array.isArray(raw)
    ? raw.map((param, index) => [undefined, param, `searchSpace[${index}]`])
    : isObject(raw)
      ? Object.entries(raw).map(([name, param]) => [name, param, `searchSpace.${name}`])
      : [];
  if (entries.length === 0 && !Array.isArray(raw) && !isObject(raw)) {
    throw new SpecError('searchSpace', 'must be a list of parameters or a map of names to parameters', { value: raw });
  }
  return entries.map(([name, param, field]) => {
    if (!isObject(param)) throw new SpecError(field, 'must be an object', { value: param });
    rejectUnknownKeys(param, name === undefined ? ['name', 'type', 'low', 'high', 'log', 'step', 'choices'] : ['type', 'low', 'high', 'log', 'step', 'choices'], field);
    for (const key of ['low', 'high', 'step'] as const) {
      if (param[key] !== undefined && param[key] !== null && typeof param[key] !== 'number') {
        throw new SpecError(`${field}.${key}`, 'must be a number', { value: param[key] });
      }
    }
    const choices = param.choices === undefined ? [] : param.choices;
    if (!Array.isArray(choices)) throw new SpecError(`${field}.choices`, 'must be a list', { value: choices });
    return {
      name: (name ?? param.name) as string,
      type: param.type as string,
      low: param.low as number | undefined,
      high: param.high as number | undefined,
      log: param.log as boolean | undefined,
      step: param.step as number | undefined,
      choices: choices.map((choice, index) => toValue(choice, `${field}.choices[${index}]`)),
    };
  });
}

function fromParameter(param: Parameter__Output): Obj {
  return dropUnset({
    name: param.name,
    type: param.type,
    low: param.low ?? undefined,
    high: param.high ?? undefined,
    log: param.log || undefined,
    step: param.step ?? undefined,
    choices: param.choices.length > 0 ? param.choices.map(fromValue) : undefined,
  });
}

function toNamed(raw: unknown, field: string): { name: string; options: Record<string, Value> } | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return { name: raw, options: {} };
  if (!isObject(raw)) throw new SpecError(field, 'must be a name or an object with a name', { value: raw });
  const { name, options, ...rest } = raw;
  return { name: name as string, options: toValueMap({ ...rest, ...(isObject(options) ? options : {}) }, field) };
}

function toDirection(raw: unknown): 'MINIMIZE' | 'MAXIMIZE' | 'DIRECTION_UNSPECIFIED' {
  if (raw === undefined || raw === null) return 'DIRECTION_UNSPECIFIED';
  const text = typeof raw === 'string' ? raw.toUpperCase() : '';
  if (text === 'MINIMIZE' || text === 'MAXIMIZE') return text;
  throw new SpecError('objective.direction', 'must be one of minimize, maximize', { value: raw });
}

function fromDirection(direction: string): string | undefined {
  return direction === 'DIRECTION_UNSPECIFIED' ? undefined : direction.toLowerCase();
}

function zeroAsUnset(value: number | undefined | null): number | undefined {
  return value === 0 || value === null ? undefined : value;
}

function dropUnset(obj: Obj): Obj {
  return Object.fromEntries(Object.entries(obj).filter(([, value]) => value !== undefined && value !== null));
}
