// Creates (or updates) the streams, consumers and buckets Hyperfleet needs. Idempotent:
// every process calls it on start, so none depends on another having run first.
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstreamManager,
  type JetStreamManager,
  type StreamConfig,
  type ConsumerConfig,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { TransportNames } from './names.js';

export interface TopologyOptions {
  /**
   * How long a worker may go silent (no ack, no in-progress) before its trial goes to
   * another worker. Workers heartbeat at a third of this.
   */
  ackWaitMs: number;
  /** JetStream drops a re-published assignment with the same trial id within this window. */
  duplicateWindowMs: number;
  /** How long events stay in their stream after the coordinator stored them. */
  eventMaxAgeMs: number;
}

export const DEFAULT_TOPOLOGY: TopologyOptions = {
  ackWaitMs: 30_000,
  duplicateWindowMs: 10 * 60_000,
  eventMaxAgeMs: 24 * 3600_000,
};

export const EVENT_ACK_WAIT_MS = 10_000;

const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

export async function ensureTopology(
  nc: NatsConnection,
  names: TransportNames,
  options: TopologyOptions = DEFAULT_TOPOLOGY,
): Promise<void> {
  const jsm = await jetstreamManager(nc);

  await ensureStream(jsm, {
    name: names.assignStream,
    subjects: [names.assignSubject],
    // Work-queue retention: an assignment is deleted once a worker acks it.
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(options.duplicateWindowMs),
  });
  await ensureConsumer(jsm, names.assignStream, {
    durable_name: names.assignConsumer,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs),
    // Attempts are counted and capped by the worker from the delivery count, so that the
    // last attempt ends in a recorded FAILED instead of a silent drop.
    max_deliver: -1,
    max_ack_pending: 10_000,
    // Every idle worker slot holds one pull request open; the server's default of 512
    // would turn a larger fleet away.
    max_waiting: 16_384,
  });

  await ensureStream(jsm, {
    name: names.eventStream,
    subjects: [`${names.eventSubjectPrefix}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(options.eventMaxAgeMs),
    duplicate_window: nanos(Math.min(options.duplicateWindowMs, options.eventMaxAgeMs)),
  });
  await ensureConsumer(jsm, names.eventStream, {
    durable_name: names.eventConsumer,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    // Short, so that events a killed coordinator had pulled but not stored come back soon
    // to its successor; a slow handler sends in-progress acks (see event-consumer.ts).
    ack_wait: nanos(EVENT_ACK_WAIT_MS),
    max_deliver: -1,
    max_ack_pending: 20_000,
  });

  await new Kvm(nc).create(names.controlBucket, { history: 1, ttl: 7 * 24 * 3600_000 });
  await ensureArtifactBucket(nc, names);
}

/**
 * The model bucket alone, for the deploy service: it must not touch the streams and
 * consumers, whose settings (the workers' ack wait) belong to the coordinator and workers.
 */
export async function ensureArtifactBucket(nc: NatsConnection, names: TransportNames): Promise<void> {
  await new Objm(nc).create(names.artifactBucket, { storage: StorageType.File });
}

/** Deletes everything ensureTopology() made; for tests and `hyperfleet reset`. */
export async function destroyTopology(nc: NatsConnection, names: TransportNames): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const stream of [names.assignStream, names.eventStream, `KV_${names.controlBucket}`, `OBJ_${names.artifactBucket}`]) {
    await jsm.streams.delete(stream).catch((error: unknown) => {
      if (!isApiError(error, STREAM_NOT_FOUND)) throw error;
    });
  }
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch (error) {
    if (!isApiError(error, STREAM_NOT_FOUND)) throw error;
    await jsm.streams.add(config);
  }
}

async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Partial<ConsumerConfig> & { durable_name: string },
): Promise<void> {
  try {
    await jsm.consumers.info(stream, config.durable_name);
    await jsm.consumers.update(stream, config.durable_name, config);
  } catch (error) {
    if (!isApiError(error, CONSUMER_NOT_FOUND)) throw error;
    await jsm.consumers.add(stream, config);
  }
}

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
