// What promotion stores for a completed sweep, against a real PostgreSQL: a sweep whose
// trials produce no model has nothing to promote (NO_MODEL), which is not a failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeployClient } from '@hyperfleet/client';
import { silentLogger, validateSweepSpec } from '@hyperfleet/common';
import { openDatabase, SweepStore, TrialStore, type Database } from '@hyperfleet/db';
import { Promoter } from '../../services/coordinator/src/promotion.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let testDb: TestDatabase;
let db: Database;
let sweeps: SweepStore;
let trials: TrialStore;

before(async () => {
  testDb = await createTestDatabase();
  db = openDatabase({ url: testDb.url });
  sweeps = new SweepStore(db);
  trials = new TrialStore(db);
});

after(async () => {
  await db.$disconnect();
  await testDb.drop();
});

const TRIALS = {
  command: { command: { argv: ['true'] } },
  synthetic: { synthetic: { steps: 1 } },
  tfjs: { tfjs: { epochs: 1 } },
};

/** A sweep stored as the scheduler leaves one that completed: promotion PENDING. */
async function completedSweep(kind: keyof typeof TRIALS): Promise<string> {
  const sweep = await sweeps.create(
    validateSweepSpec({
      name: `promotion-${kind}`,
      objective: kind === 'tfjs' ? { metric: 'val_accuracy', direction: 'maximize' } : { metric: kind === 'synthetic' ? 'objective' : 'loss', direction: 'minimize' },
      searchSpace: { learning_rate: { type: 'float', low: 0.001, high: 0.01 } },
      budget: { maxTrials: 1 },
      seed: 1,
      trial: TRIALS[kind],
    }),
  );
  await db.sweep.update({ where: { id: sweep.id }, data: { state: 'COMPLETED', promotionState: 'PENDING' } });
  return sweep.id;
}

/** Promotes as the coordinator does and returns what is stored, and the deploy calls made. */
async function promote(sweepId: string, withDeploy = true) {
  const calls: unknown[] = [];
  const deploy = { promote: async (request: unknown) => void calls.push(request) } as unknown as DeployClient;
  const promoter = new Promoter({ sweeps, trials, deploy: withDeploy ? deploy : undefined, logger: silentLogger, signal: new AbortController().signal });
  promoter.promote(sweepId);
  await promoter.idle();
  const row = await db.sweep.findUniqueOrThrow({ where: { id: sweepId } });
  return { state: row.promotionState, error: row.promotionError, version: row.promotedVersion, calls };
}

test('a completed sweep of command or synthetic trials has nothing to promote, and says so', async () => {
  for (const kind of ['command', 'synthetic'] as const) {
    assert.deepEqual(await promote(await completedSweep(kind)), { state: 'NO_MODEL', error: null, version: null, calls: [] }, kind);
  }
});

test('it is NO_MODEL even with promotion switched off, rather than pending for ever', async () => {
  assert.equal((await promote(await completedSweep('command'), false)).state, 'NO_MODEL');
});

test('a tfjs sweep whose best trial stored no artifact is still a failed promotion', async () => {
  const outcome = await promote(await completedSweep('tfjs'));
  assert.equal(outcome.state, 'FAILED');
  assert.match(outcome.error ?? '', /no model artifact/);
  assert.deepEqual(outcome.calls, []);
});

test('a sweep left PENDING by a coordinator that stopped is resumed to NO_MODEL', async () => {
  const id = await completedSweep('command');
  const promoter = new Promoter({ sweeps, trials, logger: silentLogger, signal: new AbortController().signal });
  await promoter.resumePending();
  await promoter.idle();
  assert.equal((await db.sweep.findUniqueOrThrow({ where: { id } })).promotionState, 'NO_MODEL');
});
