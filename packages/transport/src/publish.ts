// Publishing with JetStream's acknowledgement: a message counts as sent only once the stream
// has stored it. The message id makes a retry of the same publish a no-op on the server.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { Logger } from '@hyperfleet/common';
import { encode, type Assignment, type WorkerEvent } from './codec.js';
import { eventSubject, type TransportNames } from './names.js';

export async function publishAssignment(js: JetStreamClient, names: TransportNames, assignment: Assignment) {
  // The trial id as message id: a coordinator that restarts and republishes an assignment it
  // is unsure about gets it deduplicated within the stream's window.
  return js.publish(names.assignSubject, encode(assignment), { msgID: assignment.trialId });
}

export function eventMessageId(event: WorkerEvent): string {
  const step = 'step' in event && event.step !== undefined ? event.step : '';
  return `${event.trialId}.${event.attempt}.${event.type}.${step}`;
}

export interface RetryOptions {
  logger: Logger;
  signal?: AbortSignal;
  /** Give up after this long; results keep retrying much longer than progress. */
  deadlineMs: number;
}

/**
 * Publishes a worker event, retrying with capped backoff while NATS is away (a server
 * restart, a partition). Throws only when the deadline passes or the signal aborts.
 */
export async function publishEvent(js: JetStreamClient, names: TransportNames, event: WorkerEvent, retry: RetryOptions) {
  const started = Date.now();
  let waitMs = 100;
  for (;;) {
    try {
      return await js.publish(eventSubject(names, event.sweepId), encode(event), {
        msgID: eventMessageId(event),
        timeout: 5_000,
      });
    } catch (error) {
      if (retry.signal?.aborted || Date.now() - started + waitMs > retry.deadlineMs) throw error;
      retry.logger.warn('event publish failed; retrying', { trialId: event.trialId, event: event.type, error, waitMs });
      await sleep(waitMs);
      waitMs = Math.min(waitMs * 2, 5_000);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
