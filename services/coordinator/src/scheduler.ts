// Keeps every running sweep at its parallelism: one transaction per sweep creates trials
// under the budget (its study suggests them while the sweep's row is locked) or ends the
// sweep; then the new trials' assignments are published. One sweep is advanced by one
// caller at a time.
import type { Logger, SweepSpec } from '@hyperfleet/common';
import type { Params } from '@hyperfleet/core';
import type { SweepStore, TrialRow, TrialStore } from '@hyperfleet/db';
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

export class Scheduler {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly specs = new Map<string, SweepSpec>();

  constructor(private readonly deps: SchedulerDeps) {}

  /** Brings the sweep to its parallelism, or ends it; calls for one sweep run in order. */
  advance(sweepId: string): Promise<void> {
    const previous = this.queues.get(sweepId) ?? Promise.resolve();
    const next = previous.then(() => this.advanceNow(sweepId));
    const settled = next.catch((error: unknown) => {
      this.deps.logger.error('sweep advance failed', { sweepId, error });
    });
    this.queues.set(sweepId, settled);
    void settled.then(() => {
      if (this.queues.get(sweepId) === settled) this.queues.delete(sweepId);
    });
    return next;
  }

  /** Waits for every advance started so far. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()]);
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

  private async advanceNow(sweepId: string): Promise<void> {
    const { trials, studies, logger, events } = this.deps;
    const result = await trials.reconcile(sweepId, {
      history: async (tx, sweep) => (await studies.ready(tx, sweep)).trials.slice(),
      plan: ({ sweep, slots }) => {
        this.specs.set(sweep.id, sweep.spec as unknown as SweepSpec);
        return studies.ask(sweep.id, slots);
      },
    });

    if (result.exhausted && result.created.length === 0) logger.debug('search space exhausted', { sweepId });
    if (result.created.length > 0) {
      logger.debug('trials created', { sweepId, count: result.created.length, first: result.created[0]!.number });
      for (const trial of result.created) events.publish(sweepId, { type: 'TRIAL_QUEUED', trial });
      await this.dispatch(result.created);
    }
    if (result.finished) await this.onFinished(sweepId, result.finished.state, result.finished.cancelledTrialIds);
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
    await this.deps.trials.markDispatched(dispatched);
  }

  private async specOf(sweepId: string): Promise<SweepSpec | undefined> {
    const cached = this.specs.get(sweepId);
    if (cached) return cached;
    const spec = (await this.deps.sweeps.get(sweepId)).spec as unknown as SweepSpec;
    this.specs.set(sweepId, spec);
    return spec;
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
