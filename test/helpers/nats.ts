// A NATS namespace of a test's own: its streams, consumers and buckets are created by the
// services under test and deleted afterwards.
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { destroyTopology, transportNames, type TransportNames } from '@hyperfleet/transport';

export const NATS_URL = process.env.HYPERFLEET_NATS_URL ?? '127.0.0.1:4222';

export interface TestNats {
  names: TransportNames;
  nc: NatsConnection;
  /** Messages now stored in the assignment stream (work-queue: published and not yet acked). */
  pendingAssignments(): Promise<number>;
  destroy(): Promise<void>;
}

export async function createTestNats(): Promise<TestNats> {
  const names = transportNames(`t${randomBytes(5).toString('hex')}`);
  const nc = await connect({ servers: NATS_URL });
  return {
    names,
    nc,
    async pendingAssignments() {
      const jsm = await jetstreamManager(nc);
      try {
        return (await jsm.streams.info(names.assignStream)).state.messages;
      } catch {
        return 0;
      }
    },
    async destroy() {
      await destroyTopology(nc, names);
      await nc.close();
    },
  };
}
