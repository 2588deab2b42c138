// Keeps every running sweep at its parallelism: its study suggests trials, one refill call
// stores those that fit the budget (or ends the sweep) under the sweep's row lock, and the
// new trials' assignments are published. Suggestions the refill did not use are withdrawn
// from the study. One sweep is advanced by one caller at a time.
import type { Logger, SweepSpec } from '@hyperfleet/common';
import type { Params } from '@hyperfleet/core';
import type { RefillResult, SweepStore, TrialRow, TrialStore } from '@hyperfleet/db';
import { publishAssignment, type Assignment, type TransportNames, type TrialControl } from '@hyperfleet/transport';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { SweepEvents } from './sweep-events.js';
import type { SweepStudies } from './sweep-studies.js';

export interface SchedulerDeps {
  sweeps: SweepStore;
  trials: TrialStore;
  studies: SweepStudies;
  js: JetStreamClient;
  names: TransportNames;
  control: TrialControl;
  events: SweepEvents;
  logger: Logger;
  /** Called once a sweep ends COMPLETED, to promote its best model. */
  onCompleted: (sweepId: string) => void;
}

/** Refill rounds in one advance: after a stale study, or for slots the offer did not cover. */
const MAX_REFILL_ROUNDS = 4;

interface QueuedAdvance {
  /** Slots known to have been freed since this advance was asked for. */
  freed: number;
  done: Promise<void>;
}

export class Scheduler {
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, QueuedAdvance>();
  private readonly specs = new Map<string, SweepSpec>();
  private readonly marks: DispatchMarks;

  constructor(private readonly deps: SchedulerDeps) {
    this.marks = new DispatchMarks(deps.trials, deps.logger);
  }

  /**
   * Brings the sweep to its parallelism, or ends it. `freed` is how many slots the caller
   * knows have just become free (trials that finished): that many suggestions go with the
   * first refill. With none known the refill finds out how many slots there are first.
   * Advances of one sweep run one at a time; those asked for while one runs are merged
   * into the next.
   */
  advance(sweepId: string, freed = 0): Promise<void> {
    const waiting = this.queued.get(sweepId);
    if (waiting) {
      waiting.freed += freed;
      return waiting.done;
    }
    const entry: QueuedAdvance = { freed, done: Promise.resolve() };
    const previous = this.running.get(sweepId) ?? Promise.resolve();
    entry.done = previous.then(() => {
      this.queued.delete(sweepId);
      return this.advanceNow(sweepId, entry.freed);
    });
    this.queued.set(sweepId, entry);
    const settled = entry.done.catch((error: unknown) => {
      this.deps.logger.error('sweep advance failed', { sweepId, error });
    });
    this.running.set(sweepId, settled);
    void settled.then(() => {
      if (this.running.get(sweepId) === settled) this.running.delete(sweepId);
    });
    return entry.done;
  }

  /** Waits for every advance started so far, and for their dispatch marks. */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
    await this.marks.idle();
  }

  /** Publishes queued trials that JetStream never acknowledged (a crash between commit and publish). */
  async redispatch(): Promise<void> {
    const pending = await this.deps.trials.undispatched();
    if (pending.length === 0) return;
    this.deps.logger.info('publishing undispatched trials', { count: pending.length });
    for (const trial of pending) await this.specOf(trial.sweepId);
    await this.dispatch(pending);
  }

  /** Tells the workers holding these trials to stop; a queued one is skipped when pulled. */
  async cancelTrials(trialIds: string[], reason: string): Promise<void> {
    await Promise.all(trialIds.map((trialId) => this.deps.control.send(trialId, { action: 'cancel', reason })));
  }

  private async advanceNow(sweepId: string, freed: number): Promise<void> {
    const { trials, studies, logger, events } = this.deps;
    let offer = freed;
    let stale = false;
    for (let round = 0; round < MAX_REFILL_ROUNDS; round++) {
      const study = await studies.ready(sweepId);
      const firstNumber = study.trials.length;
      const plan = offer > 0 ? studies.ask(sweepId, offer) : { params: [], exhausted: false };
      let result: RefillResult;
      try {
        result = await trials.refill(sweepId, { firstNumber, params: plan.params, exhausted: plan.exhausted });
      } catch (error) {
        // The study holds suggestions that may or may not have been stored.
        studies.forget(sweepId);
        throw error;
      }
      stale = result.stale;
      if (stale) {
        logger.debug('study behind the stored trials; rebuilding', { sweepId, study: firstNumber, stored: result.trialsCreated });
        studies.forget(sweepId);
        continue;
      }
      studies.withdraw(sweepId, firstNumber + result.created.length);

      if (result.exhausted && result.created.length === 0) logger.debug('search space exhausted', { sweepId });
      if (result.created.length > 0) {
        logger.debug('trials created', { sweepId, count: result.created.length, first: result.created[0]!.number });
        for (const trial of result.created) events.publish(sweepId, { type: 'TRIAL_QUEUED', trial });
        await this.dispatch(result.created);
      }
      if (result.finished) {
        await this.onFinished(sweepId, result.finished.state, result.finished.cancelledTrialIds);
        return;
      }
      if (result.state !== 'RUNNING') {
        // Ended elsewhere (CancelSweep): its study is no longer needed.
        studies.forget(sweepId);
        return;
      }
      // More free slots than suggestions offered (unknown, or freed meanwhile): fill them too.
      if (result.slotsLeft === 0 || plan.exhausted) return;
      offer = result.slotsLeft;
    }
    // Otherwise slots kept freeing up while this ran; the advance queued by them goes on.
    if (stale) logger.warn('sweep refill kept finding its study stale; the next tick retries', { sweepId });
  }

  private async onFinished(sweepId: string, state: string, cancelledTrialIds: string[]): Promise<void> {
    this.deps.logger.info('sweep finished', { sweepId, state, cancelled: cancelledTrialIds.length });
    this.deps.studies.forget(sweepId);
    await this.cancelTrials(cancelledTrialIds, `sweep ${state.toLowerCase()}`);
    this.deps.events.publish(sweepId, { type: 'SWEEP_FINISHED' });
    if (state === 'COMPLETED') this.deps.onCompleted(sweepId);
  }

  private async dispatch(trials: TrialRow[]): Promise<void> {
    const published = await Promise.allSettled(
      trials.map(async (trial) => publishAssignment(this.deps.js, this.deps.names, assignmentFor(trial, (await this.specOf(trial.sweepId))!))),
    );
    const dispatched = trials.filter((_, index) => published[index]!.status === 'fulfilled').map((trial) => trial.id);
    if (dispatched.length < trials.length) {
      // The rest stay QUEUED with no dispatch mark; redispatch() publishes them later.
      const reason = published.find((p): p is PromiseRejectedResult => p.status === 'rejected')?.reason as Error | undefined;
      this.deps.logger.warn('assignment publish failed; will retry', { error: reason?.message, pending: trials.length - dispatched.length });
    }
    this.marks.add(dispatched);
  }

  private async specOf(sweepId: string): Promise<SweepSpec | undefined> {
    const cached = this.specs.get(sweepId);
    if (cached) return cached;
    const spec = (await this.deps.sweeps.get(sweepId)).spec as unknown as SweepSpec;
    this.specs.set(sweepId, spec);
    return spec;
  }
}

/**
 * Dispatch marks, written behind the refills, many trials per statement. A mark that is
 * lost (a crash, PostgreSQL away) only makes redispatch() publish the trial again, which
 * JetStream drops as a duplicate of the same trial id within its window.
 */
class DispatchMarks {
  private pending: string[] = [];
  private writing?: Promise<void>;

  constructor(
    private readonly trials: TrialStore,
    private readonly logger: Logger,
  ) {}

  add(trialIds: string[]): void {
    if (trialIds.length === 0) return;
    this.pending.push(...trialIds);
    this.writing ??= this.write();
  }

  async idle(): Promise<void> {
    await this.writing;
  }

  private async write(): Promise<void> {
    while (this.pending.length > 0) {
      const trialIds = this.pending.splice(0);
      try {
        await this.trials.markDispatched(trialIds);
      } catch (error) {
        this.logger.warn('dispatch marks not stored; redispatch will publish those trials again', { error, trials: trialIds.length });
      }
    }
    this.writing = undefined;
  }
}

export function assignmentFor(trial: TrialRow, spec: SweepSpec): Assignment {
  return {
    v: 1,
    sweepId: trial.sweepId,
    trialId: trial.id,
    number: trial.number,
    params: trial.params as Params,
    objective: spec.objective,
    template: spec.trial,
    seed: spec.seed,
  };
}
