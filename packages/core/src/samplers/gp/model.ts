/**
 * A Gaussian-process regression model over the unit coordinates of the modelled parameters.
 *
 * Kernel: Matern 5/2 with one lengthscale per parameter (ARD), a signal variance and a noise
 * variance. A categorical parameter enters the distance as 0 (same choice) or 1 (different)
 * divided by its lengthscale squared, which is the one-hot encoding with a shared scale.
 * Numeric parameters, discrete ones included, enter by their unit coordinate (relaxation).
 *
 * Hyperparameters maximize the log marginal likelihood plus weak log-normal priors (a MAP
 * estimate: the priors only keep a fit of few points from degenerating), by L-BFGS over
 * bounded log parameters, from fixed starting points. No randomness: same data, same fit.
 */
import { minimizeLbfgs } from '../../math/lbfgs.js';
import {
  cholesky,
  choleskyInverse,
  choleskySolve,
  solveLower,
  solveUpperTransposed,
} from '../../math/linalg.js';

export interface GpData {
  /** Row-major n x d inputs: unit coordinates, or the choice index for a categorical column. */
  x: Float64Array;
  /** Targets, already standardized. */
  y: Float64Array;
  n: number;
  d: number;
  /** 1 for a categorical column. */
  categorical: Uint8Array;
}

export interface GpHyperparameters {
  logLengthscales: Float64Array;
  logSignal: number;
  logNoise: number;
}

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

/** Bounds of the log hyperparameters; the optimizer moves inside them through a sigmoid. */
const LOG_LENGTH_BOUNDS: [number, number] = [Math.log(0.005), Math.log(20)];
const LOG_SIGNAL_BOUNDS: [number, number] = [Math.log(0.05), Math.log(20)];
const LOG_NOISE_BOUNDS: [number, number] = [Math.log(1e-6), Math.log(1)];

/** Prior on log lengthscales: centred on 0.3 * sqrt(d / 2), wider spaces smoother. */
const LENGTH_PRIOR_SD = 1.5;
const SIGNAL_PRIOR_SD = 1.5;
const NOISE_PRIOR_MEAN = Math.log(1e-4);
const NOISE_PRIOR_SD = 3;
const FIT_ITERATIONS = 60;
const SECOND_START_LIMIT = 50;

function lengthPriorMean(d: number): number {
  return Math.log(0.3 * Math.sqrt(Math.max(d, 1) / 2));
}

/** Squared scaled distance between row i of a and point b. */
function scaledDistance2(
  a: Float64Array,
  i: number,
  b: ArrayLike<number>,
  bOffset: number,
  d: number,
  invL2: Float64Array,
  categorical: Uint8Array,
): number {
  let r2 = 0;
  const row = i * d;
  for (let k = 0; k < d; k++) {
    const diff = a[row + k]! - b[bOffset + k]!;
    if (categorical[k]) {
      if (diff !== 0) r2 += invL2[k]!;
    } else {
      r2 += diff * diff * invL2[k]!;
    }
  }
  return r2;
}

function matern52(r2: number): { k: number; dkFactor: number } {
  const r = Math.sqrt(r2);
  const e = Math.exp(-SQRT5 * r);
  // k = (1 + sqrt5 r + 5/3 r^2) e^{-sqrt5 r}; dk/d(r^2) = -(5/6)(1 + sqrt5 r) e^{-sqrt5 r}.
  return { k: (1 + SQRT5 * r + (5 / 3) * r2) * e, dkFactor: (5 / 6) * (1 + SQRT5 * r) * e };
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function toBounded(z: number, [lo, hi]: [number, number]): number {
  return lo + (hi - lo) * sigmoid(z);
}

function toFree(theta: number, [lo, hi]: [number, number]): number {
  const p = Math.min(1 - 1e-9, Math.max(1e-9, (theta - lo) / (hi - lo)));
  return logit(p);
}

/** Negative log marginal likelihood minus log prior, and its gradient, over free parameters (exported for tests). */
export function negativeLogPosterior(data: GpData, z: Float64Array, grad: Float64Array): number {
  const { n, d, x, y, categorical } = data;
  const logL = new Float64Array(d);
  const invL2 = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    logL[k] = toBounded(z[k]!, LOG_LENGTH_BOUNDS);
    invL2[k] = Math.exp(-2 * logL[k]!);
  }
  const logSignal = toBounded(z[d]!, LOG_SIGNAL_BOUNDS);
  const logNoise = toBounded(z[d + 1]!, LOG_NOISE_BOUNDS);
  const signal = Math.exp(logSignal);
  const noise = Math.exp(logNoise);

  const kMat = new Float64Array(n * n);
  const dFactor = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    kMat[i * n + i] = signal + noise;
    for (let j = 0; j < i; j++) {
      const { k, dkFactor } = matern52(scaledDistance2(x, i, x, j * d, d, invL2, categorical));
      kMat[i * n + j] = kMat[j * n + i] = signal * k;
      dFactor[i * n + j] = signal * dkFactor;
    }
  }

  let l: Float64Array;
  try {
    l = cholesky(kMat, n).l;
  } catch {
    grad.fill(0);
    return Infinity;
  }
  const alpha = choleskySolve(l, n, y);
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += Math.log(l[i * n + i]!);
  let fit = 0;
  for (let i = 0; i < n; i++) fit += y[i]! * alpha[i]!;
  const lml = -0.5 * fit - logDet - 0.5 * n * LOG_2PI;

  // dLML/dtheta = 0.5 tr(W dK/dtheta) with W = alpha alpha^T - K^{-1}.
  const kInv = choleskyInverse(l, n);
  const gLogL = new Float64Array(d);
  let gSignal = 0;
  let gNoise = 0;
  for (let i = 0; i < n; i++) {
    const wii = alpha[i]! * alpha[i]! - kInv[i * n + i]!;
    gSignal += 0.5 * wii * signal;
    gNoise += 0.5 * wii * noise;
    const rowI = i * d;
    for (let j = 0; j < i; j++) {
      const wij = alpha[i]! * alpha[j]! - kInv[i * n + j]!;
      // Off-diagonal pairs appear twice in the trace, which cancels the 0.5.
      gSignal += wij * kMat[i * n + j]!;
      const common = wij * dFactor[i * n + j]!;
      if (common === 0) continue;
      const rowJ = j * d;
      for (let k = 0; k < d; k++) {
        const diff = x[rowI + k]! - x[rowJ + k]!;
        const sq = categorical[k] ? (diff !== 0 ? 1 : 0) : diff * diff;
        // dK/dlogL_k = -dk/d(r^2) * d(r^2)/dlogL_k = dkFactor * 2 sq / L^2.
        gLogL[k] = gLogL[k]! + common * 2 * sq * invL2[k]!;
      }
    }
  }

  // Log-normal priors on the hyperparameters, as Gaussians on their logs.
  const mu = lengthPriorMean(d);
  let logPrior = 0;
  for (let k = 0; k < d; k++) {
    const u = (logL[k]! - mu) / LENGTH_PRIOR_SD;
    logPrior -= 0.5 * u * u;
    gLogL[k] = gLogL[k]! - u / LENGTH_PRIOR_SD;
  }
  const us = logSignal / SIGNAL_PRIOR_SD;
  const un = (logNoise - NOISE_PRIOR_MEAN) / NOISE_PRIOR_SD;
  logPrior -= 0.5 * (us * us + un * un);
  gSignal -= us / SIGNAL_PRIOR_SD;
  gNoise -= un / NOISE_PRIOR_SD;

  // Chain rule through the sigmoid bounds; the result is minimized, hence the signs.
  const chain = (zv: number, [lo, hi]: [number, number]) => {
    const s = sigmoid(zv);
    return (hi - lo) * s * (1 - s);
  };
  for (let k = 0; k < d; k++) grad[k] = -gLogL[k]! * chain(z[k]!, LOG_LENGTH_BOUNDS);
  grad[d] = -gSignal * chain(z[d]!, LOG_SIGNAL_BOUNDS);
  grad[d + 1] = -gNoise * chain(z[d + 1]!, LOG_NOISE_BOUNDS);
  return -(lml + logPrior);
}

/** MAP hyperparameters for the data; deterministic. */
export function fitHyperparameters(data: GpData): GpHyperparameters {
  const d = data.d;
  const mu = lengthPriorMean(d);
  // A second, smoother start guards small data sets against a wiggly local optimum; with
  // more than SECOND_START_LIMIT points the likelihood is peaked enough to skip it.
  const starts = [{ length: mu, signal: 0, noise: Math.log(1e-3) }];
  if (data.n <= SECOND_START_LIMIT)
    starts.push({ length: mu + 1, signal: 0, noise: Math.log(1e-2) });

  let best: { z: Float64Array; value: number } | undefined;
  for (const start of starts) {
    const z0 = new Float64Array(d + 2);
    for (let k = 0; k < d; k++) z0[k] = toFree(start.length, LOG_LENGTH_BOUNDS);
    z0[d] = toFree(start.signal, LOG_SIGNAL_BOUNDS);
    z0[d + 1] = toFree(start.noise, LOG_NOISE_BOUNDS);
    const result = minimizeLbfgs((z, g) => negativeLogPosterior(data, z, g), z0, {
      maxIterations: FIT_ITERATIONS,
      relativeTolerance: 1e-7,
      gradientTolerance: 1e-5,
    });
    if (best === undefined || result.value < best.value)
      best = { z: result.x, value: result.value };
  }

  const z = best!.z;
  return {
    logLengthscales: Float64Array.from({ length: d }, (_, k) =>
      toBounded(z[k]!, LOG_LENGTH_BOUNDS),
    ),
    logSignal: toBounded(z[d]!, LOG_SIGNAL_BOUNDS),
    logNoise: toBounded(z[d + 1]!, LOG_NOISE_BOUNDS),
  };
}

export interface Prediction {
  mean: number;
  variance: number;
}

/** The posterior of a GP with fixed hyperparameters, for predictions and their gradients. */
export class GpPosterior {
  readonly data: GpData;
  readonly hyper: GpHyperparameters;
  readonly #l: Float64Array;
  readonly #alpha: Float64Array;
  readonly #invL2: Float64Array;
  readonly #signal: number;
  readonly #k: Float64Array;
  readonly #dk: Float64Array;

  constructor(data: GpData, hyper: GpHyperparameters) {
    const { n, d, x, categorical } = data;
    this.data = data;
    this.hyper = hyper;
    this.#invL2 = hyper.logLengthscales.map((v) => Math.exp(-2 * v));
    this.#signal = Math.exp(hyper.logSignal);
    const noise = Math.exp(hyper.logNoise);

    const kMat = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      kMat[i * n + i] = this.#signal + noise;
      for (let j = 0; j < i; j++) {
        const k = matern52(scaledDistance2(x, i, x, j * d, d, this.#invL2, categorical)).k;
        kMat[i * n + j] = kMat[j * n + i] = this.#signal * k;
      }
    }
    this.#l = cholesky(kMat, n).l;
    this.#alpha = choleskySolve(this.#l, n, data.y);
    this.#k = new Float64Array(n);
    this.#dk = new Float64Array(n);
  }

  /**
   * Posterior mean and latent variance at `point` (length d). When `gradMean`/`gradVar` are
   * given, their numeric coordinates receive the derivatives (categorical ones get 0).
   */
  predict(point: ArrayLike<number>, gradMean?: Float64Array, gradVar?: Float64Array): Prediction {
    const { n, d, x, categorical } = this.data;
    const kStar = this.#k;
    const dFactor = this.#dk;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const { k, dkFactor } = matern52(
        scaledDistance2(x, i, point, 0, d, this.#invL2, categorical),
      );
      kStar[i] = this.#signal * k;
      dFactor[i] = this.#signal * dkFactor;
      mean += kStar[i]! * this.#alpha[i]!;
    }
    const v = solveLower(this.#l, n, kStar);
    let explained = 0;
    for (let i = 0; i < n; i++) explained += v[i]! * v[i]!;
    const variance = Math.max(this.#signal - explained, 1e-12 * this.#signal);

    if (gradMean !== undefined && gradVar !== undefined) {
      const beta = solveUpperTransposed(this.#l, n, v);
      gradMean.fill(0);
      gradVar.fill(0);
      for (let i = 0; i < n; i++) {
        const row = i * d;
        const a = this.#alpha[i]!;
        const b = beta[i]!;
        const f = dFactor[i]!;
        for (let k = 0; k < d; k++) {
          if (categorical[k]) continue;
          // dk/dx_k = dk/d(r^2) * 2 (x_k - x_ik) / L_k^2 = -2 f (x_k - x_ik) / L_k^2.
          const dk = -2 * f * (point[k]! - x[row + k]!) * this.#invL2[k]!;
          gradMean[k] = gradMean[k]! + a * dk;
          gradVar[k] = gradVar[k]! - 2 * b * dk;
        }
      }
    }
    return { mean, variance };
  }
}
