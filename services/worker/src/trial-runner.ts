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

/** Routes decisions from the worker's one control watcher to the trial each one names. */
export class ControlRouter {
  private readonly listeners = new Map<string, (signal: ControlSignal) => void>();

  deliver(trialId: string, signal: ControlSignal): void {
    this.listeners.get(trialId)?.(signal);
  }

  listen(trialId: string, listener: (signal: ControlSignal) => void): () => void {
    this.listeners.set(trialId, listener);
    return () => this.listeners.delete(trialId);
  }
}

export class TrialRunner {
  constructor(private readonly deps: TrialRunnerDeps) {}

  readonly handle = async ({ assignment, attempt }: AssignmentContext): Promise<AssignmentOutcome> => {
    const { deps } = this;
    const log = deps.logger.child({ sweepId: assignment.sweepId, trialId: assignment.trialId, attempt });
    log.debug('trial received', { number: assignment.number, atMs: preciseNow() });
    const base = { v: 1 as const, sweepId: assignment.sweepId, trialId: assignment.trialId, attempt, workerId: deps.workerId };
    const publish = (event: DistributiveOmit<WorkerEvent, keyof typeof base | 'at'>, deadlineMs = RESULT_PUBLISH_DEADLINE_MS) =>
      publishEvent(deps.js, deps.names, { ...base, at: new Date().toISOString(), ...event } as WorkerEvent, { logger: log, deadlineMs });

    const maxAttempts = assignment.template.maxAttempts;
    if (attempt > maxAttempts) {
      log.warn('trial out of attempts', { maxAttempts });
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
    const standing = await deps.control.read(assignment.trialId).catch(() => undefined);
    if (standing?.action === 'cancel') {
      unwatch();
      log.info('trial cancelled before it started', { reason: standing.reason });
      await publish({ type: 'cancelled', reason: standing.reason });
      return 'done';
    }
    if (standing) requestStop({ kind: standing.action, reason: standing.reason });

    // Start and progress events are pipelined: the trial does not wait for each to be
    // stored, but its outcome goes out only after all of them are (see settleOutcome).
    const inFlight = new PublishPipeline();
    inFlight.add(publish({ type: 'started' }));
    const publishOutcome = async (event: Parameters<typeof publish>[0]) => {
      await inFlight.flush();
      await publish(event);
    };
    log.info('trial started', { number: assignment.number, kind: assignment.template.kind });

    const onHandBack = () => requestStop({ kind: 'shutdown', reason: 'worker shutting down' });
    deps.handBack.addEventListener('abort', onHandBack, { once: true });
    if (deps.handBack.aborted) onHandBack();

    try {
      const execution = deps.executions[assignment.template.kind];
      const result = await execution.run({
        assignment,
        signal: abort.signal,
        stopRequest: () => stop,
        report: async (step: number, metrics: Metrics) => {
          inFlight.add(publish({ type: 'progress', step, metrics }, PROGRESS_PUBLISH_DEADLINE_MS));
        },
        logger: log,
      });
      // A prune that arrives after the last epoch changes nothing: the trial completed.
      const stopped = stop as StopRequest | undefined;
      if (stopped?.kind === 'shutdown') return 'release';
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
      if (stopped?.kind === 'shutdown') return 'release';
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
