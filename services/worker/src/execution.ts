// What running one trial means to the worker, whichever kind of trial it is.
import type { Logger } from '@hyperfleet/common';
import type { Assignment, Metrics } from '@hyperfleet/transport';

export type StopKind = 'prune' | 'cancel' | 'shutdown';

export interface StopRequest {
  kind: StopKind;
  reason: string;
}

export interface ExecutionContext {
  assignment: Assignment;
  /** Aborted on cancel and shutdown: stop at once. A prune is read with stopRequest() at the next step. */
  signal: AbortSignal;
  stopRequest(): StopRequest | undefined;
  /** Publishes one step's metrics; resolves once JetStream stored them. */
  report(step: number, metrics: Metrics): Promise<void>;
  logger: Logger;
}

export interface ExecutionResult {
  /** The metrics of the last step, the objective among them. */
  metrics: Metrics;
  step?: number;
  artifact?: { bytes: Uint8Array; digest: string };
}

export interface TrialExecution {
  run(context: ExecutionContext): Promise<ExecutionResult>;
}

/** A trial's own failure (bad params, a crashing command): recorded FAILED, not retried. */
export class TrialFailedError extends Error {
  override readonly name = 'TrialFailedError';
}
