// A sweep with TPE and ASHA through the real services: bad trials are pruned at ASHA's
// rungs, stored as PRUNED with their last value and step, and their workers stop within
// one step of the decision.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kvm } from '@nats-io/kv';
import { startCluster, type TestCluster } from '../helpers/cluster.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';

let cluster: TestCluster;

before(async () => {
  cluster = await startCluster({ workers: 2 });
});

after(async () => {
  await cluster.stop();
});

test('TPE with ASHA prunes bad trials at the rungs and the workers stop within a step', { timeout: 180_000 }, async () => {
  const spec = commandSweep(
    {
      algorithm: { name: 'tpe', nStartupTrials: 4 },
      pruner: { name: 'asha', minResource: 1, reductionFactor: 3 },
      budget: { maxTrials: 14, maxFailedTrials: 0 },
      parallelism: 2,
    },
    quadraticCommand({ steps: 9, stepMs: 120 }),
  );
  const created = await cluster.sweeps.createSweep(spec);
  for await (const event of cluster.sweeps.watchSweep(created.id)) if (event.type === 'SWEEP_FINISHED') break;

  const sweep = await cluster.sweeps.getSweep(created.id);
  const { trials } = await cluster.sweeps.listTrials({ sweepId: created.id });
  const pruned = trials.filter((trial) => trial.state === 'PRUNED');
  const completed = trials.filter((trial) => trial.state === 'COMPLETED');
  assert.equal(sweep.state, 'SWEEP_COMPLETED');
  assert.equal(trials.length, 14);
  assert.ok(pruned.length >= 2, `ASHA pruned some trials (${pruned.length})`);
  assert.ok(completed.length >= 1);

  const control = await new Kvm(cluster.nats.nc).open(cluster.nats.names.controlBucket);
  for (const trial of pruned) {
    assert.ok(trial.lastStep !== undefined && trial.lastStep < 9, `pruned before the end (step ${trial.lastStep})`);
    assert.ok(Number.isFinite(trial.value), 'a pruned trial keeps its last reported value');
    const decision = JSON.parse(new TextDecoder().decode((await control.get(trial.id))!.value)) as { reason: string };
    const decidedAt = Number(/at step (\d+)/.exec(decision.reason)?.[1]);
    assert.ok([1, 3].includes(decidedAt), `decisions fall on the rungs 1 and 3 (got ${decidedAt})`);
    assert.ok(trial.lastStep! <= decidedAt + 1, `stopped within one step of the decision at ${decidedAt} (stopped at ${trial.lastStep})`);
  }
  // The best trial is a completed one, and ASHA kept the better ones running.
  const best = Math.min(...completed.map((trial) => trial.value!));
  assert.equal(sweep.bestTrial?.value, best);
});
