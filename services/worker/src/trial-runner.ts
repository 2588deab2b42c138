// One trial on this worker, from assignment to settled message: check the attempt budget
// and any standing decision, announce the start, run, store the model, publish the outcome,
// and only then let the assignment be acked.
import type { Logger } from '@hyperfleet/common';
import {
  publishEvent,
  type Assignment,
  type AssignmentContext,
  type AssignmentOutcome,
  type ControlSignal,
  type Metrics,
  type ModelArtifactStore,
  type StepReport,
  type TransportNames,
  type TrialControl,
  type WorkerEvent,
} from '@hyperfleet/transport';
import type { JetStreamClient } from '@nats-io/jetstream';
import { TrialFailedError, type StopRequest, type TrialExecution } from './execution.js';

export interface TrialRunnerDeps {
  workerId: string;
  js: JetStreamClient;
  names: TransportNames;
  control: TrialControl;
  /** Decisions for running trials, from the worker's single control watcher. */
  controls: ControlRouter;
  artifacts: ModelArtifactStore;
  executions: Record<Assignment['template']['kind'], TrialExecution>;
  logger: Logger;
  /** Aborted when the worker must give back its trial (after the drain timeout). */
  handBack: AbortSignal;
}

/** A result keeps being retried for this long while NATS is away; progress for less. */
const RESULT_PUBLISH_DEADLINE_MS = 10 * 60_000;
const PROGRESS_PUBLISH_DEADLINE_MS = 60_000;

/**
 * How far apart the worker's and the NATS server's clocks may be, for telling whether an
 * assignment came after the control watcher opened. Past it, a decision made just before
 * the worker started can miss a trial: a cancelled one runs and its result is ignored, a
 * pruned one runs to its end.
 */
const CLOCK_SLACK_MS = 5_000;
/** Decisions remembered for trials that have not started here yet. */
const REMEMBERED_DECISIONS = 50_000;

/**
 * Routes decisions from the worker's one control watcher to the trial each one names, and
 * remembers recent ones, so that a trial starting after its decision still gets it.
 */
export class ControlRouter {
  private readonly listeners = new Map<string, (signal: ControlSignal) => void>();
  private readonly recent = new Map<string, ControlSignal>();

  /** `watchingSinceMs`: when the watcher opened; every decision made later reaches deliver(). */
  constructor(private readonly watchingSinceMs = Date.now()) {}

  deliver(trialId: string, signal: ControlSignal): void {
    this.recent.delete(trialId);
    this.recent.set(trialId, signal);
    if (this.recent.size > REMEMBERED_DECISIONS) this.recent.delete(this.recent.keys().next().value!);
    this.listeners.get(trialId)?.(signal);
  }

  /** Calls `listener` with the trial's remembered decision, if any, and with any later one. */
  listen(trialId: string, listener: (signal: ControlSignal) => void): () => void {
    this.listeners.set(trialId, listener);
    const known = this.recent.get(trialId);
    if (known) listener(known);
    return () => this.listeners.delete(trialId);
  }

  /**
   * Whether a decision about an assignment stored at `publishedAtMs` may predate the
   * watcher, and must be read from the bucket. A decision is never made long before its
   * trial's assignment is published: only queued trials of running sweeps are
   * (re)published, and those have none.
   */
  mayHaveMissed(publishedAtMs: number): boolean {
    return publishedAtMs < this.watchingSinceMs + CLOCK_SLACK_MS;
  }
}

export class TrialRunner {
  constructor(private readonly deps: TrialRunnerDeps) {}

  readonly handle = async ({ assignment, attempt, publishedAtMs }: AssignmentContext): Promise<AssignmentOutcome> => {
    const { deps } = this;
    const log = deps.logger.child({ sweepId: assignment.sweepId, trialId: assignment.trialId, attempt });
    log.debug('trial received', { number: assignment.number, atMs: preciseNow() });
    const base = { v: 1 as const, sweepId: assignment.sweepId, trialId: assignment.trialId, attempt, workerId: deps.workerId };
    const publish = (event: DistributiveOmit<WorkerEvent, keyof typeof base | 'at'>, deadlineMs = RESULT_PUBLISH_DEADLINE_MS) =>
      publishEvent(deps.js, deps.names, { ...base, at: new Date().toISOString(), ...event } as WorkerEvent, { logger: log, deadlineMs });

    // Deliveries that a worker shutting down handed back are not attempts that failed.
    const maxAttempts = assignment.template.maxAttempts;
    const handBacks = attempt > maxAttempts ? await deps.control.handBacks(assignment.trialId) : 0;
    if (attempt - handBacks > maxAttempts) {
      log.warn('trial out of attempts', { maxAttempts, handBacks });
      await publish({ type: 'failed', error: `gave up after ${maxAttempts} attempts: the workers running it stopped before finishing` });
      return 'done';
    }
    let stop: StopRequest | undefined;
    const abort = new AbortController();
    const requestStop = (request: StopRequest) => {
      if (stop) return;
      stop = request;
      log.info('trial stop requested', { kind: request.kind, reason: request.reason });
      if (request.kind !== 'prune') abort.abort();
    };
    // Listen before reading the standing decision, so that none can fall between the two.
    const unwatch = deps.controls.listen(assignment.trialId, (signal) => requestStop({ kind: signal.action, reason: signal.reason }));
    const standing = deps.controls.mayHaveMissed(publishedAtMs)
      ? await deps.control.read(assignment.trialId).catch(() => undefined)
      : undefined;
    if (standing) requestStop({ kind: standing.action, reason: standing.reason });
    if ((stop as StopRequest | undefined)?.kind === 'cancel') {
      unwatch();
      log.info('trial cancelled before it started', { reason: stop!.reason });
      await publish({ type: 'cancelled', reason: stop!.reason });
      return 'done';
    }

    // Start and progress events are pipelined: the trial does not wait for each to be
    // stored, and the outcome is published while the last of them are still in flight.
    const inFlight = new PublishPipeline();
    inFlight.add(publish({ type: 'started' }));
    const reports = new ReportBatcher(inFlight, (batch) => {
      const { step, metrics } = batch.at(-1)!;
      const earlier = batch.slice(0, -1);
      return publish({ type: 'progress', step, metrics, ...(earlier.length > 0 ? { earlier } : {}) }, PROGRESS_PUBLISH_DEADLINE_MS);
    });
    // The outcome is sent behind them on the same connection, so the stream stores it after
    // them; a report whose publish had to be retried and lands later is still stored. Once
    // the outcome is stored, a report given up on is not worth running the trial again.
    const publishOutcome = async (event: Parameters<typeof publish>[0]) => {
      reports.sendWaiting();
      const [earlier, outcome] = await Promise.allSettled([inFlight.flush(), publish(event)]);
      if (outcome.status === 'rejected') throw outcome.reason;
      if (earlier.status === 'rejected') log.warn('a report was not stored, the outcome was', { error: earlier.reason as Error });
    };
    log.info('trial started', { number: assignment.number, kind: assignment.template.kind });

    const onHandBack = () => requestStop({ kind: 'shutdown', reason: 'worker shutting down' });
    const handBack = async (): Promise<AssignmentOutcome> => {
      // Counted before the release: the next worker must see it when the trial arrives.
      await deps.control.countHandBack(assignment.trialId).catch((error: unknown) => log.warn('hand-back not counted; it will use up an attempt', { error }));
      log.info('trial handed back', { reason: 'worker shutting down' });
      return 'release';
    };
    deps.handBack.addEventListener('abort', onHandBack, { once: true });
    if (deps.handBack.aborted) onHandBack();

    try {
      const execution = deps.executions[assignment.template.kind];
      const result = await execution.run({
        assignment,
        signal: abort.signal,
        stopRequest: () => stop,
        report: async (step: number, metrics: Metrics) => reports.add({ step, metrics }),
        logger: log,
      });
      // A prune that arrives after the last epoch changes nothing: the trial completed.
      const stopped = stop as StopRequest | undefined;
      if (stopped?.kind === 'shutdown') return handBack();
      if (stopped?.kind === 'cancel') {
        await publishOutcome({ type: 'cancelled', reason: stopped.reason });
        return 'done';
      }
      if (stopped?.kind === 'prune') {
        await publishOutcome({ type: 'pruned', step: result.step, metrics: result.metrics });
        return 'done';
      }

      const artifact = result.artifact
        ? { key: await deps.artifacts.put(assignment.trialId, result.artifact.digest, result.artifact.bytes), digest: result.artifact.digest }
        : undefined;
      await publishOutcome({ type: 'completed', step: result.step, metrics: result.metrics, ...(artifact ? { artifact } : {}) });
      log.debug('trial result published', { atMs: preciseNow() });
      log.info('trial completed', { step: result.step, metric: assignment.objective.metric, value: result.metrics[assignment.objective.metric] });
      return 'done';
    } catch (error) {
      const stopped = stop as StopRequest | undefined;
      if (stopped?.kind === 'shutdown') return handBack();
      if (stopped?.kind === 'cancel') {
        await publishOutcome({ type: 'cancelled', reason: stopped.reason });
        return 'done';
      }
      if (!(error instanceof TrialFailedError)) throw error;
      log.warn('trial failed', { error: error.message });
      await publishOutcome({ type: 'failed', error: error.message });
      return 'done';
    } finally {
      unwatch();
      deps.handBack.removeEventListener('abort', onHandBack);
    }
  };
}

/** Reports in one message at most: a message stays far below NATS's payload limit. */
const MAX_REPORTS_PER_MESSAGE = 100;

/**
 * A trial's progress reports: one goes out at once when none is being stored, and those
 * made meanwhile wait and go together in the next message. A trial reporting every
 * millisecond then costs one message per round trip to the stream, not one per step.
 */
class ReportBatcher {
  private waiting: StepReport[] = [];
  private sending = false;

  /** `send` gets one or more reports, in the order they were made. */
  constructor(
    private readonly pipeline: PublishPipeline,
    private readonly send: (batch: StepReport[]) => Promise<unknown>,
  ) {}

  add(report: StepReport): void {
    this.waiting.push(report);
    if (!this.sending) this.pipeline.add(this.sendInTurn());
  }

  /** Sends what waits now, without waiting for the message being stored (before an outcome). */
  sendWaiting(): void {
    while (this.waiting.length > 0) this.pipeline.add(this.sendBatch());
  }

  private async sendInTurn(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length > 0) await this.sendBatch();
    } finally {
      this.sending = false;
    }
  }

  private sendBatch(): Promise<unknown> {
    return this.send(this.waiting.splice(0, MAX_REPORTS_PER_MESSAGE));
  }
}

/** Publishes that may complete in any order; flush() waits for all and rethrows the first failure. */
class PublishPipeline {
  private readonly pending: Promise<void>[] = [];
  private failure: unknown;

  add(publish: Promise<unknown>): void {
    this.pending.push(
      publish.then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= error;
        },
      ),
    );
  }

  async flush(): Promise<void> {
    await Promise.all(this.pending.splice(0));
    if (this.failure !== undefined) throw this.failure;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Wall-clock milliseconds with sub-millisecond precision, for latency figures read from the logs. */
function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
