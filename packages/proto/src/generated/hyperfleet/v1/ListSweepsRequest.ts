// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { SweepState as _hyperfleet_v1_SweepState, SweepState__Output as _hyperfleet_v1_SweepState__Output } from '../../hyperfleet/v1/SweepState.js';

export interface ListSweepsRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
  'states'?: (_hyperfleet_v1_SweepState)[];
}

export interface ListSweepsRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
  'states': (_hyperfleet_v1_SweepState__Output)[];
}
