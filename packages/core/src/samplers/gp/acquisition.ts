/**
 * Log expected improvement and its maximization.
 *
 * log EI (Ament et al., 2023) is used instead of EI because EI underflows to exactly zero
 * over most of the space once the model is confident, leaving a local optimizer with a flat
 * surface; log EI stays informative and its gradient finite.
 *
 * The maximizer is multi-start: a pool of uniform points and of perturbations of the best
 * observed points is scored, the best few are polished by bounded L-BFGS over the numeric
 * coordinates (discrete ones relaxed to the continuum, then snapped to their values), and
 * all finalists are returned best first so that the caller can skip taken points.
 */
import type { ParamCodec } from '../../codec.js';
import { minimizeLbfgs } from '../../math/lbfgs.js';
import { logH, logNormCdf } from '../../math/normal.js';
import type { Rng } from '../../rng.js';
import type { GpPosterior } from './model.js';

/** A modelled parameter: numeric (unit coordinate) or categorical (choice index). */
export interface AcquisitionDim {
  codec: ParamCodec;
}

export interface AcquisitionOptions {
  dims: readonly AcquisitionDim[];
  /** Best (smallest) standardized observed target. */
  best: number;
  /** Model points to perturb for local candidates, best first. */
  incumbents: readonly Float64Array[];
  rng: Rng;
}

export interface ScoredPoint {
  point: Float64Array;
  value: number;
}

/** Evaluation budget per suggestion, in kernel rows (about n operations each). */
const POOL_BUDGET = 3e6;
const MIN_POOL = 128;
const MAX_POOL = 2048;
const LOCAL_SHARE = 0.5;
/** Local searches per suggestion; fewer past 100 points, where each step costs O(n^2). */
const STARTS = 5;
const STARTS_LARGE = 3;
const LARGE_N = 100;
const POLISH_ITERATIONS = 30;

/** log EI at a point for minimization below `best`; fills `grad` (numeric coordinates) if given. */
export function logExpectedImprovement(
  posterior: GpPosterior,
  point: ArrayLike<number>,
  best: number,
  grad?: Float64Array,
): number {
  const d = posterior.data.d;
  const gMean = grad === undefined ? undefined : new Float64Array(d);
  const gVar = grad === undefined ? undefined : new Float64Array(d);
  const { mean, variance } = posterior.predict(point, gMean, gVar);
  const sigma = Math.sqrt(variance);
  const z = (best - mean) / sigma;
  const value = Math.log(sigma) + logH(z);

  if (grad !== undefined) {
    // d log EI = d log sigma + (Phi(z) / h(z)) dz, with dz = -dmu/sigma - z dsigma/sigma.
    const ratio = Math.exp(logNormCdf(z) - logH(z));
    for (let k = 0; k < d; k++) {
      const dSigma = gVar![k]! / (2 * sigma);
      const dz = -gMean![k]! / sigma - (z * dSigma) / sigma;
      grad[k] = dSigma / sigma + ratio * dz;
    }
  }
  return value;
}

/** Moves each discrete numeric coordinate to the centre of its value's cell. */
export function snap(point: Float64Array, dims: readonly AcquisitionDim[]): Float64Array {
  dims.forEach(({ codec }, k) => {
    if (codec.categorical || !Number.isFinite(codec.size)) return;
    point[k] = codec.toUnit(codec.fromUnit(point[k]!));
  });
  return point;
}

function randomPoint(dims: readonly AcquisitionDim[], rng: Rng): Float64Array {
  return Float64Array.from(dims, ({ codec }) =>
    codec.categorical ? rng.int(codec.size) : rng.float(),
  );
}

function perturb(
  center: Float64Array,
  dims: readonly AcquisitionDim[],
  rng: Rng,
  lengthscales: Float64Array,
): Float64Array {
  // Scales from a hundredth to a third of a lengthscale, log-uniformly: coarse moves keep
  // exploring the basin, fine ones refine the incumbent to many digits.
  const scale = 10 ** (-2 + 1.5 * rng.float());
  return Float64Array.from(dims, ({ codec }, k) => {
    if (codec.categorical) return rng.float() < 0.2 ? rng.int(codec.size) : center[k]!;
    const moved = center[k]! + rng.normal() * scale * Math.exp(lengthscales[k]!);
    return Math.min(1, Math.max(0, moved));
  });
}

/** Candidate model points, best log EI first. */
export function maximizeAcquisition(
  posterior: GpPosterior,
  options: AcquisitionOptions,
): ScoredPoint[] {
  const { dims, best, incumbents, rng } = options;
  const n = posterior.data.n;
  const d = posterior.data.d;
  const poolSize = Math.round(
    Math.min(MAX_POOL, Math.max(MIN_POOL, POOL_BUDGET / (n * (n / 2 + d + 10)))),
  );

  const pool: ScoredPoint[] = [];
  const localCount = incumbents.length > 0 ? Math.round(poolSize * LOCAL_SHARE) : 0;
  for (let i = 0; i < poolSize; i++) {
    const point =
      i < localCount
        ? perturb(incumbents[i % incumbents.length]!, dims, rng, posterior.hyper.logLengthscales)
        : randomPoint(dims, rng);
    snap(point, dims);
    pool.push({ point, value: logExpectedImprovement(posterior, point, best) });
  }
  pool.sort((a, b) => b.value - a.value);

  const numeric = dims.map(({ codec }) => !codec.categorical);
  const finalists: ScoredPoint[] = [];
  for (const start of pool.slice(0, n > LARGE_N ? STARTS_LARGE : STARTS)) {
    const polished = polish(posterior, start.point, numeric, best);
    snap(polished, dims);
    finalists.push({ point: polished, value: logExpectedImprovement(posterior, polished, best) });
  }
  return [...finalists, ...pool].sort((a, b) => b.value - a.value);
}

/** Bounded L-BFGS on the numeric coordinates, categorical ones held fixed. */
function polish(
  posterior: GpPosterior,
  start: Float64Array,
  numeric: boolean[],
  best: number,
): Float64Array {
  const index = numeric.flatMap((isNumeric, k) => (isNumeric ? [k] : []));
  if (index.length === 0) return Float64Array.from(start);
  const point = Float64Array.from(start);
  const grad = new Float64Array(start.length);

  const result = minimizeLbfgs(
    (z, g) => {
      index.forEach((k, i) => (point[k] = z[i]!));
      const value = logExpectedImprovement(posterior, point, best, grad);
      index.forEach((k, i) => (g[i] = -grad[k]!));
      return Number.isFinite(value) ? -value : Infinity;
    },
    index.map((k) => start[k]!),
    { maxIterations: POLISH_ITERATIONS, lower: 0, upper: 1, relativeTolerance: 1e-10 },
  );
  index.forEach((k, i) => (point[k] = result.x[i]!));
  return point;
}
