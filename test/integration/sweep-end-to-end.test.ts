// A real sweep through every service: gRPC submit, JetStream dispatch, TensorFlow.js workers
// training on MNIST, history in PostgreSQL, the best model promoted and serving predictions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadMnist } from '@hyperfleet/trainer';
import { startCluster, type TestCluster } from '../helpers/cluster.js';
import { tinyMnistSweep } from '../helpers/specs.js';
import { waitFor } from '../helpers/wait.js';

let cluster: TestCluster;

before(async () => {
  cluster = await startCluster({ workers: 2 });
});

after(async () => {
  await cluster.stop();
});

test('a small MNIST sweep completes, records every epoch and serves its best model', { timeout: 240_000 }, async () => {
  const created = await cluster.sweeps.createSweep(tinyMnistSweep());
  assert.equal(created.state, 'SWEEP_RUNNING');

  const seen: string[] = [];
  for await (const event of cluster.sweeps.watchSweep(created.id)) seen.push(event.type);
  assert.equal(seen[0], 'SNAPSHOT');
  assert.equal(seen.at(-1), 'SWEEP_FINISHED');
  assert.equal(seen.filter((type) => type === 'TRIAL_COMPLETED').length, 4);
  assert.equal(seen.filter((type) => type === 'TRIAL_PROGRESS').length, 8, 'two epochs of four trials');

  const sweep = await waitFor('promotion', async () => {
    const current = await cluster.sweeps.getSweep(created.id);
    return current.promotionState === 'DONE' ? current : undefined;
  });
  assert.equal(sweep.state, 'SWEEP_COMPLETED');
  assert.deepEqual({ completed: sweep.counts?.completed, total: sweep.counts?.total }, { completed: 4, total: 4 });

  const trials = await cluster.sweeps.listTrials({ sweepId: created.id, orderBy: 'value' });
  const values = trials.trials.map((trial) => trial.value!);
  assert.deepEqual(values, [...values].sort((a, b) => b - a), 'best first for maximize');
  assert.equal(sweep.bestTrial?.id, trials.trials[0]!.id);
  assert.ok(values[0]! > 0.6, `a 2-epoch MLP on 600 digits should beat 0.6 (got ${values[0]})`);

  const rows = await cluster.db.query<{ trial_id: string; n: string }>(
    'SELECT trial_id, count(*) AS n FROM trial_metrics GROUP BY trial_id',
  );
  assert.equal(rows.length, 4);
  assert.ok(rows.every((row) => Number(row.n) === 2));

  const best = await cluster.sweeps.getTrial(sweep.bestTrial!.id);
  assert.equal(best.metrics.length, 2);
  assert.equal(best.metrics[1]!.values.val_accuracy, best.value);
  assert.match(best.artifactDigest, /^sha256:[0-9a-f]{64}$/);

  const deployment = await cluster.deploy.getDeployment();
  assert.equal(deployment.status, 'serving');
  assert.equal(deployment.current?.version, sweep.promotedVersion);
  assert.equal(deployment.current?.trialId, best.id);

  const digits = loadMnist({ trainSize: 600, validationSize: 200, testSize: 200, seed: 11 }).test;
  const inputs = Array.from({ length: digits.count }, (_, i) => Array.from(digits.xs.subarray(i * 784, (i + 1) * 784)));
  const response = await cluster.deploy.predict(inputs);
  assert.equal(response.predictions.length, 200);
  for (const prediction of response.predictions) {
    assert.equal(prediction.probabilities.length, 10);
    assert.ok(Math.abs(prediction.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-3);
  }
  const correct = response.predictions.filter((prediction, i) => prediction.label === digits.labels[i]).length;
  assert.ok(correct / 200 > 0.6, `served model accuracy on held-out digits: ${correct / 200}`);
});

test('predict rejects a row of the wrong shape and names it', async () => {
  await assert.rejects(cluster.deploy.predict([Array(784).fill(0), [1, 2, 3]]), (error: Error & { code: number }) => {
    assert.equal(error.code, 3); // INVALID_ARGUMENT
    assert.match(error.message, /inputs\[1\]: expected 784/);
    return true;
  });
});
