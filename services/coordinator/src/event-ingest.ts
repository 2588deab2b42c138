// Applies worker events to PostgreSQL a batch at a time, in one round trip (started events,
// progress reports and outcomes together), then starts one refill per sweep that had
// trials finish. Each write applies only where it fits the stored state and attempt,
// so a redelivered event changes nothing and a late result from a replaced worker is logged,
// never recorded twice.
import type { Logger, SweepSpec } from '@hyperfleet/common';
import type { AppliedOutcome, OutcomeWrite, ProgressWrite, StartedWrite, StoredMetric, SweepStore, TrialOutcome, TrialRow, TrialStore } from '@hyperfleet/db';
import type { Metrics, TrialControl, WorkerEvent } from '@hyperfleet/transport';
import type { Scheduler } from './scheduler.js';
import type { SweepEvents } from './sweep-events.js';
import type { SweepStudies } from './sweep-studies.js';

export interface EventIngestDeps {
  sweeps: SweepStore;
  trials: TrialStore;
  scheduler: Scheduler;
  studies: SweepStudies;
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

type TerminalEvent = Exclude<WorkerEvent, { type: 'started' | 'progress' }>;

export class EventIngest {
  private readonly specs = new Map<string, SweepSpec | null>();

  constructor(private readonly deps: EventIngestDeps) {}

  async handleBatch(batch: WorkerEvent[]): Promise<void> {
    const started: StartedWrite[] = [];
    const progress: ProgressWrite[] = [];
    const outcomes: (OutcomeWrite & { event: TerminalEvent })[] = [];
    for (const event of batch) {
      const spec = await this.specOf(event.sweepId);
      if (!spec) {
        this.deps.logger.warn('event for an unknown sweep set aside', { sweepId: event.sweepId, trialId: event.trialId, event: event.type });
        continue;
      }
      if (event.type === 'started') started.push({ trialId: event.trialId, attempt: event.attempt, workerId: storableText(event.workerId), at: new Date(event.at) });
      else if (event.type === 'progress') {
        for (const report of [...(event.earlier ?? []), { step: event.step, metrics: event.metrics }]) {
          progress.push({ trialId: event.trialId, attempt: event.attempt, step: report.step, values: finiteMetrics(report.metrics) });
        }
      }
      else outcomes.push({ sweepId: event.sweepId, trialId: event.trialId, attempt: event.attempt, outcome: outcomeOf(event, spec), event });
    }

    const applied = await this.deps.trials.applyEvents({ started, progress, outcomes });
    this.announceStarted(applied.started);
    await this.judgeProgress(applied.progress);
    const freed = await this.settleOutcomes(outcomes, applied.outcomes);
    // Not awaited: the batch is stored and can be acked while the sweeps refill. A refill
    // cut short by a crash is redone by the coordinator's reconcile tick.
    for (const [sweepId, slots] of freed) void this.deps.scheduler.advance(sweepId, slots);
  }

  private announceStarted(trials: TrialRow[]): void {
    for (const trial of trials) {
      this.deps.logger.debug('trial started', { sweepId: trial.sweepId, trialId: trial.id, attempt: trial.attempt, workerId: trial.workerId });
      this.deps.events.publish(trial.sweepId, { type: 'TRIAL_STARTED', trial });
    }
  }

  private async judgeProgress(stored: StoredMetric[]): Promise<void> {
    const { studies, control, events, logger } = this.deps;
    for (const { trial, metric } of stored) {
      events.publish(trial.sweepId, { type: 'TRIAL_PROGRESS', trial, metric });
      const value = (metric.values as Record<string, number>)[this.specs.get(trial.sweepId)!.objective.metric];
      if (trial.state !== 'RUNNING' || metric.attempt !== trial.attempt || typeof value !== 'number') continue;
      if (!studies.report(trial.sweepId, trial.number, metric.step, value)) continue;

      logger.info('trial pruned by rule', { sweepId: trial.sweepId, trialId: trial.id, step: metric.step, value });
      await control.send(trial.id, { action: 'prune', reason: `${this.specs.get(trial.sweepId)!.pruner.name} rule at step ${metric.step}` });
    }
  }

  /** Tells the studies the stored outcomes; returns, per sweep, the slots they freed. */
  private async settleOutcomes(writes: (OutcomeWrite & { event: TerminalEvent })[], applied: AppliedOutcome[]): Promise<Map<string, number>> {
    const freed = new Map<string, number>();
    if (writes.length === 0) return freed;
    const { trials, studies, control, events, logger } = this.deps;

    const appliedIds = new Set(applied.map((a) => a.trial.id));
    for (const { trial, previousAttempt } of applied) {
      freed.set(trial.sweepId, (freed.get(trial.sweepId) ?? 0) + 1);
      logger.info('trial finished', { sweepId: trial.sweepId, trialId: trial.id, attempt: trial.attempt, state: trial.state, value: trial.value, error: trial.error ?? undefined });
      studies.tell(trial.sweepId, trial.number, trial.state, trial.value);
      events.publish(trial.sweepId, { type: TERMINAL_CHANGE[trial.state as keyof typeof TERMINAL_CHANGE], trial });
      const write = writes.find((w) => w.trialId === trial.id)!;
      if (previousAttempt > write.attempt) {
        // An older attempt finished first; the newer one still runs somewhere and can stop.
        await control.send(trial.id, { action: 'cancel', reason: 'an earlier attempt already finished' });
      }
    }

    const ignored = writes.filter((w) => !appliedIds.has(w.trialId));
    if (ignored.length > 0) {
      const stored = await trials.states(ignored.map((w) => w.trialId));
      for (const write of ignored) {
        const current = stored.get(write.trialId);
        // The first result stands; a later one is dropped on purpose, and said so.
        logger.warn('late result ignored; the first result stands', {
          sweepId: write.sweepId,
          trialId: write.trialId,
          attempt: write.attempt,
          event: write.event.type,
          storedState: current?.state,
          storedAttempt: current?.attempt,
        });
        // A result redelivered after a crash whose refill may not have happened.
        if (current && !freed.has(current.sweepId)) freed.set(current.sweepId, 0);
      }
    }
    return freed;
  }

  private async specOf(sweepId: string): Promise<SweepSpec | undefined> {
    if (this.specs.has(sweepId)) return this.specs.get(sweepId) ?? undefined;
    try {
      const spec = (await this.deps.sweeps.get(sweepId)).spec as unknown as SweepSpec;
      this.specs.set(sweepId, spec);
      return spec;
    } catch {
      this.specs.set(sweepId, null);
      return undefined;
    }
  }
}

/**
 * Only finite numbers are metrics; NaN and Infinity arrive as null and are dropped. So is a
 * name PostgreSQL cannot store (a NUL character): the rest of the report still is.
 */
function finiteMetrics(metrics: Metrics): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === 'number' && Number.isFinite(value) && !name.includes('\u0000')) values[name] = value;
  }
  return values;
}

/**
 * Text as PostgreSQL can store it: a NUL character (a command's stderr can hold one) would
 * make the whole batch fail on every retry, so it is shown as U+FFFD instead.
 */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/**
 * The stored outcome of a terminal event. A completed trial whose objective metric is
 * missing or not finite is FAILED with the reason: such a value never becomes the best.
 */
export function outcomeOf(event: TerminalEvent, spec: SweepSpec): TrialOutcome {
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
      return { state: 'FAILED', error: storableText(event.error), step: event.step };
    case 'cancelled':
      return { state: 'CANCELLED', error: storableText(String(event.reason)) };
  }
}
