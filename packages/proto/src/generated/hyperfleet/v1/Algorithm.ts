// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { Value as _hyperfleet_v1_Value, Value__Output as _hyperfleet_v1_Value__Output } from '../../hyperfleet/v1/Value.js';

export interface Algorithm {
  /**
   * "random", "grid", ... (see the README for the full list and options).
   */
  'name'?: (string);
  'options'?: ({[key: string]: _hyperfleet_v1_Value});
}

export interface Algorithm__Output {
  /**
   * "random", "grid", ... (see the README for the full list and options).
   */
  'name': (string);
  'options': ({[key: string]: _hyperfleet_v1_Value__Output});
}
