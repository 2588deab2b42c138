// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { Direction as _hyperfleet_v1_Direction, Direction__Output as _hyperfleet_v1_Direction__Output } from '../../hyperfleet/v1/Direction.js';

export interface Objective {
  /**
   * The reported metric to optimize, e.g. "val_accuracy".
   */
  'metric'?: (string);
  'direction'?: (_hyperfleet_v1_Direction);
}

export interface Objective__Output {
  /**
   * The reported metric to optimize, e.g. "val_accuracy".
   */
  'metric': (string);
  'direction': (_hyperfleet_v1_Direction__Output);
}
