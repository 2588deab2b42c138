// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { SweepSpec as _hyperfleet_v1_SweepSpec, SweepSpec__Output as _hyperfleet_v1_SweepSpec__Output } from '../../hyperfleet/v1/SweepSpec.js';
import type { SweepState as _hyperfleet_v1_SweepState, SweepState__Output as _hyperfleet_v1_SweepState__Output } from '../../hyperfleet/v1/SweepState.js';
import type { TrialCounts as _hyperfleet_v1_TrialCounts, TrialCounts__Output as _hyperfleet_v1_TrialCounts__Output } from '../../hyperfleet/v1/TrialCounts.js';
import type { Trial as _hyperfleet_v1_Trial, Trial__Output as _hyperfleet_v1_Trial__Output } from '../../hyperfleet/v1/Trial.js';

export interface Sweep {
  'id'?: (string);
  'spec'?: (_hyperfleet_v1_SweepSpec | null);
  'state'?: (_hyperfleet_v1_SweepState);
  'stateReason'?: (string);
  'counts'?: (_hyperfleet_v1_TrialCounts | null);
  'bestTrial'?: (_hyperfleet_v1_Trial | null);
  /**
   * Deployment version the best model was promoted to, 0 when not (yet) promoted.
   */
  'promotedVersion'?: (number);
  'promotionState'?: (string);
  'createdAt'?: (string);
  'finishedAt'?: (string);
  '_bestTrial'?: "bestTrial";
}

export interface Sweep__Output {
  'id': (string);
  'spec': (_hyperfleet_v1_SweepSpec__Output | null);
  'state': (_hyperfleet_v1_SweepState__Output);
  'stateReason': (string);
  'counts': (_hyperfleet_v1_TrialCounts__Output | null);
  'bestTrial'?: (_hyperfleet_v1_Trial__Output | null);
  /**
   * Deployment version the best model was promoted to, 0 when not (yet) promoted.
   */
  'promotedVersion': (number);
  'promotionState': (string);
  'createdAt': (string);
  'finishedAt': (string);
  '_bestTrial'?: "bestTrial";
}
