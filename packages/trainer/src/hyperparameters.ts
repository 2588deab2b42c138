import { TrainerInputError } from './errors.js';
export { TrainerInputError };

export const ACTIVATIONS = ['relu', 'tanh', 'elu', 'selu', 'sigmoid'] as const;
export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;

export type Activation = (typeof ACTIVATIONS)[number];
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface MlpHyperparameters {
  /** Units in each hidden layer. */
  hiddenUnits: number;
  /** Number of hidden layers. */
  layers: number;
  learningRate: number;
  batchSize: number;
  /** Dropout rate after each hidden layer; 0 disables it. */
  dropout: number;
  activation: Activation;
  optimizer: OptimizerName;
}

export type TrialParams = Record<string, number | string | boolean>;

/** What a trial gets for every param its sweep does not search over. */
export const DEFAULT_MLP_HYPERPARAMETERS: Readonly<MlpHyperparameters> = Object.freeze({
  hiddenUnits: 128,
  layers: 1,
  learningRate: 1e-3,
  batchSize: 64,
  dropout: 0.2,
  activation: 'relu',
  optimizer: 'adam',
});

// The limits keep a single trial within a worker's memory and time, not within what is
// mathematically allowed: 4,096 units x 8 layers is already ~130M weights.
const HIDDEN_UNITS = { min: 1, max: 4096 };
const LAYERS = { min: 1, max: 8 };
const BATCH_SIZE = { min: 1, max: 8192 };
const LEARNING_RATE = { min: 1e-7, max: 1 };
// A rate near 1 zeroes almost every unit and the layer learns nothing.
const DROPOUT = { min: 0, max: 0.95 };

type Resolver = (key: string, value: number | string | boolean) => Partial<MlpHyperparameters>;

const RESOLVERS: Record<string, Resolver> = {
  hidden_units: (key, v) => ({ hiddenUnits: integerIn(key, v, HIDDEN_UNITS) }),
  layers: (key, v) => ({ layers: integerIn(key, v, LAYERS) }),
  batch_size: (key, v) => ({ batchSize: integerIn(key, v, BATCH_SIZE) }),
  learning_rate: (key, v) => ({ learningRate: numberIn(key, v, LEARNING_RATE) }),
  dropout: (key, v) => ({ dropout: numberIn(key, v, DROPOUT) }),
  activation: (key, v) => ({ activation: oneOf(key, v, ACTIVATIONS) }),
  optimizer: (key, v) => ({ optimizer: oneOf(key, v, OPTIMIZERS) }),
};

/** The param names (as written in a sweep's YAML) this trainer understands. */
export const MLP_PARAM_NAMES: readonly string[] = Object.keys(RESOLVERS);

/**
 * Turns a trial's params into validated hyperparameters, filling defaults. Rejecting an
 * unknown key matters: a typo such as `learnig_rate` would otherwise silently train
 * every trial with the default and make the whole sweep meaningless.
 */
export function resolveMlpHyperparameters(params: TrialParams): MlpHyperparameters {
  const resolved: MlpHyperparameters = { ...DEFAULT_MLP_HYPERPARAMETERS };

  for (const [key, value] of Object.entries(params)) {
    const resolve = RESOLVERS[key];
    if (!resolve) {
      throw new TrainerInputError(
        key,
        value,
        `is not a known param (${MLP_PARAM_NAMES.join(', ')})`,
      );
    }
    Object.assign(resolved, resolve(key, value));
  }

  return resolved;
}

function integerIn(key: string, value: unknown, range: { min: number; max: number }): number {
  const ok = typeof value === 'number' && Number.isInteger(value);
  if (!ok || value < range.min || value > range.max) {
    throw new TrainerInputError(key, value, `must be an integer in [${range.min}, ${range.max}]`);
  }
  return value;
}

function numberIn(key: string, value: unknown, range: { min: number; max: number }): number {
  const ok = typeof value === 'number' && Number.isFinite(value);
  if (!ok || value < range.min || value > range.max) {
    throw new TrainerInputError(key, value, `must be a number in [${range.min}, ${range.max}]`);
  }
  return value;
}

function oneOf<T extends string>(key: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new TrainerInputError(key, value, `must be one of ${choices.join(', ')}`);
  }
  return value as T;
}
