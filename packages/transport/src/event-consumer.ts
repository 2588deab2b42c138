// The coordinator's side of the event stream: a durable consumer whose events reach the
// handler in batches (whatever has arrived while the previous batch was stored), in stream
// order. A batch is acked only after the handler has stored it; if the handler fails, the
// whole batch is retried after a delay. A malformed event is set aside (term) with a log line.
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@hyperfleet/common';
import { decodeWorkerEvent, MalformedMessageError, type WorkerEvent } from './codec.js';
import type { TransportNames } from './names.js';
import { sleep } from './publish.js';
import { EVENT_ACK_WAIT_MS } from './topology.js';

export type EventBatchHandler = (events: WorkerEvent[]) => Promise<void>;

export interface EventConsumerOptions {
  logger: Logger;
  /** Most events handed over at once. */
  maxBatch?: number;
  retryDelayMs?: number;
}

export async function consumeEvents(
  nc: NatsConnection,
  names: TransportNames,
  handler: EventBatchHandler,
  signal: AbortSignal,
  options: EventConsumerOptions,
): Promise<void> {
  const { logger } = options;
  const js = jetstream(nc);
  let backoffMs = 250;
  while (!signal.aborted) {
    try {
      const consumer = await js.consumers.get(names.eventStream, names.eventConsumer);
      const messages = await consumer.consume({ max_messages: 1_000 });
      const stop = () => void messages.close();
      signal.addEventListener('abort', stop, { once: true });
      try {
        const batches = new BatchQueue();
        const draining = drain(batches, handler, options);
        for await (const msg of messages) batches.push(msg);
        batches.close();
        await draining;
        backoffMs = 250;
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

/** Messages received but not yet handled; take() hands over all of them at once. */
class BatchQueue {
  private pending: JsMsg[] = [];
  private wake?: () => void;
  private closed = false;

  push(msg: JsMsg): void {
    this.pending.push(msg);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async take(max: number): Promise<JsMsg[] | undefined> {
    while (this.pending.length === 0) {
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    return this.pending.splice(0, max);
  }
}

async function drain(queue: BatchQueue, handler: EventBatchHandler, options: EventConsumerOptions): Promise<void> {
  for (;;) {
    const batch = await queue.take(options.maxBatch ?? 500);
    if (!batch) return;
    await handleBatch(batch, handler, options);
  }
}

async function handleBatch(batch: JsMsg[], handler: EventBatchHandler, options: EventConsumerOptions): Promise<void> {
  const events: WorkerEvent[] = [];
  const messages: JsMsg[] = [];
  for (const msg of batch) {
    try {
      events.push(decodeWorkerEvent(msg.subject, msg.data));
      messages.push(msg);
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      options.logger.error('malformed event set aside', { error, streamSeq: msg.seq });
      // No reason text: servers before 2.10 ignore a "+TERM <reason>" ack entirely.
      msg.term();
    }
  }
  if (events.length === 0) return;

  // A handler held up (PostgreSQL restarting) keeps the batch from being redelivered meanwhile.
  const heartbeat = setInterval(() => messages.forEach((msg) => msg.working()), EVENT_ACK_WAIT_MS / 3);
  try {
    await handler(events);
    for (const msg of messages) msg.ack();
  } catch (error) {
    options.logger.error('event batch not stored; will retry', { error, events: events.length });
    for (const msg of messages) msg.nak(options.retryDelayMs ?? 1_000);
  } finally {
    clearInterval(heartbeat);
  }
}
