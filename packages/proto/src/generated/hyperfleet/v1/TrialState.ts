// Original file: ../../proto/hyperfleet/v1/sweep.proto

export const TrialState = {
  TRIAL_STATE_UNSPECIFIED: 'TRIAL_STATE_UNSPECIFIED',
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  PRUNED: 'PRUNED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const;

export type TrialState =
  | 'TRIAL_STATE_UNSPECIFIED'
  | 0
  | 'QUEUED'
  | 1
  | 'RUNNING'
  | 2
  | 'COMPLETED'
  | 3
  | 'PRUNED'
  | 4
  | 'FAILED'
  | 5
  | 'CANCELLED'
  | 6

export type TrialState__Output = typeof TrialState[keyof typeof TrialState]
