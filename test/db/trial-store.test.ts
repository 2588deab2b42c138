// The trial store's invariants against a real PostgreSQL: the budget holds under concurrent
// refills, events apply once and only when they fit, the first result wins, and pages of
// the history are stable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSweepSpec } from '@hyperfleet/common';
import { openDatabase, SweepStore, TrialStore, type Database, type TrialPlanner } from '@hyperfleet/db';
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

const planX: TrialPlanner = ({ sweep, slots }) => ({
  params: Array.from({ length: slots }, (_, i) => ({ x: (sweep.trialsCreated + i) / 100 })),
  exhausted: false,
});

test('concurrent refills never exceed parallelism or the budget', async () => {
  const sweep = await sweeps.create(spec());
  const rounds = await Promise.all(Array.from({ length: 8 }, () => trials.createTrials(sweep.id, planX)));
  assert.equal(rounds.reduce((n, round) => n + round.created.length, 0), 3, 'parallelism 3');

  const numbers: number[] = [];
  for (let i = 0; i < 20; i++) {
    const { created } = await trials.createTrials(sweep.id, planX);
    for (const trial of created) {
      numbers.push(trial.number);
      await trials.applyOutcome(trial.id, 1, { state: 'COMPLETED', value: trial.number });
    }
    const inFlight = await db.trial.findMany({ where: { sweepId: sweep.id, state: 'QUEUED' } });
    for (const trial of inFlight) await trials.applyOutcome(trial.id, 1, { state: 'COMPLETED', value: trial.number });
  }
  const stored = await db.trial.findMany({ where: { sweepId: sweep.id }, orderBy: { number: 'asc' } });
  assert.deepEqual(stored.map((trial) => trial.number), [...Array(10).keys()], 'exactly maxTrials, numbered without gaps');
});

test('a started event applies once; a stale attempt changes nothing', async () => {
  const sweep = await sweeps.create(spec());
  const [trial] = (await trials.createTrials(sweep.id, planX)).created;
  const first = await trials.applyStarted(trial!.id, 1, 'w1', new Date());
  const repeat = await trials.applyStarted(trial!.id, 1, 'w1', new Date());
  assert.equal(first.applied, true);
  assert.deepEqual({ applied: repeat.applied, reason: !repeat.applied && repeat.reason }, { applied: false, reason: 'no-change' });

  const redelivered = await trials.applyStarted(trial!.id, 2, 'w2', new Date());
  assert.equal(redelivered.applied, true);
  const stale = await trials.applyStarted(trial!.id, 1, 'w1', new Date());
  assert.deepEqual({ applied: stale.applied, reason: !stale.applied && stale.reason }, { applied: false, reason: 'stale-attempt' });
  assert.equal((await trials.findById(trial!.id))?.workerId, 'w2');
});

test('a repeated progress report stores one metric row', async () => {
  const sweep = await sweeps.create(spec());
  const [trial] = (await trials.createTrials(sweep.id, planX)).created;
  await trials.applyStarted(trial!.id, 1, 'w1', new Date());
  const first = await trials.applyProgress(trial!.id, 1, 1, { loss: 0.5 });
  const again = await trials.applyProgress(trial!.id, 1, 1, { loss: 0.5 });
  assert.equal(first.applied, true);
  assert.equal(again.applied, false);
  assert.equal(await db.trialMetric.count({ where: { trialId: trial!.id } }), 1);
});

test('the first result wins and a late one from another attempt is not recorded', async () => {
  const sweep = await sweeps.create(spec());
  const [trial] = (await trials.createTrials(sweep.id, planX)).created;
  const won = await trials.applyOutcome(trial!.id, 1, { state: 'COMPLETED', value: 0.25 });
  const late = await trials.applyOutcome(trial!.id, 2, { state: 'COMPLETED', value: 0.01 });
  assert.equal(won.applied && won.newBest, true);
  assert.deepEqual({ applied: late.applied, reason: !late.applied && late.reason }, { applied: false, reason: 'already-finished' });
  const stored = await sweeps.get(sweep.id);
  assert.deepEqual({ value: (await trials.findById(trial!.id))?.value, best: stored.bestValue }, { value: 0.25, best: 0.25 });
});

test('a non-finite value is never stored as the objective', async () => {
  const sweep = await sweeps.create(spec());
  const [trial] = (await trials.createTrials(sweep.id, planX)).created;
  await trials.applyOutcome(trial!.id, 1, { state: 'COMPLETED', value: Number.NaN });
  assert.equal((await trials.findById(trial!.id))?.value, null);
  assert.equal((await sweeps.get(sweep.id)).bestTrialId, null);
});

test('more failures than the budget end the sweep FAILED and cancel what is in flight', async () => {
  const sweep = await sweeps.create(spec());
  const created = (await trials.createTrials(sweep.id, planX)).created;
  await trials.applyOutcome(created[0]!.id, 1, { state: 'FAILED', error: 'boom' });
  assert.equal((await sweeps.finishIfDone(sweep.id, false)).changed, false, 'one failure is within budget');
  await trials.applyOutcome(created[1]!.id, 1, { state: 'FAILED', error: 'boom' });
  const outcome = await sweeps.finishIfDone(sweep.id, false);
  assert.equal(outcome.state, 'FAILED');
  assert.deepEqual(outcome.cancelledTrialIds, [created[2]!.id]);
  assert.match((await sweeps.get(sweep.id)).stateReason ?? '', /2 trials failed, more than budget.maxFailedTrials \(1\)/);
  assert.equal((await trials.createTrials(sweep.id, planX)).created.length, 0, 'a finished sweep gets no new trials');
});

test('trials page by value best first with trials without a value last, in stable pages', async () => {
  const sweep = await sweeps.create(spec({ budget: { maxTrials: 30 }, parallelism: 30 }));
  const created = (await trials.createTrials(sweep.id, planX)).created;
  for (const trial of created) {
    if (trial.number % 5 === 4) continue;
    await trials.applyOutcome(trial.id, 1, { state: 'COMPLETED', value: (trial.number * 7) % 11 });
  }
  const seen: { number: number; value: number | null }[] = [];
  let pageToken = '';
  do {
    const page = await trials.list({ sweep, states: [], orderBy: 'value', pageSize: 4, pageToken });
    assert.equal(page.totalSize, 30);
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
  await trials.createTrials(sweep.id, planX);
  const page = await trials.list({ sweep, states: [], orderBy: 'number', pageSize: 1, pageToken: '' });
  await assert.rejects(trials.list({ sweep, states: [], orderBy: 'value', pageSize: 1, pageToken: page.nextPageToken }), /pageToken/);
  await assert.rejects(trials.list({ sweep, states: [], orderBy: 'number', pageSize: 1, pageToken: 'garbage!' }), /pageToken/);
});
