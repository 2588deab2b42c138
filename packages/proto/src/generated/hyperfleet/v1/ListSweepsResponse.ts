// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { Sweep as _hyperfleet_v1_Sweep, Sweep__Output as _hyperfleet_v1_Sweep__Output } from '../../hyperfleet/v1/Sweep.js';

export interface ListSweepsResponse {
  'sweeps'?: (_hyperfleet_v1_Sweep)[];
  'nextPageToken'?: (string);
}

export interface ListSweepsResponse__Output {
  'sweeps': (_hyperfleet_v1_Sweep__Output)[];
  'nextPageToken': (string);
}
