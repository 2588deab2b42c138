// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { Trial as _hyperfleet_v1_Trial, Trial__Output as _hyperfleet_v1_Trial__Output } from '../../hyperfleet/v1/Trial.js';

export interface ListTrialsResponse {
  'trials'?: (_hyperfleet_v1_Trial)[];
  'nextPageToken'?: (string);
  'totalSize'?: (number);
}

export interface ListTrialsResponse__Output {
  'trials': (_hyperfleet_v1_Trial__Output)[];
  'nextPageToken': (string);
  'totalSize': (number);
}
