/**
 * Scrambled Sobol points, computed directly from the point index so that a sampler can ask
 * for point n without generating points 0..n-1 (a pure function of the trial number).
 *
 * Construction: dimension 1 is the van der Corput sequence; dimension j >= 2 uses the j-th
 * primitive polynomial over GF(2), in order of degree and then coefficient value (generated
 * and checked here), with the initial direction numbers m_1..m_s published by S. Joe and
 * F. Y. Kuo ("Constructing Sobol sequences with better two-dimensional projections", SIAM J.
 * Sci. Comput. 30, 2008) for dimensions 2-10. Beyond those, the initial numbers are odd
 * integers m_k < 2^k drawn from a fixed stream: still a valid Sobol sequence, with less
 * tuned two-dimensional projections.
 *
 * Scrambling is a random linear matrix scramble plus a digital shift (per dimension, from
 * the seed), which keeps the net structure and makes every point uniform on [0, 1)^d.
 */
import { Rng } from '../rng.js';

const BITS = 32;
const TWO_32 = 0x1_0000_0000;
const MAX_DEGREE = 20;

/** Joe & Kuo's initial direction numbers m_1..m_s for dimensions 2..10 (polynomial order). */
const JOE_KUO_INITIAL: readonly (readonly number[])[] = [
  [1],
  [1, 3],
  [1, 3, 1],
  [1, 1, 1],
  [1, 1, 3, 3],
  [1, 3, 5, 13],
  [1, 1, 5, 5, 17],
  [1, 1, 5, 5, 5],
  [1, 1, 7, 11, 19],
];

const STREAM_EXTRA_INITIAL = 0x5eed;

/** x^e mod p over GF(2), with p of degree s given as bits (including the x^s term). */
function powMod(e: number, p: number, s: number): number {
  const mulMod = (a: number, b: number): number => {
    let result = 0;
    while (b !== 0) {
      if (b & 1) result ^= a;
      b >>>= 1;
      a <<= 1;
      if (a & (1 << s)) a ^= p;
    }
    return result;
  };
  let result = 1;
  // x itself, reduced when p is x + 1.
  let base = s === 1 ? 2 ^ p : 2;
  let k = e;
  while (k > 0) {
    if (k % 2 === 1) result = mulMod(result, base);
    base = mulMod(base, base);
    k = Math.floor(k / 2);
  }
  return result;
}

function primeFactors(n: number): number[] {
  const factors: number[] = [];
  for (let q = 2; q * q <= n; q++) {
    if (n % q !== 0) continue;
    factors.push(q);
    while (n % q === 0) n /= q;
  }
  if (n > 1) factors.push(n);
  return factors;
}

/** True when the degree-s polynomial p (bits, x^s and 1 set) is primitive over GF(2). */
export function isPrimitive(p: number, s: number): boolean {
  const order = 2 ** s - 1;
  if (powMod(order, p, s) !== 1) return false;
  return primeFactors(order).every((q) => powMod(order / q, p, s) !== 1);
}

export interface SobolPolynomial {
  degree: number;
  /** Joe & Kuo's `a`: the inner coefficients a_1..a_{s-1} as bits, a_1 most significant. */
  a: number;
}

const polynomials: SobolPolynomial[] = [];
let nextDegree = 1;

/** The primitive polynomial used for dimension `dim` (2-based: dimension 2 is the first). */
export function sobolPolynomial(dim: number): SobolPolynomial {
  while (polynomials.length < dim - 1) {
    if (nextDegree > MAX_DEGREE)
      throw new RangeError(`Sobol supports at most ${polynomials.length + 1} dimensions`);
    const s = nextDegree++;
    for (let a = 0; a < 2 ** (s - 1); a++) {
      const p = (1 << s) | (a << 1) | 1;
      if (isPrimitive(p, s)) polynomials.push({ degree: s, a });
    }
  }
  return polynomials[dim - 2]!;
}

/** Direction numbers v_1..v_32 of a dimension (1-based), as 32-bit words, most significant first. */
function directionNumbers(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 1) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }

  const { degree: s, a } = sobolPolynomial(dim);
  const m = new Array<number>(BITS);
  const initial = JOE_KUO_INITIAL[dim - 2];
  const extra = Rng.derive(STREAM_EXTRA_INITIAL, dim);
  for (let k = 0; k < s; k++) {
    m[k] = initial?.[k] ?? extra.int(2 ** k) * 2 + 1;
  }
  for (let k = s; k < BITS; k++) {
    let next = m[k - s]! ^ (m[k - s]! * 2 ** s);
    for (let i = 1; i < s; i++) {
      if ((a >>> (s - 1 - i)) & 1) next ^= m[k - i]! * 2 ** i;
    }
    // Every term is below 2^32, so 32-bit XOR loses nothing; >>> 0 reads it unsigned.
    m[k] = next >>> 0;
  }
  for (let k = 0; k < BITS; k++) v[k] = (m[k]! * 2 ** (BITS - 1 - k)) % TWO_32;
  return v;
}

function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** Random lower-triangular (in digit order) unit-diagonal matrix applied to each direction. */
function scrambleDirections(v: Uint32Array, rng: Rng): Uint32Array {
  const rows = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    // Row i may mix digits 0..i (bits 31..31-i); the diagonal digit is always kept.
    const mask = i === BITS - 1 ? 0xffffffff : ~(0xffffffff >>> (i + 1)) >>> 0;
    rows[i] = ((rng.nextUint32() & mask) | (1 << (BITS - 1 - i))) >>> 0;
  }
  const out = new Uint32Array(BITS);
  for (let k = 0; k < BITS; k++) {
    let word = 0;
    for (let i = 0; i < BITS; i++) word |= parity(rows[i]! & v[k]!) << (BITS - 1 - i);
    out[k] = word >>> 0;
  }
  return out;
}

export class SobolSequence {
  readonly dimensions: number;
  readonly #directions: Uint32Array[];
  readonly #shifts: Uint32Array;

  /** `seed` undefined gives the plain (unscrambled) sequence. */
  constructor(dimensions: number, seed?: number) {
    this.dimensions = dimensions;
    this.#directions = [];
    this.#shifts = new Uint32Array(dimensions);
    for (let d = 0; d < dimensions; d++) {
      const v = directionNumbers(d + 1);
      if (seed === undefined) {
        this.#directions.push(v);
        continue;
      }
      const rng = Rng.derive(seed, 0x50b0, d);
      this.#directions.push(scrambleDirections(v, rng));
      this.#shifts[d] = rng.nextUint32();
    }
  }

  /** Point `index` (0 <= index < 2^32) in [0, 1)^d, in Gray-code order. */
  point(index: number): number[] {
    if (!Number.isSafeInteger(index) || index < 0 || index >= TWO_32) {
      throw new RangeError(`Sobol index must be in [0, 2^32) (got ${index})`);
    }
    const gray = (index ^ (index >>> 1)) >>> 0;
    const x = new Array<number>(this.dimensions);
    for (let d = 0; d < this.dimensions; d++) {
      const v = this.#directions[d]!;
      let word = this.#shifts[d]!;
      for (let k = 0; k < BITS; k++) {
        if ((gray >>> k) & 1) word ^= v[k]!;
      }
      x[d] = (word >>> 0) / TWO_32;
    }
    return x;
  }
}
