/**
 * The ask/tell study, in memory: the same loop the coordinator runs against its database,
 * usable by anyone to optimize an objective in process.
 *
 * ```ts
 * const study = new Study({ space, direction: 'minimize', sampler: { name: 'tpe' }, seed: 1 });
 * const { number, params } = study.ask();
 * for (const epoch of epochs) if (study.report(number, epoch, loss).prune) break;
 * study.tell(number, loss); // or study.tell(number, { state: 'PRUNED' })
 * ```
 *
 * Trials are numbered 0, 1, 2, ... in ask order. A trial asked and not yet told is RUNNING and
 * is part of the history samplers see, so suggestions made while it runs stay away from it.
 */
import { DIRECTIONS, isBetter, type Direction } from './direction.js';
import { InvalidResultError, SpecError, TrialFinishedError, UnknownTrialError } from './errors.js';
import { createPruner, validatePrunerConfig, type PrunerConfig } from './pruner.js';
import type { Pruner } from './pruner-types.js';
import { createSampler, validateSamplerConfig, type SamplerConfig } from './sampler.js';
import type { Sampler } from './sampler-types.js';
import { validateSearchSpace, type Params, type SearchSpace } from './space.js';
import {
  completedValue,
  isTerminal,
  TRIAL_STATES,
  type IntermediateValue,
  type TrialRecord,
} from './trial.js';

export interface StudyOptions {
  /** A validated SearchSpace or raw input for `validateSearchSpace`. */
  space: SearchSpace | unknown;
  direction: Direction;
  /** Defaults to `{ name: 'tpe' }` (multivariate, constant liar). */
  sampler?: SamplerConfig;
  /** Defaults to `{ name: 'none' }`. */
  pruner?: PrunerConfig;
  /** Integer seed; defaults to 0 so that an unseeded study is still reproducible. */
  seed?: number;
  /** Trials to restore (e.g. from stored history); numbers must be 0..n-1. */
  trials?: TrialRecord[];
}

export type TellResult = number | { state: 'FAILED' | 'PRUNED'; value?: number };

function freezeTrial(trial: TrialRecord): TrialRecord {
  const copy: TrialRecord = {
    number: trial.number,
    params: Object.freeze({ ...trial.params }),
    state: trial.state,
  };
  if (trial.value !== undefined) copy.value = trial.value;
  if (trial.intermediates !== undefined) {
    copy.intermediates = Object.freeze(trial.intermediates.map((iv) => Object.freeze({ ...iv })));
  }
  return Object.freeze(copy);
}

function restoreTrials(raw: readonly TrialRecord[]): TrialRecord[] {
  const sorted = [...raw].sort((a, b) => a.number - b.number);
  return sorted.map((trial, i) => {
    if (trial.number !== i) {
      throw new SpecError(
        `trials[${i}].number`,
        `trial numbers must be 0..${raw.length - 1} without gaps`,
        {
          value: trial.number,
        },
      );
    }
    if (!TRIAL_STATES.includes(trial.state)) {
      throw new SpecError(`trials[${i}].state`, `must be one of ${TRIAL_STATES.join(', ')}`, {
        value: trial.state,
      });
    }
    if (typeof trial.params !== 'object' || trial.params === null) {
      throw new SpecError(`trials[${i}].params`, 'must be an object', { value: trial.params });
    }
    return freezeTrial(trial);
  });
}

export class Study {
  readonly space: SearchSpace;
  readonly direction: Direction;
  readonly seed: number;
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  #trials: TrialRecord[];

  constructor(opts: StudyOptions) {
    if (!DIRECTIONS.includes(opts.direction)) {
      throw new SpecError('direction', `must be one of ${DIRECTIONS.join(', ')}`, {
        value: opts.direction,
      });
    }
    const seed = opts.seed ?? 0;
    if (!Number.isSafeInteger(seed))
      throw new SpecError('seed', 'must be an integer', { value: seed });

    this.space = validateSearchSpace(opts.space);
    this.direction = opts.direction;
    this.seed = seed;
    this.sampler = createSampler(validateSamplerConfig(opts.sampler ?? 'tpe'), this.space);
    this.pruner = createPruner(validatePrunerConfig(opts.pruner ?? 'none'));
    this.#trials = restoreTrials(opts.trials ?? []);
  }

  /** Every trial so far, in number order. Records are immutable snapshots. */
  get trials(): readonly TrialRecord[] {
    return this.#trials;
  }

  /** Suggests params for a new RUNNING trial numbered after all existing ones. */
  ask(): { number: number; params: Params } {
    const number = this.#trials.length;
    const params = this.sampler.suggest({
      space: this.space,
      direction: this.direction,
      seed: this.seed,
      trialNumber: number,
      history: this.#trials,
    });

    this.#trials.push(freezeTrial({ number, params, state: 'RUNNING' }));
    return { number, params: { ...params } };
  }

  /**
   * Finishes a trial: a finite number completes it; `{ state: 'PRUNED' }` stores the last
   * reported value unless a value is given; `{ state: 'FAILED' }` stores no value unless given.
   */
  tell(number: number, result: TellResult): void {
    const trial = this.#running(number, 'tell a result');

    if (typeof result === 'number') {
      if (!Number.isFinite(result)) {
        throw new InvalidResultError(number, 'the objective value must be a finite number', result);
      }
      this.#replace({ ...trial, state: 'COMPLETED', value: result });
      return;
    }

    if (typeof result !== 'object' || result === null) {
      throw new InvalidResultError(
        number,
        'the result must be a number or { state, value? }',
        result,
      );
    }
    if (result.state !== 'FAILED' && result.state !== 'PRUNED') {
      throw new InvalidResultError(
        number,
        "the result state must be 'FAILED' or 'PRUNED'",
        result.state,
      );
    }
    if (result.value !== undefined && !Number.isFinite(result.value)) {
      throw new InvalidResultError(
        number,
        'the value must be a finite number when given',
        result.value,
      );
    }
    const last = trial.intermediates?.at(-1)?.value;
    const value = result.value ?? (result.state === 'PRUNED' ? last : undefined) ?? null;
    this.#replace({ ...trial, state: result.state, value });
  }

  /**
   * Records an intermediate value at a step (a non-negative integer, increasing per trial) and
   * asks the pruner. The trial stays RUNNING: on `prune: true` the caller stops it and tells
   * `{ state: 'PRUNED' }`. Reporting the same step and value again is accepted and changes
   * nothing, so redelivered progress events are harmless.
   */
  report(number: number, step: number, value: number): { prune: boolean } {
    const trial = this.#running(number, 'report');
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new InvalidResultError(number, 'the step must be a non-negative integer', step);
    }
    if (!Number.isFinite(value)) {
      throw new InvalidResultError(number, 'the reported value must be a finite number', value);
    }

    const intermediates: readonly IntermediateValue[] = trial.intermediates ?? [];
    const last = intermediates.at(-1);
    let current = trial;
    if (last !== undefined && step <= last.step) {
      const same = intermediates.find((iv) => iv.step === step);
      if (same === undefined || same.value !== value) {
        throw new InvalidResultError(
          number,
          `steps must increase; the last reported step is ${last.step}`,
          step,
        );
      }
    } else {
      current = this.#replace({ ...trial, intermediates: [...intermediates, { step, value }] });
    }

    const history = this.#trials.filter((t) => t.number !== number);
    return {
      prune: this.pruner.shouldPrune({ direction: this.direction, trial: current, history }),
    };
  }

  /**
   * Takes back the trials asked from `number` on, none of which may have been told or
   * reported: suggestions the caller could not use (the budget was reached meanwhile, say).
   * Samplers depend on the history alone, so later asks reuse those numbers as if the
   * withdrawn ones had never been made.
   */
  withdraw(number: number): void {
    if (!Number.isSafeInteger(number) || number < 0 || number > this.#trials.length) throw new UnknownTrialError(number);
    for (const trial of this.#trials.slice(number)) {
      if (trial.state !== 'RUNNING') throw new TrialFinishedError(trial.number, trial.state, 'withdraw it');
      if (trial.intermediates !== undefined) {
        throw new InvalidResultError(trial.number, 'a trial with reported steps cannot be withdrawn', trial.intermediates.length);
      }
    }
    this.#trials.length = number;
  }

  /** The COMPLETED trial with the best finite value; the earliest wins a tie. */
  bestTrial(): TrialRecord | undefined {
    let best: TrialRecord | undefined;
    let bestValue = NaN;
    for (const trial of this.#trials) {
      const value = completedValue(trial);
      if (value === undefined) continue;
      if (best === undefined || isBetter(this.direction, value, bestValue)) {
        best = trial;
        bestValue = value;
      }
    }
    return best;
  }

  #running(number: number, action: string): TrialRecord {
    const trial = Number.isSafeInteger(number) ? this.#trials[number] : undefined;
    if (trial === undefined) throw new UnknownTrialError(number);
    if (isTerminal(trial.state)) throw new TrialFinishedError(number, trial.state, action);
    return trial;
  }

  #replace(trial: TrialRecord): TrialRecord {
    const frozen = freezeTrial(trial);
    this.#trials[trial.number] = frozen;
    return frozen;
  }
}
