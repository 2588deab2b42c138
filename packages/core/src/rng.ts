/**
 * Deterministic pseudo-random numbers. Samplers never keep a generator between calls: each
 * suggestion derives a fresh stream from (seed, trialNumber, purpose...), so a restarted
 * coordinator that replays the same history draws the same numbers.
 *
 * The generator is xoshiro128** (32-bit words, period 2^128 - 1); its state is filled by a
 * splitmix32-style mixer from a hash of the keys, so nearby keys (trial 7 and trial 8) give
 * unrelated streams.
 */

const TWO_32 = 0x1_0000_0000;

/** murmur3's 32-bit finalizer: a bijective avalanche mix of one word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Splits a safe integer (possibly negative) into its low and high 32-bit words. */
function words(key: number): [number, number] {
  if (!Number.isSafeInteger(key)) {
    throw new RangeError(`random stream keys must be safe integers (got ${key})`);
  }
  const lo = ((key % TWO_32) + TWO_32) % TWO_32;
  const hi = Math.floor(key / TWO_32);
  return [lo >>> 0, hi >>> 0];
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export class Rng {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareNormal: number | undefined;

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    this.#s0 = s0;
    this.#s1 = s1;
    this.#s2 = s2;
    this.#s3 = s3;
  }

  /** A stream determined by the keys alone (safe integers), e.g. `Rng.derive(seed, trial, 0)`. */
  static derive(...keys: number[]): Rng {
    let h = 0x9e3779b9;
    for (const key of keys) {
      for (const w of words(key)) {
        h = fmix32((h ^ w) + 0x7f4a7c15);
        h = (Math.imul(h, 0x2c1b3c6d) + 0x297a2d39) >>> 0;
      }
    }

    // splitmix32 expands the hash into four state words; all-zero state is impossible
    // because the increments make consecutive outputs distinct.
    const state: number[] = [];
    for (let i = 0; i < 4; i++) {
      h = (h + 0x9e3779b9) >>> 0;
      state.push(fmix32(h));
    }
    const [s0, s1, s2, s3] = state as [number, number, number, number];
    return new Rng(s0, s1, s2, s3 === 0 && s0 === 0 ? 1 : s3);
  }

  /** A child stream for a sub-purpose, independent of how much this one has been used. */
  fork(...keys: number[]): Rng {
    return Rng.derive(this.#s0, this.#s1, this.#s2, this.#s3, ...keys);
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.#s1 << 9) >>> 0;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`int(n) needs n >= 1 (got ${n})`);
    return Math.min(n - 1, Math.floor(this.float() * n));
  }

  /** Standard normal deviate (Marsaglia's polar method; keeps the spare). */
  normal(): number {
    if (this.#spareNormal !== undefined) {
      const spare = this.#spareNormal;
      this.#spareNormal = undefined;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = this.float() * 2 - 1;
      v = this.float() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spareNormal = v * factor;
    return u * factor;
  }

  /** Index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let target = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i]!;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }
}
