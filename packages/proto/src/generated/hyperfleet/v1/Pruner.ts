// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { Value as _hyperfleet_v1_Value, Value__Output as _hyperfleet_v1_Value__Output } from '../../hyperfleet/v1/Value.js';

export interface Pruner {
  /**
   * "none" (default), "median", "asha", ...
   */
  'name'?: (string);
  'options'?: ({[key: string]: _hyperfleet_v1_Value});
}

export interface Pruner__Output {
  /**
   * "none" (default), "median", "asha", ...
   */
  'name': (string);
  'options': ({[key: string]: _hyperfleet_v1_Value__Output});
}
