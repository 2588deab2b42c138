// Applies worker events to PostgreSQL. Each event names its trial and attempt; the stores
// apply it only when it fits the stored state, so a redelivered event changes nothing and a
// late result from a replaced worker is logged, never recorded twice.
import type { Logger, SweepSpec } from '@hyperfleet/common';
import { createPruner, type Pruner } from '@hyperfleet/core';
import type { ApplyResult, SweepStore, TrialOutcome, TrialStore } from '@hyperfleet/db';
import type { Metrics, TrialControl, WorkerEvent } from '@hyperfleet/transport';
import type { Scheduler } from './scheduler.js';
import type { SweepChange, SweepEvents } from './sweep-events.js';

export interface EventIngestDeps {
  sweeps: SweepStore;
  trials: TrialStore;
  scheduler: Scheduler;
  control: TrialControl;
  events: SweepEvents;
  logger: Logger;
}

const TERMINAL_CHANGE = {
  COMPLETED: 'TRIAL_COMPLETED',
  PRUNED: 'TRIAL_PRUNED',
  FAILED: 'TRIAL_FAILED',
  CANCELLED: 'TRIAL_CANCELLED',
} as const;

export class EventIngest {
  private readonly specs = new Map<string, SweepSpec>();

  constructor(private readonly deps: EventIngestDeps) {}

  async handle(event: WorkerEvent): Promise<void> {
    const log = this.deps.logger.child({ sweepId: event.sweepId, trialId: event.trialId, attempt: event.attempt });
    const spec = await this.specOf(event.sweepId);
    if (!spec) {
      log.warn('event for an unknown sweep set aside', { event: event.type });
      return;
    }

    if (event.type === 'started') {
      const result = await this.deps.trials.applyStarted(event.trialId, event.attempt, event.workerId, new Date(event.at));
      if (result.applied) {
        log.info('trial started', { workerId: event.workerId, number: result.trial.number });
        this.announce(event.sweepId, { type: 'TRIAL_STARTED', trial: result.trial });
      } else {
        this.logIgnored(log, event, result);
      }
      return;
    }

    if (event.type === 'progress') {
      const values = finiteMetrics(event.metrics);
      const result = await this.deps.trials.applyProgress(event.trialId, event.attempt, event.step, values);
      if (!result.applied) return this.logIgnored(log, event, result);
      this.announce(event.sweepId, {
        type: 'TRIAL_PROGRESS',
        trial: result.trial,
        metric: { step: event.step, values, recordedAt: new Date() },
      });
      await this.considerPruning(spec, event.sweepId, event.trialId, result.trial.number, log);
      return;
    }

    const outcome = outcomeOf(event, spec);
    const before = await this.deps.trials.findById(event.trialId);
    const result = await this.deps.trials.applyOutcome(event.trialId, event.attempt, outcome);
    if (!result.applied) {
      this.logIgnored(log, event, result);
      // A redelivered result whose write landed before a crash: the refill may not have.
      if (result.reason === 'already-finished') await this.deps.scheduler.advance(event.sweepId);
      return;
    }

    log.info('trial finished', { state: result.trial.state, value: result.trial.value, error: result.trial.error ?? undefined });
    this.announce(event.sweepId, { type: TERMINAL_CHANGE[outcome.state], trial: result.trial });
    if (before && before.attempt > event.attempt) {
      // An older attempt finished first; the newer one still runs somewhere and can stop.
      await this.deps.control.send(event.trialId, { action: 'cancel', reason: 'an earlier attempt already finished' });
    }
    await this.deps.scheduler.advance(event.sweepId);
  }

  private async considerPruning(spec: SweepSpec, sweepId: string, trialId: string, number: number, log: Logger) {
    if (spec.pruner.name === 'none') return;
    // TODO(issue 6: history is re-read per progress event; cache per sweep for large sweeps)
    const history = await this.deps.trials.historyWithIntermediates(sweepId, spec.objective.metric);
    const trial = history.find((record) => record.number === number);
    if (!trial) return;
    const pruner: Pruner = createPruner(spec.pruner);
    const others = history.filter((record) => record.number !== number);
    if (!pruner.shouldPrune({ direction: spec.objective.direction, trial, history: others })) return;

    log.info('trial pruned by rule', { pruner: spec.pruner.name, step: trial.intermediates?.at(-1)?.step });
    await this.deps.control.send(trialId, { action: 'prune', reason: `${spec.pruner.name} rule` });
  }

  private announce(sweepId: string, change: SweepChange): void {
    this.deps.events.publish(sweepId, change);
  }

  private logIgnored(log: Logger, event: WorkerEvent, result: Extract<ApplyResult, { applied: false }>): void {
    const terminal = event.type !== 'started' && event.type !== 'progress';
    const fields = { event: event.type, reason: result.reason, storedState: result.trial?.state, storedAttempt: result.trial?.attempt };
    // A second result for a finished trial is worth a warning: first result wins, this one is dropped on purpose.
    if (terminal && result.reason === 'already-finished') log.warn('late result ignored; the first result stands', fields);
    else log.debug('event changed nothing', fields);
  }

  private async specOf(sweepId: string): Promise<SweepSpec | undefined> {
    const cached = this.specs.get(sweepId);
    if (cached) return cached;
    try {
      const spec = (await this.deps.sweeps.get(sweepId)).spec as unknown as SweepSpec;
      this.specs.set(sweepId, spec);
      return spec;
    } catch {
      return undefined;
    }
  }
}

/** Only finite numbers are metrics; NaN and Infinity arrive as null and are dropped. */
function finiteMetrics(metrics: Metrics): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === 'number' && Number.isFinite(value)) values[name] = value;
  }
  return values;
}

/**
 * The stored outcome of a terminal event. A completed trial whose objective metric is
 * missing or not finite is FAILED with the reason: such a value never becomes the best.
 */
export function outcomeOf(event: Exclude<WorkerEvent, { type: 'started' | 'progress' }>, spec: SweepSpec): TrialOutcome {
  const metric = spec.objective.metric;
  switch (event.type) {
    case 'completed': {
      const value = event.metrics[metric];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        const got = value === undefined ? 'it was not reported' : `got ${String(value)}`;
        return { state: 'FAILED', error: `objective ${metric} is not a finite number (${got})`, step: event.step };
      }
      return { state: 'COMPLETED', value, step: event.step, artifactKey: event.artifact?.key, artifactDigest: event.artifact?.digest };
    }
    case 'pruned': {
      const value = event.metrics[metric];
      return { state: 'PRUNED', value: typeof value === 'number' && Number.isFinite(value) ? value : undefined, step: event.step };
    }
    case 'failed':
      return { state: 'FAILED', error: event.error, step: event.step };
    case 'cancelled':
      return { state: 'CANCELLED', error: event.reason };
  }
}
