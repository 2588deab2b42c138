/**
 * Quasi-random sampling: trial n gets point n of a scrambled Sobol sequence (one dimension
 * per parameter, mapped through the parameter codecs). The first 2^m trials of a sweep
 * cover the space far more evenly than random points, which is why the model-based
 * samplers use it for their startup trials too.
 */
import { paramsFromUnit } from '../codec.js';
import { SobolSequence } from '../math/sobol.js';
import { Rng } from '../rng.js';
import type { Sampler, SamplerContext } from '../sampler-types.js';
import type { Params, SearchSpace } from '../space.js';
import { firstDistinct, knownKeys } from './distinct.js';
import { uniformParams } from './random.js';

export interface SobolSamplerConfig {
  name: 'sobol';
  /** Randomize the sequence from the seed (linear matrix scramble + digital shift). */
  scramble: boolean;
}

const STREAM_RETRY = 21;
const STREAM_FALLBACK = 22;
const CACHED_SEQUENCES = 8;

/** Sequences per (dimensions, seed); deterministic, so the cache cannot change a result. */
const sequences = new Map<string, SobolSequence>();

export function sobolSequence(dimensions: number, seed: number | undefined): SobolSequence {
  const key = `${dimensions}:${seed ?? 'plain'}`;
  let sequence = sequences.get(key);
  if (sequence === undefined) {
    sequence = new SobolSequence(dimensions, seed);
    if (sequences.size >= CACHED_SEQUENCES) sequences.delete(sequences.keys().next().value!);
    sequences.set(key, sequence);
  }
  return sequence;
}

/** Point `index` of the seed's scrambled sequence, as params of the space. */
export function sobolParams(space: SearchSpace, seed: number, index: number): Params {
  return paramsFromUnit(space, sobolSequence(space.length, seed).point(index));
}

export class SobolSampler implements Sampler {
  readonly name = 'sobol';

  constructor(readonly config: SobolSamplerConfig) {}

  suggest(ctx: SamplerContext): Params {
    const sequence = sobolSequence(ctx.space.length, this.config.scramble ? ctx.seed : undefined);
    const known = knownKeys(ctx.space, ctx.history);
    const fallback = Rng.derive(ctx.seed, ctx.trialNumber, STREAM_FALLBACK);

    // On a discrete space several Sobol points can map to one lattice point; a collision
    // falls back to uniform draws rather than to other Sobol indices, which later trials own.
    return firstDistinct(ctx.space, known, fallback, (attempt) =>
      attempt === 0
        ? paramsFromUnit(ctx.space, sequence.point(ctx.trialNumber))
        : uniformParams(ctx.space, Rng.derive(ctx.seed, ctx.trialNumber, STREAM_RETRY, attempt)),
    );
  }
}
