// Bad sweep specs are rejected with INVALID_ARGUMENT naming the field, and nothing is stored
// or published.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { specToMessage } from '@hyperfleet/common';
import { startCluster, type TestCluster } from '../helpers/cluster.js';
import { commandSweep, tinyMnistSweep } from '../helpers/specs.js';

let cluster: TestCluster;

before(async () => {
  cluster = await startCluster({ workers: 0 });
});

after(async () => {
  await cluster.stop();
});

const INVALID_ARGUMENT = 3;

const cases: { name: string; spec: () => ReturnType<typeof commandSweep>; field: RegExp }[] = [
  { name: 'a log-scale parameter with low 0', spec: () => commandSweep({ searchSpace: { lr: { type: 'float', low: 0, high: 1, log: true } } }), field: /searchSpace\.lr\.low/ },
  { name: 'low above high', spec: () => commandSweep({ searchSpace: { x: { type: 'int', low: 5, high: 1 } } }), field: /searchSpace\.x/ },
  { name: 'no choices', spec: () => commandSweep({ searchSpace: { act: { type: 'categorical', choices: [] } } }), field: /searchSpace\.act\.choices/ },
  { name: 'an unknown algorithm', spec: () => commandSweep({ algorithm: 'hillclimb' }), field: /algorithm/ },
  { name: 'a budget below parallelism', spec: () => commandSweep({ budget: { maxTrials: 2 }, parallelism: 4 }), field: /budget\.maxTrials/ },
  { name: 'no objective metric', spec: () => commandSweep({ objective: { direction: 'minimize' } }), field: /objective\.metric/ },
  { name: 'a trainer hyperparameter it does not know', spec: () => tinyMnistSweep({ searchSpace: { width: { type: 'int', low: 1, high: 4 } } }), field: /searchSpace\.width/ },
  { name: 'a dropout the trainer rejects', spec: () => tinyMnistSweep({ searchSpace: { dropout: { type: 'float', low: 0, high: 1.5 } } }), field: /searchSpace\.dropout/ },
  { name: 'no trial to run', spec: () => specToMessage({ name: 'x', objective: { metric: 'loss', direction: 'minimize' }, searchSpace: { x: { type: 'float', low: 0, high: 1 } }, budget: { maxTrials: 1 } }), field: /^trial/ },
];

for (const { name, spec, field } of cases) {
  test(`a spec with ${name} is rejected naming the field, and nothing is stored`, async () => {
    await assert.rejects(cluster.sweeps.createSweep(spec()), (error: Error & { code: number; details: string }) => {
      assert.equal(error.code, INVALID_ARGUMENT);
      assert.match(error.details, field);
      return true;
    });
    const [stored] = await cluster.db.query<{ sweeps: string; trials: string }>(
      'SELECT (SELECT count(*) FROM sweeps) AS sweeps, (SELECT count(*) FROM trials) AS trials',
    );
    assert.deepEqual({ sweeps: Number(stored?.sweeps), trials: Number(stored?.trials) }, { sweeps: 0, trials: 0 });
    assert.equal(await cluster.nats.pendingAssignments(), 0);
  });
}

test('a valid spec after rejected ones is stored with its defaults filled in', async () => {
  const sweep = await cluster.sweeps.createSweep(commandSweep({ budget: { maxTrials: 2 }, parallelism: 1, seed: undefined }));
  assert.equal(sweep.spec?.budget?.maxFailedTrials, 1);
  assert.ok((sweep.spec?.seed ?? 0) > 0, 'a seed is chosen and stored');
  assert.equal(sweep.counts?.queued, 1, 'parallelism 1 queues one trial');
  assert.equal(await cluster.nats.pendingAssignments(), 1);
  await cluster.sweeps.cancelSweep(sweep.id);
});

test('unknown ids are NOT_FOUND and malformed ids INVALID_ARGUMENT', async () => {
  await assert.rejects(cluster.sweeps.getSweep('00000000-0000-4000-8000-000000000000'), { code: 5 });
  await assert.rejects(cluster.sweeps.getSweep('nope'), (error: Error & { code: number; details: string }) => {
    assert.equal(error.code, INVALID_ARGUMENT);
    assert.match(error.details, /^id: must be a UUID/);
    return true;
  });
});
