/**
 * The normal distribution functions the models need, accurate in the tails: TPE truncates
 * kernels at the bounds and the GP's log expected improvement lives far in the lower tail,
 * where `1 - erf(x)` would have lost every digit.
 */

const SQRT2 = Math.SQRT2;
const SQRT_PI = Math.sqrt(Math.PI);
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/** Below this, erfc uses its continued fraction; above, a series without cancellation. */
const SERIES_LIMIT = 2.5;
const CF_TERMS = 60;

/** erf(x) for |x| < SERIES_LIMIT by e^{-x^2} * sum 2^n x^{2n+1} / (2n+1)!!, all terms positive. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

/**
 * The continued fraction erfc(x) * sqrt(pi) * e^{x^2} = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
 * for x >= SERIES_LIMIT, evaluated from the tail.
 */
function erfcScaledCf(x: number): number {
  let tail = x;
  for (let k = CF_TERMS; k >= 1; k--) tail = x + k / 2 / tail;
  return 1 / tail;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= SERIES_LIMIT) return (Math.exp(-x * x) / SQRT_PI) * erfcScaledCf(x);
  if (x <= -SERIES_LIMIT) return 2 - (Math.exp(-x * x) / SQRT_PI) * erfcScaledCf(-x);
  return 1 - erfSeries(x);
}

export function erf(x: number): number {
  if (Math.abs(x) < SERIES_LIMIT) return erfSeries(x);
  return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}

/** Standard normal CDF. */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/**
 * Standard normal CDF to about 1e-7 absolute (Abramowitz & Stegun 26.2.17), several times
 * faster than `normCdf`. For masses and normalizers that only need to be roughly right
 * (TPE's truncated kernels); never for tails that are later logged.
 */
export function normCdfFast(z: number): number {
  const x = Math.abs(z);
  const t = 1 / (1 + 0.2316419 * x);
  const poly =
    t *
    (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const upper = normPdf(x) * poly;
  return z >= 0 ? 1 - upper : upper;
}

/** Standard normal density. */
export function normPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/** log of the standard normal CDF, accurate for very negative z. */
export function logNormCdf(z: number): number {
  if (z > -5) return Math.log(normCdf(z));
  const x = -z / SQRT2;
  return -x * x - Math.log(SQRT_PI) + Math.log(erfcScaledCf(x)) - Math.LN2;
}

/**
 * log(phi(z) + z * Phi(z)), the standardized expected improvement, stable for all z. For
 * z far below zero both terms nearly cancel; there phi(z) * (1 + z * Phi(z)/phi(z)) is
 * rewritten with the Mills ratio's continued fraction, which has no cancellation.
 */
export function logH(z: number): number {
  if (z > -3) {
    return Math.log(normPdf(z) + z * normCdf(z));
  }
  // With x = -z: Phi(z)/phi(z) = R(x) = 1/(x + 1/(x + 2/(x + ...))), and
  // 1 - x R(x) = R(x) * T(x) where T(x) = 1/(x + 2/(x + 3/(x + ...))).
  const x = -z;
  let r = x;
  let t = x;
  for (let k = CF_TERMS; k >= 1; k--) {
    r = x + k / r;
    t = x + (k + 1) / t;
  }
  const logR = -Math.log(r);
  const logT = -Math.log(t);
  return -0.5 * z * z - LOG_SQRT_2PI + logR + logT;
}

/** log(sum(exp(values))) without overflow; -Infinity for an empty list. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}
