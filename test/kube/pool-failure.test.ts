// Worker pods that die mid-trial: an OOM-killed pod and an evicted one are replaced, their
// trials are redelivered by JetStream and finish on another pod with exactly one result, and
// the reason is recorded on the trial and in the pool's events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startKubePool } from '../helpers/kube-pool.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';
import { waitFor } from '../helpers/wait.js';

test(
  'an OOM-killed pod and an evicted pod are replaced; their trials finish elsewhere, once, with the reason recorded',
  { timeout: 120_000 },
  async (t) => {
    const cluster = await startKubePool({ min: 0, max: 2, ackWaitMs: 2_000 });
    t.after(() => cluster.stop());
    const { api, pools, sweeps, db } = cluster;
    const sweep = await sweeps.createSweep(
      commandSweep(
        { budget: { maxTrials: 2, maxFailedTrials: 0 }, parallelism: 1 },
        quadraticCommand({ steps: 8, stepMs: 250 }),
      ),
    );

    const killed = new Map<number, { pod: string; trialId: string }>();
    for await (const event of sweeps.watchSweep(sweep.id)) {
      const trial = event.trial;
      if (
        event.type !== 'TRIAL_PROGRESS' ||
        !trial ||
        killed.has(trial.number) ||
        trial.attempt !== 1 ||
        (event.metric?.step ?? 0) < 2
      )
        continue;
      assert.ok(api.pod(trial.workerId), `trial ${trial.number} runs on pod ${trial.workerId}`);
      killed.set(trial.number, { pod: trial.workerId, trialId: trial.id });
      await api.killPod(
        trial.workerId,
        trial.number === 0 ? { reason: 'OOMKilled' } : { reason: 'Evicted' },
      );
    }
    assert.equal(killed.size, 2, 'both trials lost their first pod');

    const done = await sweeps.getSweep(sweep.id);
    assert.equal(done.state, 'SWEEP_COMPLETED');
    assert.deepEqual([done.counts?.completed, done.counts?.failed, done.counts?.total], [2, 0, 2]);

    for (const [number, { pod, trialId }] of killed) {
      const trial = await sweeps.getTrial(trialId);
      assert.equal(trial.state, 'COMPLETED');
      assert.equal(trial.attempt, 2, `trial ${number} finished on its second delivery`);
      assert.notEqual(trial.workerId, pod);
      const expected =
        number === 0
          ? `worker pod ${pod} OOMKilled (exit 137)`
          : `worker pod ${pod} evicted: The node was low on resource: memory.`;
      assert.ok(
        trial.interruption.startsWith(expected),
        `${trial.interruption} starts with ${expected}`,
      );

      const results = await db.query<{ attempt: number; steps: string }>(
        'SELECT attempt, count(*) AS steps FROM trial_metrics WHERE trial_id = $1 GROUP BY attempt ORDER BY attempt',
        [trialId],
      );
      assert.equal(Number(results.at(-1)?.steps), 8, 'the finishing attempt reported every step');
      assert.ok(Number(results[0]?.steps) < 8, 'the killed attempt did not finish');
      assert.equal(
        trial.value,
        (
          await db.query<{ v: number }>(
            `SELECT (values->>'loss')::float8 AS v FROM trial_metrics WHERE trial_id = $1 AND attempt = 2 AND step = 8`,
            [trialId],
          )
        )[0]?.v,
      );
    }

    const pool = await pools.getPool(100);
    const failures = pool.events.filter((event) => event.type === 'WORKER_FAILED');
    for (const { pod, trialId } of killed.values()) {
      assert.ok(
        failures.some((event) => event.worker === pod && event.trialId === trialId),
        `a WORKER_FAILED event for ${pod}`,
      );
      await waitFor(`pod ${pod} to be removed`, async () => api.pod(pod) === undefined, 10_000);
      assert.ok(
        api
          .events()
          .some((event) => event.involvedObject?.name === pod && event.reason === 'WorkerFailed'),
        'kubectl describe pod shows it',
      );
    }
  },
);
