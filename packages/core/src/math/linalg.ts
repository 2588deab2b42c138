/**
 * Dense symmetric positive-definite algebra for the Gaussian process, on row-major
 * Float64Arrays. Only what the GP needs: Cholesky with jitter, triangular solves and the
 * inverse from the factor. Sizes stay in the hundreds, so plain loops ordered for cache
 * locality are enough.
 */

const MAX_JITTER_TRIES = 6;

/** Why the matrix could not be factored even with the largest jitter. */
export class NotPositiveDefiniteError extends Error {
  override readonly name = 'NotPositiveDefiniteError';
}

/**
 * Cholesky factor L (lower, row-major, n x n) of A, in a new array. When A is numerically
 * singular, jitter (1e-10 times the mean diagonal, growing tenfold) is added to the diagonal.
 * Returns the factor and the jitter used.
 */
export function cholesky(a: Float64Array, n: number): { l: Float64Array; jitter: number } {
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += a[i * n + i]!;
  meanDiag = Math.max(meanDiag / Math.max(n, 1), 1e-300);

  let jitter = 0;
  for (let attempt = 0; attempt <= MAX_JITTER_TRIES; attempt++) {
    const l = tryCholesky(a, n, jitter);
    if (l !== undefined) return { l, jitter };
    jitter = jitter === 0 ? 1e-10 * meanDiag : jitter * 10;
  }
  throw new NotPositiveDefiniteError(`matrix of size ${n} is not positive definite`);
}

function tryCholesky(a: Float64Array, n: number, jitter: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let sum = a[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= l[rowI + k]! * l[rowJ + k]!;
      if (i === j) {
        sum += jitter;
        if (!(sum > 0)) return undefined;
        l[rowI + i] = Math.sqrt(sum);
      } else {
        l[rowI + j] = sum / l[rowJ + j]!;
      }
    }
  }
  return l;
}

/** Solves L x = b (forward substitution), returning x. */
export function solveLower(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[row + k]! * x[k]!;
    x[i] = sum / l[row + i]!;
  }
  return x;
}

/** Solves L^T x = b (back substitution), returning x. */
export function solveUpperTransposed(
  l: Float64Array,
  n: number,
  b: ArrayLike<number>,
): Float64Array {
  const x = Float64Array.from(b);
  for (let i = n - 1; i >= 0; i--) {
    x[i] = x[i]! / l[i * n + i]!;
    const xi = x[i]!;
    const row = i * n;
    for (let k = 0; k < i; k++) x[k] = x[k]! - l[row + k]! * xi;
  }
  return x;
}

/** Solves (L L^T) x = b. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return solveUpperTransposed(l, n, solveLower(l, n, b));
}

/** A^{-1} from its Cholesky factor, as a full symmetric row-major matrix. */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  // Both passes walk rows contiguously (the column-wise textbook loops are several times
  // slower here for n in the hundreds).
  const inv = new Float64Array(n * n);
  const acc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    acc.fill(0, 0, i);
    for (let k = 0; k < i; k++) {
      const a = l[rowI + k]!;
      if (a === 0) continue;
      const rowK = k * n;
      for (let j = 0; j <= k; j++) acc[j] = acc[j]! + a * inv[rowK + j]!;
    }
    const diag = 1 / l[rowI + i]!;
    for (let j = 0; j < i; j++) inv[rowI + j] = -acc[j]! * diag;
    inv[rowI + i] = diag;
  }

  // (L^{-1})^T L^{-1}: row k of L^{-1} contributes the outer product of itself.
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let i = 0; i <= k; i++) {
      const a = inv[rowK + i]!;
      if (a === 0) continue;
      const rowI = i * n;
      for (let j = 0; j <= i; j++) out[rowI + j] = out[rowI + j]! + a * inv[rowK + j]!;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j]!;
  }
  return out;
}

/** log det A from its Cholesky factor. */
export function choleskyLogDet(l: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.log(l[i * n + i]!);
  return 2 * sum;
}
