// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { Value as _hyperfleet_v1_Value, Value__Output as _hyperfleet_v1_Value__Output } from '../../hyperfleet/v1/Value.js';

/**
 * The built-in TensorFlow.js trainer.
 */
export interface TfjsTrainer {
  'dataset'?: (string);
  'model'?: (string);
  'epochs'?: (number);
  'trainSize'?: (number);
  'validationSize'?: (number);
  /**
   * Hyperparameters that are fixed for every trial, beside the searched ones.
   */
  'fixed'?: ({[key: string]: _hyperfleet_v1_Value});
}

/**
 * The built-in TensorFlow.js trainer.
 */
export interface TfjsTrainer__Output {
  'dataset': (string);
  'model': (string);
  'epochs': (number);
  'trainSize': (number);
  'validationSize': (number);
  /**
   * Hyperparameters that are fixed for every trial, beside the searched ones.
   */
  'fixed': ({[key: string]: _hyperfleet_v1_Value__Output});
}
