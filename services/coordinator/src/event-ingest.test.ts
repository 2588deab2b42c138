import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSweepSpec } from '@hyperfleet/common';
import type { WorkerEvent } from '@hyperfleet/transport';
import { outcomeOf, storableText } from './event-ingest.js';

const spec = validateSweepSpec({
  name: 's',
  objective: { metric: 'val_accuracy', direction: 'maximize' },
  searchSpace: { dropout: { type: 'float', low: 0, high: 0.5 } },
  budget: { maxTrials: 2 },
  seed: 1,
  trial: { tfjs: {} },
});
const base = { v: 1 as const, sweepId: 's', trialId: 't', attempt: 1, workerId: 'w', at: '' };

function completed(metrics: Record<string, number | null>): Extract<WorkerEvent, { type: 'completed' }> {
  return { ...base, type: 'completed', step: 3, metrics };
}

test('a completed trial takes its objective from the named metric', () => {
  assert.deepEqual(outcomeOf(completed({ loss: 0.2, val_accuracy: 0.91 }), spec), {
    state: 'COMPLETED',
    value: 0.91,
    step: 3,
    artifactKey: undefined,
    artifactDigest: undefined,
  });
});

test('a missing or non-finite objective fails the trial with the reason instead', () => {
  const missing = outcomeOf(completed({ loss: 0.2 }), spec);
  assert.deepEqual(missing, { state: 'FAILED', error: 'objective val_accuracy is not a finite number (it was not reported)', step: 3 });
  // NaN and Infinity travel as null in JSON.
  const nan = outcomeOf(completed({ val_accuracy: null }), spec);
  assert.equal(nan.state, 'FAILED');
  assert.match((nan as { error: string }).error, /got null/);
});

test('a pruned trial keeps its last finite value, or none', () => {
  assert.deepEqual(outcomeOf({ ...base, type: 'pruned', step: 2, metrics: { val_accuracy: 0.5 } }, spec), { state: 'PRUNED', value: 0.5, step: 2 });
  assert.deepEqual(outcomeOf({ ...base, type: 'pruned', step: 2, metrics: { val_accuracy: null } }, spec), { state: 'PRUNED', value: undefined, step: 2 });
});

test('text PostgreSQL cannot store (NUL) is shown as U+FFFD, so the outcome is still stored', () => {
  const failed = outcomeOf({ ...base, type: 'failed', error: 'err\u0000with nul' }, spec);
  assert.deepEqual(failed, { state: 'FAILED', error: 'err\uFFFDwith nul', step: undefined });
  assert.equal(storableText('plain'), 'plain');
});
