// The coordinator's side of the event stream: a durable consumer that hands each decoded
// event to the handler and acks it only after the handler has stored it. A malformed event
// is set aside (term) with a log line; a handler error retries the event after a delay.
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@hyperfleet/common';
import { decodeWorkerEvent, MalformedMessageError, type WorkerEvent } from './codec.js';
import type { TransportNames } from './names.js';
import { sleep } from './publish.js';
import { EVENT_ACK_WAIT_MS } from './topology.js';

export type EventHandler = (event: WorkerEvent) => Promise<void>;

export interface EventConsumerOptions {
  logger: Logger;
  /** Messages pulled per request; events are still handled one at a time, in order. */
  batchSize?: number;
  retryDelayMs?: number;
}

export async function consumeEvents(
  nc: NatsConnection,
  names: TransportNames,
  handler: EventHandler,
  signal: AbortSignal,
  options: EventConsumerOptions,
): Promise<void> {
  const { logger } = options;
  const js = jetstream(nc);
  let backoffMs = 250;
  while (!signal.aborted) {
    try {
      const consumer = await js.consumers.get(names.eventStream, names.eventConsumer);
      const messages = await consumer.consume({ max_messages: options.batchSize ?? 64 });
      const stop = () => void messages.close();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const msg of messages) {
          await handleOne(msg, handler, options);
          backoffMs = 250;
        }
      } finally {
        signal.removeEventListener('abort', stop);
      }
    } catch (error) {
      if (signal.aborted) break;
      logger.warn('event consumer interrupted; resuming', { error, waitMs: backoffMs });
      await sleep(backoffMs, signal);
      backoffMs = Math.min(backoffMs * 2, 5_000);
    }
  }
}

async function handleOne(msg: JsMsg, handler: EventHandler, options: EventConsumerOptions): Promise<void> {
  let event: WorkerEvent;
  try {
    event = decodeWorkerEvent(msg.subject, msg.data);
  } catch (error) {
    if (!(error instanceof MalformedMessageError)) throw error;
    options.logger.error('malformed event set aside', { error, streamSeq: msg.seq });
    // No reason text: servers before 2.10 ignore a "+TERM <reason>" ack entirely.
    msg.term();
    return;
  }
  // A handler held up (PostgreSQL restarting) keeps the event from being redelivered meanwhile.
  const heartbeat = setInterval(() => msg.working(), EVENT_ACK_WAIT_MS / 3);
  try {
    await handler(event);
    msg.ack();
  } catch (error) {
    options.logger.error('event not stored; will retry', { error, trialId: event.trialId, event: event.type });
    msg.nak(options.retryDelayMs ?? 1_000);
  } finally {
    clearInterval(heartbeat);
  }
}
