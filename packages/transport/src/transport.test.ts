import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { silentLogger } from '@hyperfleet/common';
import {
  AssignmentRunner,
  consumeEvents,
  destroyTopology,
  encode,
  ensureTopology,
  JetStreamArtifactStore,
  publishAssignment,
  publishEvent,
  TrialControl,
  transportNames,
  type Assignment,
  type WorkerEvent,
} from './index.js';

const names = transportNames(`t${randomUUID().slice(0, 8)}`);
let nc: NatsConnection;

before(async () => {
  nc = await connect({ servers: process.env.HYPERFLEET_NATS_URL ?? '127.0.0.1:4222' });
  await ensureTopology(nc, names, { ackWaitMs: 1_000, duplicateWindowMs: 60_000, eventMaxAgeMs: 60_000 });
});

after(async () => {
  await destroyTopology(nc, names);
  await nc.close();
});

function assignment(trialId = randomUUID()): Assignment {
  return {
    v: 1,
    sweepId: randomUUID(),
    trialId,
    number: 0,
    params: { x: 1 },
    objective: { metric: 'loss', direction: 'minimize' },
    template: { kind: 'command', maxAttempts: 3, command: { argv: ['true'], env: {}, timeoutSeconds: 5 } },
    seed: 1,
  };
}

test('ensureTopology can run again on an existing topology', async () => {
  await ensureTopology(nc, names, { ackWaitMs: 1_000, duplicateWindowMs: 60_000, eventMaxAgeMs: 60_000 });
});

test('an assignment republished with the same trial id is stored once', async () => {
  const work = assignment();
  const first = await publishAssignment(jetstream(nc), names, work);
  const second = await publishAssignment(jetstream(nc), names, work);
  assert.equal(first.duplicate, false);
  assert.equal(second.duplicate, true);

  const controller = new AbortController();
  const seen: string[] = [];
  const runner = new AssignmentRunner(nc, names, { heartbeatMs: 300, pullExpiresMs: 1_000, logger: silentLogger });
  await runner.run(async ({ assignment: got }) => {
    seen.push(got.trialId);
    controller.abort();
    return 'done';
  }, controller.signal);
  assert.deepEqual(seen, [work.trialId]);
});

test('an assignment that is not acked is redelivered with the next attempt number', async () => {
  const work = assignment();
  await publishAssignment(jetstream(nc), names, work);
  const attempts: number[] = [];
  const controller = new AbortController();
  const runner = new AssignmentRunner(nc, names, { heartbeatMs: 300, pullExpiresMs: 1_000, logger: silentLogger });
  await runner.run(async ({ attempt }) => {
    attempts.push(attempt);
    if (attempt === 1) return 'release';
    controller.abort();
    return 'done';
  }, controller.signal);
  assert.deepEqual(attempts, [1, 2]);
});

test('heartbeats keep a long assignment with its worker past the ack wait', async () => {
  const work = assignment();
  await publishAssignment(jetstream(nc), names, work);
  const controller = new AbortController();
  const attempts: number[] = [];
  const runner = new AssignmentRunner(nc, names, { heartbeatMs: 300, pullExpiresMs: 1_000, logger: silentLogger });
  await runner.run(async ({ attempt }) => {
    attempts.push(attempt);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    controller.abort();
    return 'done';
  }, controller.signal);
  assert.deepEqual(attempts, [1]);
});

test('events reach the consumer in order and a malformed one is set aside', async () => {
  const js = jetstream(nc);
  const sweepId = randomUUID();
  const trialId = randomUUID();
  const base = { v: 1 as const, sweepId, trialId, attempt: 1, workerId: 'w1', at: new Date().toISOString() };
  await js.publish(`${names.eventSubjectPrefix}.${sweepId}`, new TextEncoder().encode('{not json'));
  const events: WorkerEvent[] = [
    { ...base, type: 'started' },
    { ...base, type: 'progress', step: 1, metrics: { loss: 0.5 } },
    { ...base, type: 'completed', step: 1, metrics: { loss: 0.4 } },
  ];
  for (const event of events) await publishEvent(js, names, event, { logger: silentLogger, deadlineMs: 5_000 });
  // A repeat of an event (same trial, attempt, type, step) is deduplicated by the stream.
  const repeat = await publishEvent(js, names, events[1]!, { logger: silentLogger, deadlineMs: 5_000 });
  assert.equal(repeat.duplicate, true);

  const received: string[] = [];
  const controller = new AbortController();
  await consumeEvents(
    nc,
    names,
    async (batch) => {
      received.push(...batch.map((event) => event.type));
      if (received.length === 3) controller.abort();
    },
    controller.signal,
    { logger: silentLogger },
  );
  assert.deepEqual(received, ['started', 'progress', 'completed']);
  assert.ok(encode(events[0]!).length > 0);
});

test('a control decision is seen by a reader and a watcher', async () => {
  const control = await TrialControl.open(nc, names);
  const trialId = randomUUID();
  assert.equal(await control.read(trialId), undefined);
  let delivered: (signal: unknown) => void = () => {};
  const seen = new Promise((resolve) => (delivered = resolve));
  const stop = await control.watchAll((id, signal) => id === trialId && delivered(signal));
  await control.send(trialId, { action: 'prune', reason: 'asha rung 1' });
  assert.deepEqual(await seen, { action: 'prune', reason: 'asha rung 1' });
  stop();
  assert.deepEqual(await control.read(trialId), { action: 'prune', reason: 'asha rung 1' });
});

test('artifacts round-trip through the object store by trial id and digest', async () => {
  const store = await JetStreamArtifactStore.open(nc, names);
  const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
  const key = await store.put('trial-1', 'sha256:abc', bytes);
  assert.equal(await store.put('trial-1', 'sha256:abc', bytes), key);
  assert.deepEqual(await store.get(key), bytes);
  assert.equal(await store.get('trials/none/sha256-x'), undefined);
});
