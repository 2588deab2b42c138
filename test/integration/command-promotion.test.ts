// A sweep of command trials, through every service: it completes, and its promotion says
// there is no model to promote instead of reporting a failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type TestCluster } from '../helpers/cluster.js';
import { commandSweep } from '../helpers/specs.js';
import { waitFor } from '../helpers/wait.js';

let cluster: TestCluster;

before(async () => {
  cluster = await startCluster({ workers: 1 });
});

after(async () => {
  await cluster.stop();
});

test('a completed command sweep ends its promotion NO_MODEL, with nothing sent to deploy', async () => {
  const created = await cluster.sweeps.createSweep(commandSweep({ budget: { maxTrials: 2 }, parallelism: 1 }));
  for await (const event of cluster.sweeps.watchSweep(created.id)) if (event.type === 'SWEEP_FINISHED') break;

  const sweep = await waitFor('the promotion outcome', async () => {
    const current = await cluster.sweeps.getSweep(created.id);
    return current.promotionState === 'PENDING' ? undefined : current;
  });
  assert.equal(sweep.state, 'SWEEP_COMPLETED');
  assert.equal(sweep.promotionState, 'NO_MODEL');
  assert.equal(sweep.promotedVersion, 0);
  assert.deepEqual((await cluster.deploy.getDeployment()).versions, []);
});
