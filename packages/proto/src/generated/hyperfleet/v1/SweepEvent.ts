// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { Sweep as _hyperfleet_v1_Sweep, Sweep__Output as _hyperfleet_v1_Sweep__Output } from '../../hyperfleet/v1/Sweep.js';
import type { Trial as _hyperfleet_v1_Trial, Trial__Output as _hyperfleet_v1_Trial__Output } from '../../hyperfleet/v1/Trial.js';
import type { Metric as _hyperfleet_v1_Metric, Metric__Output as _hyperfleet_v1_Metric__Output } from '../../hyperfleet/v1/Metric.js';

// Original file: ../../proto/hyperfleet/v1/sweep.proto

export const _hyperfleet_v1_SweepEvent_Type = {
  TYPE_UNSPECIFIED: 'TYPE_UNSPECIFIED',
  SNAPSHOT: 'SNAPSHOT',
  TRIAL_QUEUED: 'TRIAL_QUEUED',
  TRIAL_STARTED: 'TRIAL_STARTED',
  TRIAL_PROGRESS: 'TRIAL_PROGRESS',
  TRIAL_COMPLETED: 'TRIAL_COMPLETED',
  TRIAL_FAILED: 'TRIAL_FAILED',
  TRIAL_PRUNED: 'TRIAL_PRUNED',
  TRIAL_CANCELLED: 'TRIAL_CANCELLED',
  SWEEP_FINISHED: 'SWEEP_FINISHED',
} as const;

export type _hyperfleet_v1_SweepEvent_Type =
  | 'TYPE_UNSPECIFIED'
  | 0
  | 'SNAPSHOT'
  | 1
  | 'TRIAL_QUEUED'
  | 2
  | 'TRIAL_STARTED'
  | 3
  | 'TRIAL_PROGRESS'
  | 4
  | 'TRIAL_COMPLETED'
  | 5
  | 'TRIAL_FAILED'
  | 6
  | 'TRIAL_PRUNED'
  | 7
  | 'TRIAL_CANCELLED'
  | 8
  | 'SWEEP_FINISHED'
  | 9

export type _hyperfleet_v1_SweepEvent_Type__Output = typeof _hyperfleet_v1_SweepEvent_Type[keyof typeof _hyperfleet_v1_SweepEvent_Type]

export interface SweepEvent {
  'type'?: (_hyperfleet_v1_SweepEvent_Type);
  'sweepId'?: (string);
  /**
   * The sweep as it stands after this event (counts, best trial, state).
   */
  'sweep'?: (_hyperfleet_v1_Sweep | null);
  'trial'?: (_hyperfleet_v1_Trial | null);
  'metric'?: (_hyperfleet_v1_Metric | null);
  '_trial'?: "trial";
  '_metric'?: "metric";
}

export interface SweepEvent__Output {
  'type': (_hyperfleet_v1_SweepEvent_Type__Output);
  'sweepId': (string);
  /**
   * The sweep as it stands after this event (counts, best trial, state).
   */
  'sweep': (_hyperfleet_v1_Sweep__Output | null);
  'trial'?: (_hyperfleet_v1_Trial__Output | null);
  'metric'?: (_hyperfleet_v1_Metric__Output | null);
  '_trial'?: "trial";
  '_metric'?: "metric";
}
