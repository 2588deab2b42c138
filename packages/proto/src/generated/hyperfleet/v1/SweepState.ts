// Original file: ../../proto/hyperfleet/v1/sweep.proto

export const SweepState = {
  SWEEP_STATE_UNSPECIFIED: 'SWEEP_STATE_UNSPECIFIED',
  SWEEP_RUNNING: 'SWEEP_RUNNING',
  SWEEP_COMPLETED: 'SWEEP_COMPLETED',
  SWEEP_FAILED: 'SWEEP_FAILED',
  SWEEP_CANCELLED: 'SWEEP_CANCELLED',
} as const;

export type SweepState =
  | 'SWEEP_STATE_UNSPECIFIED'
  | 0
  | 'SWEEP_RUNNING'
  | 1
  | 'SWEEP_COMPLETED'
  | 2
  | 'SWEEP_FAILED'
  | 3
  | 'SWEEP_CANCELLED'
  | 4

export type SweepState__Output = typeof SweepState[keyof typeof SweepState]
