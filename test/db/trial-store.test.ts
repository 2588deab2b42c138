// The trial store's invariants against a real PostgreSQL: the budget holds under concurrent
// reconciles, events apply once and only when they fit, the first result wins, the failure
// budget ends a sweep, and pages of the history are stable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSweepSpec } from '@hyperfleet/common';
import { loadHistory, openDatabase, SweepStore, TrialStore, type Database, type ReconcileOptions, type TrialOutcome } from '@hyperfleet/db';
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

function spec(overrides: Record<string, unknown> = {}) {
  return validateSweepSpec({
    name: 'store-test',
    objective: { metric: 'loss', direction: 'minimize' },
    searchSpace: { x: { type: 'float', low: 0, high: 1 } },
    budget: { maxTrials: 10, maxFailedTrials: 1 },
    parallelism: 3,
    seed: 1,
    trial: { command: { argv: ['true'] } },
    ...overrides,
  });
}

/** Suggests x = number / 100, the way a sampler reads the stored history. */
const planX: ReconcileOptions = {
  history: (tx, sweep) => loadHistory(tx, sweep.id),
  plan: ({ sweep, slots }) => ({ params: Array.from({ length: slots }, (_, i) => ({ x: (sweep.trialsCreated + i) / 100 })), exhausted: false }),
};

async function finish(trialId: string, outcome: TrialOutcome, attempt = 1) {
  const [trial] = await db.trial.findMany({ where: { id: trialId } });
  return trials.applyOutcomes([{ sweepId: trial!.sweepId, trialId, attempt, outcome }]);
}

test('concurrent reconciles never exceed parallelism or the budget', async () => {
  const sweep = await sweeps.create(spec());
  const rounds = await Promise.all(Array.from({ length: 8 }, () => trials.reconcile(sweep.id, planX)));
  assert.equal(rounds.reduce((n, round) => n + round.created.length, 0), 3, 'parallelism 3');

  for (let i = 0; i < 20; i++) {
    const inFlight = await db.trial.findMany({ where: { sweepId: sweep.id, state: 'QUEUED' } });
    for (const trial of inFlight) await finish(trial.id, { state: 'COMPLETED', value: trial.number });
    await trials.reconcile(sweep.id, planX);
  }
  const stored = await db.trial.findMany({ where: { sweepId: sweep.id }, orderBy: { number: 'asc' } });
  assert.deepEqual(stored.map((trial) => trial.number), [...Array(10).keys()], 'exactly maxTrials, numbered without gaps');
  const ended = await sweeps.get(sweep.id);
  assert.deepEqual({ state: ended.state, reason: ended.stateReason, best: ended.bestValue }, { state: 'COMPLETED', reason: 'budget reached', best: 0 });
});

test('a started event applies once; a stale attempt changes nothing', async () => {
  const sweep = await sweeps.create(spec());
  const [trial] = (await trials.reconcile(sweep.id, planX)).created;
  const id = trial!.id;
  assert.equal((await trials.applyStarted([{ trialId: id, attempt: 1, workerId: 'w1', at: new Date() }])).length, 1);
  assert.equal((await trials.applyStarted([{ trialId: id, attempt: 1, workerId: 'w1', at: new Date() }])).length, 0, 'a repeat');
  assert.equal((await trials.applyStarted([{ trialId: id, attempt: 2, workerId: 'w2', at: new Date() }])).length, 1, 'a redelivery');
  assert.equal((await trials.applyStarted([{ trialId: id, attempt: 1, workerId: 'w1', at: new Date() }])).length, 0, 'a stale attempt');
  const stored = await trials.findById(id);
  assert.deepEqual({ state: stored?.state, attempt: stored?.attempt, worker: stored?.workerId }, { state: 'RUNNING', attempt: 2, worker: 'w2' });
});

test('repeated progress reports store one metric row each, attempts kept apart', async () => {
  const sweep = await sweeps.create(spec());
  const [trial] = (await trials.reconcile(sweep.id, planX)).created;
  const id = trial!.id;
  await trials.applyStarted([{ trialId: id, attempt: 1, workerId: 'w1', at: new Date() }]);
  const report = { trialId: id, attempt: 1, step: 1, values: { loss: 0.5 } };
  assert.equal((await trials.applyProgress([report, report])).length, 1, 'a duplicate inside one batch');
  assert.equal((await trials.applyProgress([report])).length, 0, 'a duplicate in a later batch');
  assert.equal((await trials.applyProgress([{ ...report, attempt: 2 }])).length, 1, 'another attempt’s step 1');
  assert.equal(await db.trialMetric.count({ where: { trialId: id } }), 2);
  assert.equal((await trials.findById(id))?.lastStep, 1);
});

test('the first result wins, also within one batch, and a late one is not recorded', async () => {
  const sweep = await sweeps.create(spec());
  const [trial] = (await trials.reconcile(sweep.id, planX)).created;
  const id = trial!.id;
  const applied = await trials.applyOutcomes([
    { sweepId: sweep.id, trialId: id, attempt: 1, outcome: { state: 'COMPLETED', value: 0.25 } },
    { sweepId: sweep.id, trialId: id, attempt: 2, outcome: { state: 'COMPLETED', value: 0.01 } },
  ]);
  assert.equal(applied.length, 1);
  assert.equal(applied[0]!.newBest, true);
  assert.equal((await finish(id, { state: 'COMPLETED', value: 0.001 }, 3)).length, 0);
  const stored = await sweeps.get(sweep.id);
  assert.deepEqual({ value: (await trials.findById(id))?.value, best: stored.bestValue }, { value: 0.25, best: 0.25 });
});

test('the best trial follows the direction across batches', async () => {
  const sweep = await sweeps.create(spec({ objective: { metric: 'acc', direction: 'maximize' } }));
  const created = (await trials.reconcile(sweep.id, planX)).created;
  await trials.applyOutcomes(created.slice(0, 2).map((t, i) => ({ sweepId: sweep.id, trialId: t.id, attempt: 1, outcome: { state: 'COMPLETED' as const, value: [0.7, 0.9][i]! } })));
  await finish(created[2]!.id, { state: 'COMPLETED', value: 0.8 });
  const stored = await sweeps.get(sweep.id);
  assert.deepEqual({ best: stored.bestTrialId, value: stored.bestValue }, { best: created[1]!.id, value: 0.9 });
});

test('a non-finite value is never stored as the objective', async () => {
  const sweep = await sweeps.create(spec());
  const [trial] = (await trials.reconcile(sweep.id, planX)).created;
  await finish(trial!.id, { state: 'COMPLETED', value: Number.NaN });
  assert.equal((await trials.findById(trial!.id))?.value, null);
  assert.equal((await sweeps.get(sweep.id)).bestTrialId, null);
});

test('more failures than the budget end the sweep FAILED and cancel what is in flight', async () => {
  const sweep = await sweeps.create(spec());
  const created = (await trials.reconcile(sweep.id, planX)).created;
  await finish(created[0]!.id, { state: 'FAILED', error: 'boom' });
  assert.equal((await trials.reconcile(sweep.id, planX)).finished, undefined, 'one failure is within budget');
  const inFlight = await db.trial.findMany({ where: { sweepId: sweep.id, state: 'QUEUED' }, orderBy: { number: 'asc' } });
  await finish(inFlight[0]!.id, { state: 'FAILED', error: 'boom' });
  const result = await trials.reconcile(sweep.id, planX);
  assert.equal(result.finished?.state, 'FAILED');
  assert.equal(result.finished?.cancelledTrialIds.length, inFlight.length - 1);
  assert.match((await sweeps.get(sweep.id)).stateReason ?? '', /2 trials failed, more than budget.maxFailedTrials \(1\)/);
  assert.equal((await trials.reconcile(sweep.id, planX)).created.length, 0, 'a finished sweep gets no new trials');
});

test('an exhausted search space ends the sweep once its trials finish', async () => {
  const sweep = await sweeps.create(spec({ budget: { maxTrials: 10 }, parallelism: 3 }));
  const twoPoints: ReconcileOptions = {
    history: planX.history,
    plan: ({ sweep: row, slots }) => {
      const left = Math.max(0, 2 - row.trialsCreated);
      return { params: Array.from({ length: Math.min(slots, left) }, (_, i) => ({ x: row.trialsCreated + i })), exhausted: slots > left };
    },
  };
  const { created, exhausted, finished } = await trials.reconcile(sweep.id, twoPoints);
  assert.deepEqual({ created: created.length, exhausted, finished }, { created: 2, exhausted: true, finished: undefined });
  for (const trial of created) await finish(trial.id, { state: 'COMPLETED', value: 1 });
  const last = await trials.reconcile(sweep.id, twoPoints);
  assert.equal(last.finished?.state, 'COMPLETED');
  assert.equal((await sweeps.get(sweep.id)).stateReason, 'search space exhausted');
});

test('trials page by value best first with trials without a value last, in stable pages', async () => {
  const sweep = await sweeps.create(spec({ budget: { maxTrials: 30 }, parallelism: 30 }));
  const created = (await trials.reconcile(sweep.id, planX)).created;
  await trials.applyOutcomes(
    created.filter((t) => t.number % 5 !== 4).map((t) => ({ sweepId: sweep.id, trialId: t.id, attempt: 1, outcome: { state: 'COMPLETED' as const, value: (t.number * 7) % 11 } })),
  );
  const seen: { number: number; value: number | null }[] = [];
  let pageToken = '';
  do {
    const page = await trials.list({ sweep, states: [], orderBy: 'value', pageSize: 4, pageToken });
    assert.equal(page.totalSize, pageToken === '' ? 30 : 0, 'counted on the first page only');
    seen.push(...page.trials.map((trial) => ({ number: trial.number, value: trial.value })));
    pageToken = page.nextPageToken;
  } while (pageToken);

  assert.equal(new Set(seen.map((trial) => trial.number)).size, 30, 'every trial exactly once');
  const values = seen.filter((trial) => trial.value !== null).map((trial) => trial.value!);
  assert.deepEqual(values, [...values].sort((a, b) => a - b), 'ascending for minimize');
  assert.ok(seen.slice(values.length).every((trial) => trial.value === null), 'no-value trials last');
});

test('a page token from another listing is rejected naming pageToken', async () => {
  const sweep = await sweeps.create(spec());
  await trials.reconcile(sweep.id, planX);
  const page = await trials.list({ sweep, states: [], orderBy: 'number', pageSize: 1, pageToken: '' });
  await assert.rejects(trials.list({ sweep, states: [], orderBy: 'value', pageSize: 1, pageToken: page.nextPageToken }), /pageToken/);
  await assert.rejects(trials.list({ sweep, states: [], orderBy: 'number', pageSize: 1, pageToken: 'garbage!' }), /pageToken/);
});

test('a start that arrives after its outcome records who ran the trial, and changes nothing else', async () => {
  const sweep = await sweeps.create(spec());
  const [trial] = (await trials.reconcile(sweep.id, planX)).created;
  const id = trial!.id;
  await finish(id, { state: 'COMPLETED', value: 0.5 });
  assert.equal((await trials.applyStarted([{ trialId: id, attempt: 1, workerId: 'w7', at: new Date('2026-12-04T10:00:00Z') }])).length, 0);
  const stored = await trials.findById(id);
  assert.deepEqual(
    { state: stored?.state, value: stored?.value, worker: stored?.workerId, started: stored?.startedAt?.toISOString() },
    { state: 'COMPLETED', value: 0.5, worker: 'w7', started: '2026-12-04T10:00:00.000Z' },
  );
  await trials.applyStarted([{ trialId: id, attempt: 1, workerId: 'w8', at: new Date() }]);
  assert.equal((await trials.findById(id))?.workerId, 'w7', 'only a missing start is filled in');
});
