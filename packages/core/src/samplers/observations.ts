/**
 * The history as model-based samplers read it: every trial's params encoded to unit
 * coordinates, values turned into losses (smaller is better whatever the direction), and
 * trials sorted by what they can tell a model.
 */
import { isLegal, spaceCodecs } from '../codec.js';
import { toLoss, type Direction } from '../direction.js';
import type { Params, SearchSpace } from '../space.js';
import { completedValue, isInFlight, type TrialRecord } from '../trial.js';

export interface Observation {
  number: number;
  /** One unit coordinate per parameter of the space. */
  unit: Float64Array;
  loss: number;
}

export interface PrunedObservation extends Observation {
  /** Step of the last report, the loss being the value reported there. */
  step: number;
}

export interface HistoryView {
  completed: Observation[];
  pruned: PrunedObservation[];
  /** QUEUED and RUNNING trials: their points are taken, their outcome unknown. */
  pending: Array<{ number: number; unit: Float64Array }>;
}

/** Unit coordinates of params, or undefined when a value is missing or illegal for the space. */
export function encodePoint(space: SearchSpace, params: Params): Float64Array | undefined {
  let memo = unitMemo.get(space);
  if (memo === undefined) {
    memo = new WeakMap();
    unitMemo.set(space, memo);
  }
  if (memo.has(params)) return memo.get(params);
  const unit = encodeUncached(space, params);
  // Only frozen params (the Study's snapshots) are memoized: nobody can change them later.
  if (Object.isFrozen(params)) memo.set(params, unit);
  return unit;
}

/** Memo of encoded points; callers must not modify the arrays they get. */
const unitMemo = new WeakMap<SearchSpace, WeakMap<Params, Float64Array | undefined>>();

function encodeUncached(space: SearchSpace, params: Params): Float64Array | undefined {
  const codecs = spaceCodecs(space);
  const unit = new Float64Array(codecs.length);
  for (let i = 0; i < codecs.length; i++) {
    const codec = codecs[i]!;
    const value = params[codec.spec.name];
    if (!isLegal(codec, value)) return undefined;
    unit[i] = codec.toUnit(value!);
  }
  return unit;
}

export function viewHistory(
  space: SearchSpace,
  direction: Direction,
  history: readonly TrialRecord[],
): HistoryView {
  const view: HistoryView = { completed: [], pruned: [], pending: [] };
  for (const trial of history) {
    // Trials from another version of the space (a value the space no longer allows) carry
    // no usable information for the model; they still count for distinctness elsewhere.
    const unit = encodePoint(space, trial.params);
    if (unit === undefined) continue;

    if (isInFlight(trial)) {
      view.pending.push({ number: trial.number, unit });
      continue;
    }
    const value = completedValue(trial);
    if (value !== undefined) {
      view.completed.push({ number: trial.number, unit, loss: toLoss(direction, value) });
      continue;
    }
    const last = trial.state === 'PRUNED' ? trial.intermediates?.at(-1) : undefined;
    if (last !== undefined && Number.isFinite(last.value)) {
      view.pruned.push({
        number: trial.number,
        unit,
        loss: toLoss(direction, last.value),
        step: last.step,
      });
    }
  }
  return view;
}

/**
 * Completed trials by loss, then pruned ones: those that got further first, then by the loss
 * they had when stopped. A pruned trial is taken as worse than any completed one.
 */
export function rankObservations(view: HistoryView): Observation[] {
  const completed = [...view.completed].sort((a, b) => a.loss - b.loss || a.number - b.number);
  const pruned = [...view.pruned].sort(
    (a, b) => b.step - a.step || a.loss - b.loss || a.number - b.number,
  );
  return [...completed, ...pruned];
}
