/** Trial records as samplers, pruners and the study see them. */
import type { Params } from './space.js';

export type TrialState = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'PRUNED' | 'FAILED' | 'CANCELLED';

export const TRIAL_STATES: readonly TrialState[] = [
  'QUEUED',
  'RUNNING',
  'COMPLETED',
  'PRUNED',
  'FAILED',
  'CANCELLED',
];

export interface IntermediateValue {
  step: number;
  value: number;
}

export interface TrialRecord {
  number: number;
  params: Params;
  state: TrialState;
  /** The objective for COMPLETED; the last reported value for PRUNED; absent otherwise. */
  value?: number | null;
  /** Reported intermediate values in increasing step order, latest last. */
  intermediates?: readonly IntermediateValue[];
}

/** QUEUED and RUNNING trials: suggested but without a result yet. */
export function isInFlight(trial: TrialRecord): boolean {
  return trial.state === 'QUEUED' || trial.state === 'RUNNING';
}

export function isTerminal(state: TrialState): boolean {
  return state !== 'QUEUED' && state !== 'RUNNING';
}

/** The trial's objective when it completed with a finite value, else undefined. */
export function completedValue(trial: TrialRecord): number | undefined {
  const v = trial.value;
  return trial.state === 'COMPLETED' && typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
