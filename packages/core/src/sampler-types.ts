/**
 * The sampler contract.
 *
 * Lifecycle: a sampler is created once per (config, space) and then asked for one trial at a
 * time. `suggest` must be a pure function of its context: the same space, seed, trial number
 * and history give the same params, whatever was asked before and in whichever process. A
 * sampler may memoize expensive work internally only when the memo cannot change a result.
 * So a coordinator that restarts and rebuilds the history from its database suggests exactly
 * what it would have suggested, and never a point that some trial already holds.
 */
import type { Direction } from './direction.js';
import type { Params, SearchSpace } from './space.js';
import type { TrialRecord } from './trial.js';

export interface SamplerContext {
  space: SearchSpace;
  direction: Direction;
  seed: number;
  /** Number of the trial being suggested; the count of trials created before it. */
  trialNumber: number;
  /** Every trial of the study so far, in any state, including ones in flight. */
  history: readonly TrialRecord[];
}

export interface Sampler {
  readonly name: string;
  suggest(ctx: SamplerContext): Params;
}
