/** Independent uniform sampling, one derived stream per (seed, trial number, attempt). */
import { spaceCodecs } from '../codec.js';
import { Rng } from '../rng.js';
import type { Sampler, SamplerContext } from '../sampler-types.js';
import type { Params, SearchSpace } from '../space.js';
import { firstDistinct, knownKeys } from './distinct.js';

/** Stream purpose tags, so that different uses of one (seed, trial) never share numbers. */
const STREAM_SAMPLE = 1;
const STREAM_FALLBACK = 2;

export function uniformParams(space: SearchSpace, rng: Rng): Params {
  const params: Params = {};
  for (const codec of spaceCodecs(space)) params[codec.spec.name] = codec.fromUnit(rng.float());
  return params;
}

export class RandomSampler implements Sampler {
  readonly name = 'random';

  suggest(ctx: SamplerContext): Params {
    const known = knownKeys(ctx.space, ctx.history);
    const fallback = Rng.derive(ctx.seed, ctx.trialNumber, STREAM_FALLBACK);
    return firstDistinct(ctx.space, known, fallback, (attempt) =>
      uniformParams(ctx.space, Rng.derive(ctx.seed, ctx.trialNumber, STREAM_SAMPLE, attempt)),
    );
  }
}
