import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWorkerEvent, encode, MalformedMessageError, type WorkerEvent } from './codec.js';

const base = { v: 1 as const, sweepId: 's', trialId: 't', attempt: 1, workerId: 'w', at: '2026-12-04T00:00:00.000Z' };

test('a progress message carries the reports made while the previous one was stored', () => {
  const event: WorkerEvent = { ...base, type: 'progress', step: 3, metrics: { loss: 0.3 }, earlier: [{ step: 1, metrics: { loss: 0.5 } }, { step: 2, metrics: { loss: null } }] };
  assert.deepEqual(decodeWorkerEvent('x.events.s', encode(event)), event);
});

test('malformed earlier reports are refused, naming the field', () => {
  for (const earlier of [{}, [{ step: 1.5, metrics: {} }], [{ step: 1 }], ['loss']]) {
    const data = new TextEncoder().encode(JSON.stringify({ ...base, type: 'progress', step: 2, metrics: {}, earlier }));
    assert.throws(() => decodeWorkerEvent('x.events.s', data), (error: unknown) => error instanceof MalformedMessageError && /progress\.earlier/.test(error.message));
  }
});
