// One trial on this worker, from assignment to settled message: check the attempt budget
// and any standing decision, announce the start, run, store the model, publish the outcome,
// and only then let the assignment be acked.
import type { Logger } from '@hyperfleet/common';
import {
  publishEvent,
  type AssignmentContext,
  type AssignmentOutcome,
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
  artifacts: ModelArtifactStore;
  executions: { tfjs: TrialExecution; command: TrialExecution };
  logger: Logger;
  /** Aborted when the worker must give back its trial (after the drain timeout). */
  handBack: AbortSignal;
}

/** A result keeps being retried for this long while NATS is away; progress for less. */
const RESULT_PUBLISH_DEADLINE_MS = 10 * 60_000;
const PROGRESS_PUBLISH_DEADLINE_MS = 60_000;

export class TrialRunner {
  constructor(private readonly deps: TrialRunnerDeps) {}

  readonly handle = async ({ assignment, attempt }: AssignmentContext): Promise<AssignmentOutcome> => {
    const { deps } = this;
    const log = deps.logger.child({ sweepId: assignment.sweepId, trialId: assignment.trialId, attempt });
    const base = { v: 1 as const, sweepId: assignment.sweepId, trialId: assignment.trialId, attempt, workerId: deps.workerId };
    const publish = (event: DistributiveOmit<WorkerEvent, keyof typeof base | 'at'>, deadlineMs = RESULT_PUBLISH_DEADLINE_MS) =>
      publishEvent(deps.js, deps.names, { ...base, at: new Date().toISOString(), ...event } as WorkerEvent, { logger: log, deadlineMs });

    const maxAttempts = assignment.template.maxAttempts;
    if (attempt > maxAttempts) {
      log.warn('trial out of attempts', { maxAttempts });
      await publish({ type: 'failed', error: `gave up after ${maxAttempts} attempts: the workers running it stopped before finishing` });
      return 'done';
    }
    const standing = await deps.control.read(assignment.trialId);
    if (standing?.action === 'cancel') {
      log.info('trial cancelled before it started', { reason: standing.reason });
      await publish({ type: 'cancelled', reason: standing.reason });
      return 'done';
    }

    await publish({ type: 'started' });
    log.info('trial started', { number: assignment.number, kind: assignment.template.kind });

    let stop: StopRequest | undefined;
    const abort = new AbortController();
    const requestStop = (request: StopRequest) => {
      if (stop) return;
      stop = request;
      log.info('trial stop requested', { kind: request.kind, reason: request.reason });
      if (request.kind !== 'prune') abort.abort();
    };
    const unwatch = await deps.control.watch(assignment.trialId, (signal) => requestStop({ kind: signal.action, reason: signal.reason }));
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
          await publish({ type: 'progress', step, metrics }, PROGRESS_PUBLISH_DEADLINE_MS);
        },
        logger: log,
      });
      // A prune that arrives after the last epoch changes nothing: the trial completed.
      const stopped = stop as StopRequest | undefined;
      if (stopped?.kind === 'shutdown') return 'release';
      if (stopped?.kind === 'cancel') {
        await publish({ type: 'cancelled', reason: stopped.reason });
        return 'done';
      }
      if (stopped?.kind === 'prune') {
        await publish({ type: 'pruned', step: result.step, metrics: result.metrics });
        return 'done';
      }

      const artifact = result.artifact
        ? { key: await deps.artifacts.put(assignment.trialId, result.artifact.digest, result.artifact.bytes), digest: result.artifact.digest }
        : undefined;
      await publish({ type: 'completed', step: result.step, metrics: result.metrics, ...(artifact ? { artifact } : {}) });
      log.info('trial completed', { step: result.step, metric: assignment.objective.metric, value: result.metrics[assignment.objective.metric] });
      return 'done';
    } catch (error) {
      const stopped = stop as StopRequest | undefined;
      if (stopped?.kind === 'shutdown') return 'release';
      if (stopped?.kind === 'cancel') {
        await publish({ type: 'cancelled', reason: stopped.reason });
        return 'done';
      }
      if (!(error instanceof TrialFailedError)) throw error;
      log.warn('trial failed', { error: error.message });
      await publish({ type: 'failed', error: error.message });
      return 'done';
    } finally {
      unwatch();
      deps.handBack.removeEventListener('abort', onHandBack);
    }
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
