// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { Value as _hyperfleet_v1_Value, Value__Output as _hyperfleet_v1_Value__Output } from '../../hyperfleet/v1/Value.js';

export interface Parameter {
  'name'?: (string);
  /**
   * "float", "int" or "categorical".
   */
  'type'?: (string);
  'low'?: (number | string);
  'high'?: (number | string);
  'log'?: (boolean);
  'step'?: (number | string);
  'choices'?: (_hyperfleet_v1_Value)[];
  '_low'?: "low";
  '_high'?: "high";
  '_step'?: "step";
}

export interface Parameter__Output {
  'name': (string);
  /**
   * "float", "int" or "categorical".
   */
  'type': (string);
  'low'?: (number);
  'high'?: (number);
  'log': (boolean);
  'step'?: (number);
  'choices': (_hyperfleet_v1_Value__Output)[];
  '_low'?: "low";
  '_high'?: "high";
  '_step'?: "step";
}
