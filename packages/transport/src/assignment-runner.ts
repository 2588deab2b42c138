// The worker's side of the assignment stream: pull one trial at a time, keep it alive with
// in-progress acks while it runs, and settle it once. The outcomes map one to one onto
// JetStream: done -> ack (after the result is stored), release -> nak, poison -> term.
import { jetstream, type Consumer, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@hyperfleet/common';
import { decodeAssignment, MalformedMessageError, type Assignment } from './codec.js';
import type { TransportNames } from './names.js';
import { sleep } from './publish.js';

export type AssignmentOutcome = 'done' | 'release' | 'poison';

export interface AssignmentContext {
  assignment: Assignment;
  /** JetStream's delivery count: 1 on the first delivery, +1 for each redelivery. */
  attempt: number;
  /** When the stream stored the assignment (the NATS server's clock), in epoch ms. */
  publishedAtMs: number;
  /** Aborted when the worker is shutting down. */
  signal: AbortSignal;
}

export type AssignmentHandler = (context: AssignmentContext) => Promise<AssignmentOutcome>;

export interface AssignmentRunnerOptions {
  /** Interval of in-progress acks; a third of the consumer's ack wait. */
  heartbeatMs: number;
  /** How long one pull waits for work before asking again. */
  pullExpiresMs?: number;
  logger: Logger;
}

export class AssignmentRunner {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly names: TransportNames,
    private readonly options: AssignmentRunnerOptions,
  ) {
    this.js = jetstream(nc);
  }

  /** Runs assignments one after another until `signal` aborts; returns after the last one is settled. */
  async run(handler: AssignmentHandler, signal: AbortSignal): Promise<void> {
    const settling = new Set<Promise<void>>();
    try {
      await this.pullAndHandle(handler, signal, settling);
    } finally {
      await Promise.all(settling);
    }
  }

  private async pullAndHandle(handler: AssignmentHandler, signal: AbortSignal, settling: Set<Promise<void>>): Promise<void> {
    const { logger } = this.options;
    let backoffMs = 250;
    let consumer: Consumer | undefined;
    while (!signal.aborted) {
      let msg: JsMsg | null;
      try {
        // Looked up once (a round trip), again only after a failure.
        consumer ??= await this.js.consumers.get(this.names.assignStream, this.names.assignConsumer);
        msg = await consumer.next({ expires: this.options.pullExpiresMs ?? 5_000 });
        backoffMs = 250;
      } catch (error) {
        consumer = undefined;
        logger.warn('assignment pull failed; retrying', { error, waitMs: backoffMs });
        await sleep(backoffMs, signal);
        backoffMs = Math.min(backoffMs * 2, 5_000);
        continue;
      }
      if (!msg) continue;
      const { settled } = await this.handle(msg, handler, signal);
      // The next pull does not wait for the server to confirm the ack: the result is
      // already stored, and a lost ack only brings a redelivery the coordinator ignores.
      settling.add(settled);
      void settled.then(() => settling.delete(settled));
    }
  }

  /** Runs the handler; `settled` is the settling of the message, which may still be in flight. */
  private async handle(msg: JsMsg, handler: AssignmentHandler, signal: AbortSignal): Promise<{ settled: Promise<void> }> {
    const { logger } = this.options;
    let assignment: Assignment;
    try {
      assignment = decodeAssignment(msg.subject, msg.data);
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      logger.error('malformed assignment set aside', { error, streamSeq: msg.seq });
      // No reason text: servers before 2.10 ignore a "+TERM <reason>" ack entirely.
      msg.term();
      return { settled: Promise.resolve() };
    }

    const heartbeat = setInterval(() => msg.working(), this.options.heartbeatMs);
    let outcome: AssignmentOutcome;
    try {
      outcome = await handler({ assignment, attempt: msg.info.deliveryCount, publishedAtMs: msg.info.timestampNanos / 1e6, signal });
    } catch (error) {
      // An unexpected worker error is not the trial's fault: let another attempt try.
      logger.error('assignment handler failed; releasing the trial', { error, trialId: assignment.trialId });
      outcome = 'release';
    } finally {
      clearInterval(heartbeat);
    }
    return { settled: settle(msg, outcome, logger, assignment.trialId) };
  }
}

async function settle(msg: JsMsg, outcome: AssignmentOutcome, logger: Logger, trialId: string): Promise<void> {
  try {
    if (outcome === 'done') await msg.ackAck({ timeout: 10_000 });
    else if (outcome === 'release') msg.nak();
    else msg.term();
  } catch (error) {
    // The result is already stored; a lost ack only means a redelivery whose result the
    // coordinator will see as a repeat.
    logger.warn('assignment ack not confirmed', { error, trialId, outcome });
  }
}
