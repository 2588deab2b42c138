/** Optimization direction and the one comparison every sampler, pruner and study shares. */

export type Direction = 'minimize' | 'maximize';

export const DIRECTIONS: readonly Direction[] = ['minimize', 'maximize'];

/** True when `a` is strictly better than `b` in the given direction. */
export function isBetter(direction: Direction, a: number, b: number): boolean {
  return direction === 'minimize' ? a < b : a > b;
}

/**
 * Maps a value so that smaller is always better, letting the models minimize only.
 * NaN stays NaN; callers filter non-finite values before modelling.
 */
export function toLoss(direction: Direction, value: number): number {
  return direction === 'minimize' ? value : -value;
}
