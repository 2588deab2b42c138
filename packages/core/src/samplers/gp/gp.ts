/**
 * Gaussian-process Bayesian optimization.
 *
 * Each suggestion fits a GP (Matern 5/2, ARD, hyperparameters by marginal likelihood) to the
 * completed trials, standardized so that smaller is better, and returns the point of
 * largest log expected improvement. Trials in flight are fantasized at the posterior mean
 * (the "kriging believer"): the mean is unchanged but the variance around them collapses,
 * so their neighbourhood loses its improvement and a batch spreads out. Until
 * `nStartupTrials` trials have completed, points come from the scrambled Sobol sequence.
 */
import { paramsFromUnit, paramsKey, spaceCodecs, type ParamCodec } from '../../codec.js';
import { Rng } from '../../rng.js';
import type { Sampler, SamplerContext } from '../../sampler-types.js';
import type { Params } from '../../space.js';
import { firstDistinct, knownKeys } from '../distinct.js';
import { viewHistory, type Observation } from '../observations.js';
import { uniformParams } from '../random.js';
import { sobolParams } from '../sobol.js';
import { maximizeAcquisition } from './acquisition.js';
import { fitHyperparameters, GpPosterior, type GpData, type GpHyperparameters } from './model.js';

export interface GpSamplerConfig {
  name: 'gp';
  /** Completed trials before the model is used; earlier trials are quasi-random. */
  nStartupTrials: number;
  /** Fantasize trials in flight so that parallel suggestions stay apart. */
  fantasize: boolean;
}

export const GP_DEFAULTS: Omit<GpSamplerConfig, 'name'> = { nStartupTrials: 10, fantasize: true };

/** Parameters the GP can model at a reasonable cost and quality. */
export const GP_MAX_DIMENSIONS = 32;

const STREAM_ACQUISITION = 51;
const STREAM_RETRY = 52;
const STREAM_FALLBACK = 53;
const INCUMBENTS = 5;
const FIT_CACHE_SIZE = 8;
/** Largest data set the hyperparameters are fitted to (the posterior uses all points). */
const MAX_FIT_POINTS = 100;

interface ModelDim {
  index: number;
  codec: ParamCodec;
}

/** Model coordinate of a unit coordinate: itself, or the choice index for a categorical. */
function toModel(codec: ParamCodec, u: number): number {
  return codec.categorical ? Math.min(codec.size - 1, Math.floor(u * codec.size)) : u;
}

function fromModel(codec: ParamCodec, m: number): number {
  return codec.categorical ? (m + 0.5) / codec.size : m;
}

/** A 2 x 32-bit FNV-1a digest of the data, to key the hyperparameter memo. */
function digest(data: GpData): string {
  const words = new Uint32Array(new Float64Array([...data.x, ...data.y]).buffer);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ data.n;
  for (let i = 0; i < words.length; i++) {
    h1 = Math.imul(h1 ^ words[i]!, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ words[i]!, 0x5bd1e995) >>> 0;
    h2 ^= h2 >>> 15;
  }
  return `${data.n}x${data.d}:${h1.toString(16)}:${h2.toString(16)}`;
}

export class GpSampler implements Sampler {
  readonly name = 'gp';
  // A fit depends on the data alone, so reusing one for identical data changes no result.
  readonly #fits = new Map<string, GpHyperparameters>();

  constructor(readonly config: GpSamplerConfig) {}

  suggest(ctx: SamplerContext): Params {
    const { space } = ctx;
    const known = knownKeys(space, ctx.history);
    const fallback = Rng.derive(ctx.seed, ctx.trialNumber, STREAM_FALLBACK);
    const retry = (attempt: number) =>
      uniformParams(space, Rng.derive(ctx.seed, ctx.trialNumber, STREAM_RETRY, attempt));

    const view = viewHistory(space, ctx.direction, ctx.history);
    const codecs = spaceCodecs(space);
    const dims: ModelDim[] = [];
    codecs.forEach((codec, index) => {
      if (codec.size > 1) dims.push({ index, codec });
    });
    if (view.completed.length < Math.max(this.config.nStartupTrials, 2) || dims.length === 0) {
      return firstDistinct(space, known, fallback, (attempt) =>
        attempt === 0 ? sobolParams(space, ctx.seed, ctx.trialNumber) : retry(attempt),
      );
    }

    const categorical = Uint8Array.from(dims, ({ codec }) => (codec.categorical ? 1 : 0));
    const encode = (observations: readonly Observation[]): GpData => {
      const d = dims.length;
      const n = observations.length;
      const x = new Float64Array(n * d);
      observations.forEach((obs, i) => {
        dims.forEach(({ index, codec }, k) => (x[i * d + k] = toModel(codec, obs.unit[index]!)));
      });
      const y = standardize(Float64Array.from(observations, (obs) => obs.loss));
      return { x, y, n, d, categorical };
    };
    // TODO(pruned trials are not modelled: their last intermediate value is not comparable
    // with final values; TPE ranks them below completed trials, the GP only avoids them).
    const data = encode(view.completed);
    const { n, d, x, y } = data;
    const hyper = this.#fit(encode(fitSubset(view.completed)));

    let posterior = new GpPosterior(data, hyper);
    const pending = this.config.fantasize ? view.pending : [];
    if (pending.length > 0)
      posterior = withFantasies(
        posterior,
        pending.map((p) =>
          Float64Array.from(dims, ({ index, codec }) => toModel(codec, p.unit[index]!)),
        ),
      );

    let best = Infinity;
    for (let i = 0; i < n; i++) best = Math.min(best, y[i]!);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => y[a]! - y[b]!);
    const incumbents = order.slice(0, INCUMBENTS).map((i) => x.slice(i * d, (i + 1) * d));

    const ranked = maximizeAcquisition(posterior, {
      dims,
      best,
      incumbents,
      rng: Rng.derive(ctx.seed, ctx.trialNumber, STREAM_ACQUISITION),
    });
    const template = Float64Array.from(codecs, () => 0.5);
    for (const { point } of ranked) {
      const unit = Float64Array.from(template);
      dims.forEach(({ index, codec }, k) => (unit[index] = fromModel(codec, point[k]!)));
      const params = paramsFromUnit(space, unit);
      if (!known.has(paramsKey(space, params))) return params;
    }
    return firstDistinct(space, known, fallback, retry);
  }

  #fit(data: GpData): GpHyperparameters {
    const key = digest(data);
    const cached = this.#fits.get(key);
    if (cached !== undefined) return cached;
    const hyper = fitHyperparameters(data);
    if (this.#fits.size >= FIT_CACHE_SIZE) this.#fits.delete(this.#fits.keys().next().value!);
    this.#fits.set(key, hyper);
    return hyper;
  }
}

/**
 * The completed trials the hyperparameters are fitted to. Refitting on every trial costs
 * O(n^3) per likelihood evaluation, so past 20 trials the fit uses the trials completed
 * up to the last checkpoint (every 2, 5, then 10 trials) and at most MAX_FIT_POINTS of
 * them (the best and the most recent halves). The choice depends on the history alone, so
 * results stay deterministic; the memo then serves the fits between checkpoints.
 */
function fitSubset(completed: readonly Observation[]): Observation[] {
  const byNumber = [...completed].sort((a, b) => a.number - b.number);
  const n = byNumber.length;
  const step = n < 20 ? 1 : n < 50 ? 2 : n < 100 ? 5 : 10;
  const subset = byNumber.slice(0, n - (n % step));
  if (subset.length <= MAX_FIT_POINTS) return subset;

  const half = MAX_FIT_POINTS / 2;
  const best = [...subset].sort((a, b) => a.loss - b.loss || a.number - b.number).slice(0, half);
  const chosen = new Set(best);
  for (let i = subset.length - 1; i >= 0 && chosen.size < MAX_FIT_POINTS; i--)
    chosen.add(subset[i]!);
  return [...chosen].sort((a, b) => a.number - b.number);
}

/** Zero mean, unit variance; a constant target becomes all zeros. */
function standardize(values: Float64Array): Float64Array {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  const sd = Math.sqrt(variance / Math.max(1, n - 1));
  return values.map((v) => (sd > 0 ? (v - mean) / sd : 0));
}

/** The posterior with in-flight points added as observations at their predicted mean. */
function withFantasies(posterior: GpPosterior, points: Float64Array[]): GpPosterior {
  const { data } = posterior;
  const m = points.length;
  const x = new Float64Array((data.n + m) * data.d);
  x.set(data.x);
  const y = new Float64Array(data.n + m);
  y.set(data.y);
  points.forEach((p, i) => {
    x.set(p, (data.n + i) * data.d);
    y[data.n + i] = posterior.predict(p).mean;
  });
  return new GpPosterior({ ...data, x, y, n: data.n + m }, posterior.hyper);
}
