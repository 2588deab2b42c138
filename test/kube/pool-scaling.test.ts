// The Kubernetes pool end to end: coordinator -> Kubernetes API -> worker pods -> NATS ->
// results. It scales up to the demand at once, down to min once idle past the cooldown, and
// reports pods stuck pending (no GPU free) without counting them as capacity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { V1Pod } from '@kubernetes/client-node';
import { startKubePool } from '../helpers/kube-pool.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';
import { waitFor } from '../helpers/wait.js';
import { validateManifest } from './fake-api-server.js';

const running = (pods: V1Pod[]) => pods.filter((pod) => pod.status?.phase === 'Running');

test(
  'the pool scales up to the demand, runs the sweep on pods, then scales down to min once idle',
  { timeout: 90_000 },
  async (t) => {
    const cluster = await startKubePool({ min: 0, max: 2, cooldownMs: 1_500 });
    t.after(() => cluster.stop());
    const { api, pools, sweeps } = cluster;
    assert.deepEqual(
      await pools.getPool().then((p) => [p.kind, p.desired, p.ready, p.min, p.max]),
      ['kubernetes', 0, 0, 0, 2],
    );
    assert.equal(api.pods().length, 0, 'no demand, min 0: no pods');

    const sweep = await sweeps.createSweep(
      commandSweep(
        { budget: { maxTrials: 4, maxFailedTrials: 0 }, parallelism: 2 },
        quadraticCommand({ steps: 4, stepMs: 150 }),
      ),
    );
    const seen = new Map<string, V1Pod>();
    const sweepLabels = new Set<string>();
    const watch = (async () => {
      for await (const event of sweeps.watchSweep(sweep.id)) {
        for (const pod of api.pods()) {
          seen.set(pod.metadata!.name!, pod);
          const label = pod.metadata?.labels?.['hyperfleet.dev/sweep'];
          if (label) sweepLabels.add(label);
        }
        if (event.type === 'SWEEP_FINISHED') return;
      }
    })();

    const pool = await waitFor(
      'two ready workers',
      async () => {
        const p = await pools.getPool();
        return p.ready === 2 && p;
      },
      45_000,
    );
    assert.equal(pool.desired, 2);
    assert.equal(running(api.pods()).length, 2);
    await watch;

    const done = await sweeps.getSweep(sweep.id);
    assert.equal(done.state, 'SWEEP_COMPLETED');
    assert.equal(done.counts?.completed, 4);
    const { trials } = await sweeps.listTrials({ sweepId: sweep.id });
    const podNames = new Set(seen.keys());
    assert.ok(
      trials.every((trial) => podNames.has(trial.workerId)),
      'every trial ran on one of the pool’s pods, named by HYPERFLEET_WORKER_ID',
    );
    assert.ok(sweepLabels.has(sweep.id), 'a busy pod carried the sweep label');

    const creates = api.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/pods') && !r.query.includes('dryRun'),
    );
    assert.equal(creates.length, 2, 'never more pods than the demand');
    for (const pod of seen.values()) {
      assert.deepEqual(
        validateManifest({
          apiVersion: 'v1',
          kind: 'Pod',
          ...JSON.parse(JSON.stringify(pod)),
          status: undefined,
        }).errors,
        [],
      );
      assert.equal(pod.metadata?.labels?.['hyperfleet.dev/pool'], 'default');
      assert.equal(pod.spec?.restartPolicy, 'Never');
    }

    await waitFor(
      'the idle pods to be removed after the cooldown',
      async () => api.pods().length === 0,
      20_000,
    );
    const after = await pools.getPool(50);
    assert.deepEqual([after.desired, after.ready, after.pending], [0, 0, 0]);
    const types = after.events.map((event) => event.type);
    assert.ok(
      types.includes('SCALED') &&
        types.includes('WORKER_CREATED') &&
        types.includes('WORKER_DELETED'),
      types.join(','),
    );
    assert.ok(
      after.events.some((event) => /desired workers [12] -> 0/.test(event.message)),
      'the scale-down is an event',
    );
  },
);

test(
  'a pod that cannot be scheduled is reported with its reason and not counted; limits are validated and applied',
  { timeout: 90_000 },
  async (t) => {
    const cluster = await startKubePool({ min: 0, max: 2, kube: { gpus: 1 } });
    t.after(() => cluster.stop());
    const { api, pools, sweeps } = cluster;
    const sweep = await sweeps.createSweep(
      commandSweep(
        { budget: { maxTrials: 2, maxFailedTrials: 0 }, parallelism: 2 },
        quadraticCommand({ steps: 200, stepMs: 100 }),
      ),
    );

    const pool = await waitFor(
      'one ready and one pending worker',
      async () => {
        const p = await pools.getPool();
        return (
          p.ready === 1 && p.pending === 1 && p.pendingWorkers[0]?.reason === 'Unschedulable' && p
        );
      },
      45_000,
    );
    assert.equal(pool.desired, 2);
    assert.match(pool.pendingWorkers[0]!.message, /Insufficient nvidia\.com\/gpu/);
    assert.ok(
      pool.reasons.some((reason) => /unschedulable/.test(reason)),
      pool.reasons.join('; '),
    );
    assert.ok(
      pool.events.some(
        (event) =>
          event.type === 'WORKER_PENDING' && /Insufficient nvidia\.com\/gpu/.test(event.message),
      ),
      JSON.stringify(pool.events),
    );
    assert.equal(running(api.pods()).length, 1);

    for (const [limits, field] of [
      [{ min: 3, max: 2 }, 'min'],
      [{ max: 0 }, 'max'],
      [{ max: 5000 }, 'max'],
      [{ min: -1 }, 'min'],
    ] as const) {
      await assert.rejects(
        pools.setPoolLimits(limits),
        (error: { code?: number; details?: string }) => {
          assert.equal(error.code, status.INVALID_ARGUMENT);
          assert.match(error.details ?? '', new RegExp(`^${field}: `));
          return true;
        },
      );
    }

    const limited = await pools.setPoolLimits({ max: 1 });
    assert.deepEqual([limited.min, limited.max], [0, 1]);
    await waitFor(
      'the pending pod to go',
      async () => api.pods().length === 1 && (await pools.getPool()).pending === 0,
      20_000,
    );
    const after = await pools.getPool();
    assert.deepEqual([after.desired, after.ready], [1, 1]);
    assert.ok(after.events.some((event) => event.type === 'LIMITS_SET'));
    assert.equal(
      (await cluster.db.query('SELECT min_workers, max_workers FROM worker_pools'))[0]?.max_workers,
      1,
      'the limits are stored',
    );
    await sweeps.cancelSweep(sweep.id, 'test over');
  },
);
