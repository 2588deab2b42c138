/**
 * Asynchronous successive halving (ASHA) and Hyperband brackets over it.
 *
 * Rungs sit at steps `minResource * reductionFactor^(minEarlyStoppingRate + k)`, k = 0, 1, ...
 * (below `maxResource` when one is set). A trial is judged only at the report that carries it
 * to a rung, never in between: there it is compared with every trial of its bracket that has
 * reached the same rung, each at the value it had on arrival (its first report at or after
 * the rung step). It goes on when it ranks in the top `1 / reductionFactor` of them (at least
 * the single best), and is pruned otherwise. While the rung holds fewer than
 * `minTrialsPerRung` trials, the comparison means little and every arrival goes on: that
 * protects the first trials to reach a rung and a trial alone at its rung.
 *
 * Hyperband runs several ASHA brackets with increasing early-stopping rates, so that a rule
 * that would stop slow starters too early is hedged by brackets that wait longer. A trial's
 * bracket is a hash of its number, weighted by the classic Hyperband allocation.
 */
import { isBetter } from '../direction.js';
import type { Pruner, PrunerContext } from '../pruner-types.js';
import { Rng } from '../rng.js';
import type { TrialRecord } from '../trial.js';
import { firstAtOrAfter, intermediatesOf } from './intermediates.js';

export interface AshaPrunerConfig {
  name: 'asha';
  /** Step of the first rung. */
  minResource: number;
  /** Keep the top 1/reductionFactor at each rung; rungs are this factor apart. */
  reductionFactor: number;
  /** Skip this many rungs at the bottom (Hyperband's bracket index). */
  minEarlyStoppingRate: number;
  /** Trials a rung must hold before anyone at it is pruned; defaults to reductionFactor. */
  minTrialsPerRung: number;
  /** When set, no rung at or beyond this step: trials that get there run to the end. */
  maxResource?: number;
}

export interface HyperbandPrunerConfig {
  name: 'hyperband';
  minResource: number;
  maxResource: number;
  reductionFactor: number;
  minTrialsPerRung: number;
}

const STREAM_BRACKET = 31;

/** Rung steps crossed by the latest report: previous step < rung <= latest step. */
function crossedRungs(trial: TrialRecord, rungs: (upTo: number) => number[]): number[] {
  const values = intermediatesOf(trial);
  const latest = values.at(-1);
  if (latest === undefined) return [];
  const previous = values.length > 1 ? values[values.length - 2]!.step : -Infinity;
  return rungs(latest.step).filter((r) => r > previous);
}

/** The rung steps r * eta^(s + k) up to and including `upTo`, and below maxResource. */
export function rungSteps(config: Omit<AshaPrunerConfig, 'name'>, upTo: number): number[] {
  const { minResource, reductionFactor, minEarlyStoppingRate, maxResource } = config;
  const limit = Math.min(upTo, maxResource === undefined ? Infinity : maxResource - 1);
  const steps: number[] = [];
  for (
    let r = minResource * reductionFactor ** minEarlyStoppingRate;
    r <= limit;
    r *= reductionFactor
  ) {
    steps.push(r);
  }
  return steps;
}

/** True when the trial, arriving at `rung` with `value`, must stop. */
function losesAtRung(
  ctx: PrunerContext,
  rung: number,
  value: number,
  competitors: readonly TrialRecord[],
  config: { reductionFactor: number; minTrialsPerRung: number },
): boolean {
  let count = 1;
  let better = 0;
  for (const other of competitors) {
    const arrival = firstAtOrAfter(other, rung);
    if (arrival === undefined || !Number.isFinite(arrival.value)) continue;
    count += 1;
    if (isBetter(ctx.direction, arrival.value, value)) better += 1;
  }
  if (count < config.minTrialsPerRung) return false;
  const kept = Math.max(1, Math.floor(count / config.reductionFactor));
  return better >= kept;
}

function decide(
  ctx: PrunerContext,
  config: Omit<AshaPrunerConfig, 'name'>,
  competitors: readonly TrialRecord[],
): boolean {
  const latest = intermediatesOf(ctx.trial).at(-1);
  if (latest === undefined || !Number.isFinite(latest.value)) return false;
  const rungs = crossedRungs(ctx.trial, (upTo) => rungSteps(config, upTo));
  return rungs.some((rung) => losesAtRung(ctx, rung, latest.value, competitors, config));
}

export class AshaPruner implements Pruner {
  readonly name = 'asha';

  constructor(readonly config: AshaPrunerConfig) {}

  shouldPrune(ctx: PrunerContext): boolean {
    return decide(ctx, this.config, ctx.history);
  }
}

/** Number of brackets: one per rung a trial could skip, floor(log_eta(max/min)) + 1. */
export function bracketCount(config: Omit<HyperbandPrunerConfig, 'name'>): number {
  const ratio = config.maxResource / config.minResource;
  // A small epsilon keeps 81/1 with eta 3 at exactly 5 brackets despite float logs.
  return Math.floor(Math.log(ratio) / Math.log(config.reductionFactor) + 1e-9) + 1;
}

export class HyperbandPruner implements Pruner {
  readonly name = 'hyperband';
  readonly #weights: number[];

  constructor(readonly config: HyperbandPrunerConfig) {
    const n = bracketCount(config);
    // Li et al.'s allocation: bracket b (b rungs skipped) gets ceil(n/(n-b) * eta^(n-1-b)).
    this.#weights = Array.from({ length: n }, (_, b) =>
      Math.ceil((n / (n - b)) * config.reductionFactor ** (n - 1 - b)),
    );
  }

  /** The bracket (its minimum early-stopping rate) of a trial, fixed by its number. */
  bracketOf(trialNumber: number): number {
    return Rng.derive(trialNumber, STREAM_BRACKET).weighted(this.#weights);
  }

  shouldPrune(ctx: PrunerContext): boolean {
    const bracket = this.bracketOf(ctx.trial.number);
    const competitors = ctx.history.filter((t) => this.bracketOf(t.number) === bracket);
    return decide(ctx, { ...this.config, minEarlyStoppingRate: bracket }, competitors);
  }
}
