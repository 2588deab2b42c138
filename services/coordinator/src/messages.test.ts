import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrialMetricRow, TrialRow } from '@hyperfleet/db';
import { sweepServiceDefinition, type Trial__Output } from '@hyperfleet/proto';
import { trialMessage } from './messages.js';

const TRIAL_ID = '22222222-2222-4222-8222-000000000003';

const row: TrialRow = {
  id: TRIAL_ID,
  sweepId: '11111111-1111-4111-8111-111111111111',
  number: 3,
  state: 'COMPLETED',
  params: { x: 0.5 },
  attempt: 2,
  workerId: 'w-2',
  dispatchedAt: new Date(0),
  value: 0.5,
  lastStep: 2,
  error: null,
  artifactKey: null,
  artifactDigest: null,
  createdAt: new Date(0),
  startedAt: new Date(1_000),
  finishedAt: new Date(2_000),
  updatedAt: new Date(2_000),
  interruption: null,
};

function metric(attempt: number, step: number, loss: number): TrialMetricRow {
  return { id: BigInt(attempt * 10 + step), trialId: TRIAL_ID, attempt, step, values: { loss }, recordedAt: new Date(step * 1_000) };
}

test('GetTrial carries the attempt of every step, across the wire', () => {
  const method = sweepServiceDefinition.GetTrial;
  const message = trialMessage(row, [metric(1, 1, 0.7), metric(2, 1, 0.6), metric(2, 2, 0.5)]);
  const received = method.responseDeserialize(method.responseSerialize(message)) as Trial__Output;
  assert.deepEqual(
    received.metrics.map(({ attempt, step, values }) => ({ attempt, step, loss: values.loss })),
    [
      { attempt: 1, step: 1, loss: 0.7 },
      { attempt: 2, step: 1, loss: 0.6 },
      { attempt: 2, step: 2, loss: 0.5 },
    ],
  );
});
