/**
 * Keeping suggestions apart. A sampler must not hand out a point that some trial of the
 * history (finished or in flight) already has, whenever the space still has another one.
 */
import { paramsKey, pointAtIndex, spaceCardinality } from '../codec.js';
import type { Rng } from '../rng.js';
import type { Params, SearchSpace } from '../space.js';
import type { TrialRecord } from '../trial.js';

/** Attempts with derived streams before falling back to enumeration. */
export const MAX_DISTINCT_ATTEMPTS = 32;

/** Spaces up to this many points are enumerated when retries keep hitting used points. */
const ENUMERATION_LIMIT = 1 << 17;

/** The points some trial holds, by key; only membership is asked. */
export type KnownKeys = Pick<ReadonlySet<string>, 'has'>;

interface KeyCache {
  space: SearchSpace;
  /** The key of each trial, by position in the history. */
  keys: string[];
  /** How many trials hold each key (a full space can hand out a point twice). */
  holders: Map<string, number>;
}

/**
 * Keys already computed for a history array. A Study's history grows by one trial per ask
 * and shrinks only when its last asks are withdrawn, and a trial's params never change, so
 * each suggestion keys only what changed at the end instead of the whole history.
 */
const keyCaches = new WeakMap<readonly TrialRecord[], KeyCache>();

export function knownKeys(space: SearchSpace, history: readonly TrialRecord[]): KnownKeys {
  let cache = keyCaches.get(history);
  if (!cache || cache.space !== space) {
    cache = { space, keys: [], holders: new Map() };
    keyCaches.set(history, cache);
  }
  const { keys, holders } = cache;
  while (keys.length > history.length) {
    const key = keys.pop()!;
    const count = holders.get(key)! - 1;
    if (count === 0) holders.delete(key);
    else holders.set(key, count);
  }
  while (keys.length < history.length) {
    const key = paramsKey(space, history[keys.length]!.params);
    keys.push(key);
    holders.set(key, (holders.get(key) ?? 0) + 1);
  }
  return holders;
}

/**
 * A uniformly chosen point of a finite space that no key in `known` names, or undefined when
 * the space is too large to enumerate or has no unused point.
 */
export function randomUnusedPoint(
  space: SearchSpace,
  known: KnownKeys,
  rng: Rng,
): Params | undefined {
  const size = spaceCardinality(space);
  if (size > ENUMERATION_LIMIT) return undefined;

  const unused: number[] = [];
  for (let i = 0; i < size; i++) {
    if (!known.has(paramsKey(space, pointAtIndex(space, i)))) unused.push(i);
  }
  if (unused.length === 0) return undefined;
  return pointAtIndex(space, unused[rng.int(unused.length)]!);
}

/**
 * The first of `candidate(0)`, `candidate(1)`, ... that is not known. When every attempt
 * collides, a finite space falls back to a random unused point; if even that fails (the
 * space is used up, or huge yet saturated) the last candidate is returned, because a
 * repeated point is better than no suggestion for samplers other than grid.
 */
export function firstDistinct(
  space: SearchSpace,
  known: KnownKeys,
  rng: Rng,
  candidate: (attempt: number) => Params,
): Params {
  let last: Params | undefined;
  for (let attempt = 0; attempt < MAX_DISTINCT_ATTEMPTS; attempt++) {
    last = candidate(attempt);
    if (!known.has(paramsKey(space, last))) return last;
  }
  return randomUnusedPoint(space, known, rng) ?? last ?? candidate(0);
}
