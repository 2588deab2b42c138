// Page tokens of ListTrials against a real PostgreSQL: a forged position is the caller's
// mistake (INVALID_ARGUMENT naming pageToken), never a query that fails inside the server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { InvalidArgumentError, toGrpcCode, validateSweepSpec } from '@hyperfleet/common';
import { loadHistory, openDatabase, SweepStore, TrialStore, type Database, type SweepRow } from '@hyperfleet/db';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let testDb: TestDatabase;
let db: Database;
let trials: TrialStore;
let sweep: SweepRow;

/** Values at the edges of float8, whose tokens must still page. */
const VALUES = [1e300, -1e300, 5e-324, 0.1 + 0.2, 0];

before(async () => {
  testDb = await createTestDatabase();
  db = openDatabase({ url: testDb.url });
  trials = new TrialStore(db);
  sweep = await new SweepStore(db).create(
    validateSweepSpec({
      name: 'pages-test',
      objective: { metric: 'loss', direction: 'minimize' },
      searchSpace: { x: { type: 'float', low: 0, high: 1 } },
      budget: { maxTrials: VALUES.length + 1 },
      parallelism: VALUES.length + 1,
      seed: 1,
      trial: { command: { argv: ['true'] } },
    }),
  );
  const { created } = await trials.reconcile(sweep.id, {
    history: (tx, s) => loadHistory(tx, s.id),
    plan: ({ slots }) => ({ params: Array.from({ length: slots }, (_, i) => ({ x: i / 10 })), exhausted: false }),
  });
  await trials.applyOutcomes(
    VALUES.map((value, i) => ({ sweepId: sweep.id, trialId: created[i]!.id, attempt: 1, outcome: { state: 'COMPLETED' as const, value } })),
  );
});

after(async () => {
  await db.$disconnect();
  await testDb.drop();
});

function forged(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

test('a forged page token with a number no trial can have is an invalid pageToken', async () => {
  const positions = [
    { o: 'number', n: 1e300, v: null },
    { o: 'number', n: 2 ** 31, v: null },
    { o: 'number', n: 2 ** 53, v: null },
    { o: 'number', n: -1e20, v: null },
    { o: 'number', n: 1.5, v: null },
    { o: 'number', n: '3', v: null },
    { o: 'value', n: 1e300, v: null },
    { o: 'value', n: 1, v: '' },
    { o: 'value', n: 1, v: '0b1' },
    { o: 'value', n: 1, v: '1e-400' },
    { o: 'value', n: 1, v: '2.4e-324' },
    { o: 'value', n: 1, v: '1e309' },
    { o: 'value', n: 1, v: ' 1 ' },
    { o: 'value', n: 1, v: 1 },
  ];
  for (const position of positions) {
    const pageToken = forged(position);
    await assert.rejects(
      trials.list({ sweep, states: [], orderBy: position.o as 'number' | 'value', pageSize: 1, pageToken }),
      (error: unknown) => {
        assert.ok(error instanceof InvalidArgumentError, `${JSON.stringify(position)}: got ${String(error)}`);
        assert.equal(error.field, 'pageToken');
        assert.equal(toGrpcCode(error), status.INVALID_ARGUMENT);
        return true;
      },
    );
  }
});

test('tokens the server issues still page through values at the edges of float8', async () => {
  const seen: (number | null)[] = [];
  let pageToken = '';
  do {
    const page = await trials.list({ sweep, states: [], orderBy: 'value', pageSize: 1, pageToken });
    seen.push(...page.trials.map((trial) => trial.value));
    pageToken = page.nextPageToken;
  } while (pageToken);
  assert.deepEqual(seen, [-1e300, 0, 5e-324, 0.1 + 0.2, 1e300, null]);
});
