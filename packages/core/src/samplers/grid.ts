/**
 * Exhaustive grid search. Points are visited in a seeded pseudo-random order, and each
 * suggestion is the first point of that order that no trial of the history holds (in any
 * state). Because the choice depends on the history alone, a restart resumes where it stopped
 * and in-flight trials keep their points to themselves.
 */
import { paramsKey, pointAtIndex, spaceCodecs } from '../codec.js';
import { SearchExhaustedError, SpecError } from '../errors.js';
import { Rng } from '../rng.js';
import type { Sampler, SamplerContext } from '../sampler-types.js';
import type { Params, SearchSpace } from '../space.js';
import { knownKeys } from './distinct.js';

const STREAM_ORDER = 11;

/**
 * Number of grid points: the product of the parameters' value counts. Throws SpecError for a
 * continuous float (low < high without step) or a grid beyond 2^53 points.
 */
export function gridSize(space: SearchSpace, field = 'searchSpace'): number {
  let size = 1;
  for (const codec of spaceCodecs(space)) {
    if (!Number.isFinite(codec.size)) {
      throw new SpecError(
        `${field}.${codec.spec.name}.step`,
        'is required by the grid sampler for a float parameter with low < high',
        { value: undefined },
      );
    }
    size *= codec.size;
  }
  if (!Number.isSafeInteger(size)) {
    throw new SpecError(field, 'has too many grid points (more than 2^53)', { value: size });
  }
  return size;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * A seeded bijection of [0, n): i -> (a*i + b) mod n with a coprime to n. It needs no table, so
 * grids far larger than memory still get a shuffled order.
 */
export class AffinePermutation {
  readonly #n: bigint;
  readonly #a: bigint;
  readonly #b: bigint;

  constructor(n: number, rng: Rng) {
    this.#n = BigInt(n);
    let a = 1n;
    if (n > 2) {
      do {
        a = BigInt(1 + Math.floor(rng.float() * (n - 1)));
      } while (gcd(a, this.#n) !== 1n);
    }
    this.#a = a;
    this.#b = BigInt(Math.floor(rng.float() * n));
  }

  at(i: number): number {
    return Number((this.#a * BigInt(i) + this.#b) % this.#n);
  }
}

export class GridSampler implements Sampler {
  readonly name = 'grid';
  readonly #size: number;

  constructor(space: SearchSpace) {
    this.#size = gridSize(space);
  }

  suggest(ctx: SamplerContext): Params {
    const known = knownKeys(ctx.space, ctx.history);
    const order = new AffinePermutation(this.#size, Rng.derive(ctx.seed, STREAM_ORDER));

    for (let i = 0; i < this.#size; i++) {
      const point = pointAtIndex(ctx.space, order.at(i));
      if (!known.has(paramsKey(ctx.space, point))) return point;
    }
    throw new SearchExhaustedError(this.#size);
  }
}
