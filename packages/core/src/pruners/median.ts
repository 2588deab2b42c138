/**
 * Median stopping: prune a trial whose best value so far is worse than the median of what
 * completed trials had reached at the same step. The trial is spared during warm-up steps,
 * until enough trials have completed, and between decision intervals.
 */
import { isBetter } from '../direction.js';
import type { Pruner, PrunerContext } from '../pruner-types.js';
import { bestIntermediate, intermediatesOf, median, valueReachedAt } from './intermediates.js';

export interface MedianPrunerConfig {
  name: 'median';
  /** Completed trials needed before any trial is pruned. */
  nStartupTrials: number;
  /** Steps before this one are never pruned. */
  nWarmupSteps: number;
  /** Decide only every this many steps after the warm-up. */
  intervalSteps: number;
  /** Completed trials that must have reached the step for a comparison to count. */
  nMinTrials: number;
}

export const MEDIAN_DEFAULTS: Omit<MedianPrunerConfig, 'name'> = {
  nStartupTrials: 5,
  nWarmupSteps: 0,
  intervalSteps: 1,
  nMinTrials: 1,
};

export class MedianPruner implements Pruner {
  readonly name = 'median';

  constructor(readonly config: MedianPrunerConfig) {}

  shouldPrune(ctx: PrunerContext): boolean {
    const { nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials } = this.config;
    const latest = intermediatesOf(ctx.trial).at(-1);
    if (latest === undefined || latest.step < nWarmupSteps) return false;
    if ((latest.step - nWarmupSteps) % intervalSteps !== 0) return false;

    const completed = ctx.history.filter((t) => t.state === 'COMPLETED');
    if (completed.length < nStartupTrials) return false;

    const reached: number[] = [];
    for (const other of completed) {
      const value = valueReachedAt(other, latest.step);
      if (value !== undefined && Number.isFinite(value)) reached.push(value);
    }
    if (reached.length === 0 || reached.length < nMinTrials) return false;

    const best = bestIntermediate(ctx.trial, ctx.direction);
    if (best === undefined) return false;
    return isBetter(ctx.direction, median(reached), best);
  }
}
