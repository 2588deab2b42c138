// A coordinator restart: the pods keep running their trials, and the next coordinator adopts
// them by their labels, creating none beside them and leaking none, with the limits set by
// hand still in force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startKubePool, type KubePoolCluster } from '../helpers/kube-pool.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';
import { waitFor } from '../helpers/wait.js';

const podCreates = (cluster: KubePoolCluster) =>
  cluster.api.requests.filter(
    (r) => r.method === 'POST' && r.path.endsWith('/pods') && !r.query.includes('dryRun'),
  ).length;

test(
  'after a coordinator restart the pool adopts its pods: no duplicates, no leaks, limits kept',
  { timeout: 120_000 },
  async (t) => {
    const first = await startKubePool({ min: 2, max: 3, cooldownMs: 500 });
    let second: KubePoolCluster | undefined;
    t.after(async () => {
      await second?.stopCoordinator();
      await first.stop();
    });

    await waitFor(
      'min 2 ready workers',
      async () => (await first.pools.getPool()).ready === 2,
      45_000,
    );
    await first.pools.setPoolLimits({ max: 4 });
    const sweep = await first.sweeps.createSweep(
      commandSweep(
        { budget: { maxTrials: 2, maxFailedTrials: 0 }, parallelism: 1 },
        quadraticCommand({ steps: 16, stepMs: 250 }),
      ),
    );
    const started = await waitFor(
      'the first trial to run',
      async () => {
        const [trial] = (await first.sweeps.listTrials({ sweepId: sweep.id })).trials;
        return trial?.state === 'RUNNING' && trial;
      },
      30_000,
    );
    const podsBefore = first.api
      .pods()
      .map((pod) => pod.metadata!.uid!)
      .sort();
    const createsBefore = podCreates(first);
    assert.equal(createsBefore, 2);

    await first.stopCoordinator();
    assert.deepEqual(
      first.api
        .pods()
        .map((pod) => pod.metadata!.uid!)
        .sort(),
      podsBefore,
      'stopping the coordinator leaves its pods running',
    );

    // The restarted coordinator is configured with min 0, max 2; the stored limits win.
    second = await startKubePool({ min: 0, max: 2, cooldownMs: 500, shared: first });
    const adopted = await second.pools.getPool(50);
    assert.deepEqual([adopted.min, adopted.max], [2, 4], 'limits set by hand survive the restart');
    assert.ok(
      adopted.events.some(
        (event) => event.type === 'ADOPTED' && /adopted 2 worker pods/.test(event.message),
      ),
      JSON.stringify(adopted.events[0]),
    );
    await waitFor(
      'the adopted pods to count as ready',
      async () => (await second!.pools.getPool()).ready === 2,
      10_000,
    );

    for await (const event of second.sweeps.watchSweep(sweep.id))
      if (event.type === 'SWEEP_FINISHED') break;
    const done = await second.sweeps.getSweep(sweep.id);
    assert.equal(done.state, 'SWEEP_COMPLETED');
    const trial = await second.sweeps.getTrial(started.id);
    assert.deepEqual(
      [trial.attempt, trial.workerId, trial.interruption],
      [1, started.workerId, ''],
      'the trial finished on its pod, uninterrupted',
    );

    assert.equal(podCreates(second), createsBefore, 'no pod was created beside the adopted ones');
    assert.deepEqual(
      second.api
        .pods()
        .map((pod) => pod.metadata!.uid!)
        .sort(),
      podsBefore,
    );

    await second.pools.setPoolLimits({ min: 0 });
    await waitFor(
      'the idle pods to be removed once min is 0',
      async () => second!.api.pods().length === 0,
      20_000,
    );
  },
);
