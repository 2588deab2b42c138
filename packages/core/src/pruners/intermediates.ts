/** Lookups over a trial's intermediate values (sorted by increasing step). */
import type { Direction } from '../direction.js';
import { isBetter } from '../direction.js';
import type { IntermediateValue, TrialRecord } from '../trial.js';

const NONE: readonly IntermediateValue[] = [];

export function intermediatesOf(trial: TrialRecord): readonly IntermediateValue[] {
  return trial.intermediates ?? NONE;
}

/** Index of the first report with step >= `step`, or the length when there is none. */
function lowerBound(values: readonly IntermediateValue[], step: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]!.step < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first report at or after `step`: the value a trial had when it reached that step. */
export function firstAtOrAfter(trial: TrialRecord, step: number): IntermediateValue | undefined {
  const values = intermediatesOf(trial);
  return values[lowerBound(values, step)];
}

/**
 * The latest report at or before `step`, for a trial that has progressed at least that far
 * (has some report at or after it); undefined otherwise.
 */
export function valueReachedAt(trial: TrialRecord, step: number): number | undefined {
  const values = intermediatesOf(trial);
  const last = values.at(-1);
  if (last === undefined || last.step < step) return undefined;
  const i = lowerBound(values, step);
  const at = values[i]!;
  if (at.step === step) return at.value;
  return i > 0 ? values[i - 1]!.value : undefined;
}

/** The best finite intermediate value of a trial so far. */
export function bestIntermediate(trial: TrialRecord, direction: Direction): number | undefined {
  let best: number | undefined;
  for (const { value } of intermediatesOf(trial)) {
    if (!Number.isFinite(value)) continue;
    if (best === undefined || isBetter(direction, value, best)) best = value;
  }
  return best;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
