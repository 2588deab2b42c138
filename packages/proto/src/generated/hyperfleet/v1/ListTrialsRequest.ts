// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { TrialState as _hyperfleet_v1_TrialState, TrialState__Output as _hyperfleet_v1_TrialState__Output } from '../../hyperfleet/v1/TrialState.js';

export interface ListTrialsRequest {
  'sweepId'?: (string);
  'states'?: (_hyperfleet_v1_TrialState)[];
  /**
   * "number" (default) or "value" (best first, by the sweep's direction).
   */
  'orderBy'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListTrialsRequest__Output {
  'sweepId': (string);
  'states': (_hyperfleet_v1_TrialState__Output)[];
  /**
   * "number" (default) or "value" (best first, by the sweep's direction).
   */
  'orderBy': (string);
  'pageSize': (number);
  'pageToken': (string);
}
