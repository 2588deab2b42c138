/**
 * Tree-structured Parzen Estimator (Bergstra et al., 2011), univariate or multivariate.
 *
 * Each suggestion ranks the finished trials, splits them into the best `gamma(n)` ("below")
 * and the rest ("above"), fits a Parzen estimator l(x) to the first and g(x) to the second,
 * draws candidates from l and returns the one with the largest l(x)/g(x).
 *
 * Trials in flight join "above" as if they had the worst result (the constant liar), so a
 * batch asked before any result comes back is spread out instead of piling onto one spot.
 * Until `nStartupTrials` trials have finished, points come from the scrambled Sobol sequence.
 */
import { paramsFromUnit, paramsKey, spaceCodecs } from '../../codec.js';
import { Rng } from '../../rng.js';
import type { Sampler, SamplerContext } from '../../sampler-types.js';
import type { Params } from '../../space.js';
import { firstDistinct, knownKeys } from '../distinct.js';
import { rankObservations, viewHistory, type Observation } from '../observations.js';
import { uniformParams } from '../random.js';
import { sobolParams } from '../sobol.js';
import { ParzenEstimator, type ModelDim } from './parzen.js';

export interface TpeSamplerConfig {
  name: 'tpe';
  /** Model parameters jointly (true) or independently (false). */
  multivariate: boolean;
  /** Finished trials before the model is used; earlier trials are quasi-random. */
  nStartupTrials: number;
  /** Candidates drawn from l(x) per suggestion; more is greedier. */
  nEiCandidates: number;
  /** Count trials in flight as bad results, keeping parallel suggestions apart. */
  constantLiar: boolean;
  /** Weight of the prior kernel, relative to one observation. */
  priorWeight: number;
}

export const TPE_DEFAULTS: Omit<TpeSamplerConfig, 'name'> = {
  multivariate: true,
  nStartupTrials: 10,
  nEiCandidates: 24,
  constantLiar: true,
  priorWeight: 1,
};

/** Most observations in the "below" group, and the share of trials it takes below that. */
const MAX_BELOW = 25;
const BELOW_FRACTION = 0.1;
/** The newest trials of "above" keep full weight; older ones fade linearly (Optuna does too). */
const FULL_WEIGHT_RECENT = 25;

const STREAM_CANDIDATES = 41;
const STREAM_RETRY = 42;
const STREAM_FALLBACK = 43;

export function belowCount(n: number): number {
  return Math.min(Math.ceil(BELOW_FRACTION * n), MAX_BELOW);
}

/** Weights by age: the oldest fade from 1/n towards 1, the newest FULL_WEIGHT_RECENT get 1. */
function recencyWeights(numbers: readonly number[]): number[] {
  const n = numbers.length;
  if (n <= FULL_WEIGHT_RECENT) return numbers.map(() => 1);
  const byAge = numbers.map((number, i) => ({ number, i })).sort((a, b) => a.number - b.number);
  const weights = new Array<number>(n);
  const ramp = n - FULL_WEIGHT_RECENT;
  byAge.forEach(({ i }, rank) => {
    weights[i] = rank < ramp ? 1 / n + ((1 - 1 / n) * rank) / Math.max(1, ramp - 1) : 1;
  });
  return weights;
}

export class TpeSampler implements Sampler {
  readonly name = 'tpe';

  constructor(readonly config: TpeSamplerConfig) {}

  suggest(ctx: SamplerContext): Params {
    const { space } = ctx;
    const known = knownKeys(space, ctx.history);
    const fallback = Rng.derive(ctx.seed, ctx.trialNumber, STREAM_FALLBACK);
    const retry = (attempt: number) =>
      uniformParams(space, Rng.derive(ctx.seed, ctx.trialNumber, STREAM_RETRY, attempt));

    const view = viewHistory(space, ctx.direction, ctx.history);
    const ranked = rankObservations(view);
    if (ranked.length < this.config.nStartupTrials) {
      return firstDistinct(space, known, fallback, (attempt) =>
        attempt === 0 ? sobolParams(space, ctx.seed, ctx.trialNumber) : retry(attempt),
      );
    }

    const codecs = spaceCodecs(space);
    const dims: ModelDim[] = [];
    codecs.forEach((codec, index) => {
      if (codec.size > 1) dims.push({ index, codec });
    });
    const template = Float64Array.from(codecs, () => 0.5);

    const nBelow = belowCount(ranked.length);
    const below = ranked.slice(0, nBelow);
    const above: Array<Pick<Observation, 'number' | 'unit'>> = ranked.slice(nBelow);
    if (this.config.constantLiar) above.push(...view.pending);

    const options = {
      multivariate: this.config.multivariate,
      priorWeight: this.config.priorWeight,
    };
    const l = new ParzenEstimator(
      dims,
      below.map((o) => o.unit),
      recencyWeights(below.map((o) => o.number)),
      options,
    );
    const g = new ParzenEstimator(
      dims,
      above.map((o) => o.unit),
      recencyWeights(above.map((o) => o.number)),
      options,
    );

    const rng = Rng.derive(ctx.seed, ctx.trialNumber, STREAM_CANDIDATES);
    const candidates = l.sample(rng, this.config.nEiCandidates, template);
    if (!this.config.multivariate) {
      const pick = paramsFromUnit(space, pickPerDimension(candidates, dims, l, g));
      if (!known.has(paramsKey(space, pick))) return pick;
    }
    for (const unit of rankJointly(candidates, l, g)) {
      const params = paramsFromUnit(space, unit);
      if (!known.has(paramsKey(space, params))) return params;
    }
    return firstDistinct(space, known, fallback, retry);
  }
}

/** Candidates by decreasing l(x)/g(x) of the whole point. */
function rankJointly(
  candidates: Float64Array[],
  l: ParzenEstimator,
  g: ParzenEstimator,
): Float64Array[] {
  const logL = l.logDensity(candidates);
  const logG = g.logDensity(candidates);
  const order = candidates.map((_, i) => i);
  order.sort((a, b) => logG[a]! - logL[a]! - (logG[b]! - logL[b]!) || a - b);
  return order.map((i) => candidates[i]!);
}

/**
 * Univariate TPE: each coordinate is the candidate value with the best ratio of its own
 * marginals, so the choice is independent per parameter (the original formulation).
 */
function pickPerDimension(
  candidates: Float64Array[],
  dims: readonly ModelDim[],
  l: ParzenEstimator,
  g: ParzenEstimator,
): Float64Array {
  const point = Float64Array.from(candidates[0]!);
  dims.forEach((dim, j) => {
    const logL = l.marginalLogDensity(j, candidates);
    const logG = g.marginalLogDensity(j, candidates);
    let best = 0;
    for (let c = 1; c < candidates.length; c++) {
      if (logL[c]! - logG[c]! > logL[best]! - logG[best]!) best = c;
    }
    point[dim.index] = candidates[best]![dim.index]!;
  });
  return point;
}
