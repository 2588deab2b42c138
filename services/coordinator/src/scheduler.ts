// Keeps every running sweep at its parallelism: creates trials under the budget (the
// sampler runs inside the creating transaction), publishes their assignments, and ends the
// sweep when its budget says so. One sweep is advanced by one caller at a time.
import type { Logger, SweepSpec } from '@hyperfleet/common';
import { SearchExhaustedError, Study, type Params } from '@hyperfleet/core';
import type { SweepStore, TrialPlanner, TrialRow, TrialStore } from '@hyperfleet/db';
import { publishAssignment, type Assignment, type TransportNames, type TrialControl } from '@hyperfleet/transport';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { SweepEvents } from './sweep-events.js';

export interface SchedulerDeps {
  sweeps: SweepStore;
  trials: TrialStore;
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
  /** Sweeps whose sampler has no point left; derived again after a restart. */
  private readonly exhausted = new Set<string>();

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
    const specs = new Map<string, SweepSpec>();
    for (const trial of pending) {
      if (!specs.has(trial.sweepId)) specs.set(trial.sweepId, (await this.deps.sweeps.get(trial.sweepId)).spec as unknown as SweepSpec);
    }
    await this.dispatch(pending, (trial) => specs.get(trial.sweepId)!);
  }

  private async advanceNow(sweepId: string): Promise<void> {
    if (await this.finishIfDone(sweepId)) return;

    const { created, exhausted } = await this.deps.trials.createTrials(sweepId, this.planner(sweepId));
    if (exhausted) this.exhausted.add(sweepId);
    if (created.length > 0) {
      const spec = (await this.deps.sweeps.get(sweepId)).spec as unknown as SweepSpec;
      this.deps.logger.info('trials created', { sweepId, count: created.length, first: created[0]!.number });
      for (const trial of created) this.deps.events.publish(sweepId, { type: 'TRIAL_QUEUED', trial });
      await this.dispatch(created, () => spec);
      return;
    }
    await this.finishIfDone(sweepId);
  }

  private planner(sweepId: string): TrialPlanner {
    return ({ sweep, history, slots }) => {
      const spec = sweep.spec as unknown as SweepSpec;
      const study = new Study({
        space: spec.searchSpace,
        direction: spec.objective.direction,
        sampler: spec.algorithm,
        pruner: spec.pruner,
        seed: sweep.seed,
        trials: history,
      });
      const params: Params[] = [];
      try {
        while (params.length < slots) params.push(study.ask().params);
      } catch (error) {
        if (!(error instanceof SearchExhaustedError)) throw error;
        this.deps.logger.info('search space exhausted', { sweepId, gridSize: error.gridSize });
        return { params, exhausted: true };
      }
      return { params, exhausted: false };
    };
  }

  private async dispatch(trials: TrialRow[], specOf: (trial: TrialRow) => SweepSpec): Promise<void> {
    const dispatched: string[] = [];
    try {
      for (const trial of trials) {
        await publishAssignment(this.deps.js, this.deps.names, assignmentFor(trial, specOf(trial)));
        dispatched.push(trial.id);
      }
    } catch (error) {
      // The trials stay QUEUED with no dispatch mark; redispatch() publishes them later.
      this.deps.logger.warn('assignment publish failed; will retry', { error, pending: trials.length - dispatched.length });
    } finally {
      await this.deps.trials.markDispatched(dispatched);
    }
  }

  /** Returns true when the sweep is no longer running. */
  private async finishIfDone(sweepId: string): Promise<boolean> {
    const outcome = await this.deps.sweeps.finishIfDone(sweepId, this.exhausted.has(sweepId));
    if (!outcome.changed) return outcome.state !== 'RUNNING';

    this.exhausted.delete(sweepId);
    this.deps.logger.info('sweep finished', { sweepId, state: outcome.state, cancelled: outcome.cancelledTrialIds.length });
    await this.cancelTrials(outcome.cancelledTrialIds, `sweep ${outcome.state.toLowerCase()}`);
    this.deps.events.publish(sweepId, { type: 'SWEEP_FINISHED' });
    if (outcome.state === 'COMPLETED') this.deps.onCompleted(sweepId);
    return true;
  }

  /** Tells the workers holding these trials to stop; a queued one is skipped when pulled. */
  async cancelTrials(trialIds: string[], reason: string): Promise<void> {
    await Promise.all(trialIds.map((trialId) => this.deps.control.send(trialId, { action: 'cancel', reason })));
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
