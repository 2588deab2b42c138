/**
 * The pruner contract. `shouldPrune` is asked after each intermediate report and must be a
 * pure function of its context (the trial with its reports and every other trial of the
 * study), so the decision survives a coordinator restart unchanged. A pruner keeps no state.
 */
import type { Direction } from './direction.js';
import type { TrialRecord } from './trial.js';

export interface PrunerContext {
  direction: Direction;
  /** The trial being decided, with its intermediate values, latest last. */
  trial: TrialRecord;
  /** All other trials of the study, with their intermediate values. */
  history: readonly TrialRecord[];
}

export interface Pruner {
  readonly name: string;
  shouldPrune(ctx: PrunerContext): boolean;
}
