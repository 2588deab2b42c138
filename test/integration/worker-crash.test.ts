// A worker killed in the middle of a trial: JetStream redelivers the assignment after the
// ack wait, another worker runs it again, and exactly one result is recorded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type TestCluster } from '../helpers/cluster.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';

let cluster: TestCluster;

before(async () => {
  cluster = await startCluster({ workers: 2, ackWaitMs: 2_000 });
});

after(async () => {
  await cluster.stop();
});

test('a trial whose worker is killed mid-trial is finished by another worker, once', { timeout: 120_000 }, async () => {
  const spec = commandSweep({ budget: { maxTrials: 3, maxFailedTrials: 0 }, parallelism: 1 }, quadraticCommand({ steps: 6, stepMs: 400 }));
  const created = await cluster.sweeps.createSweep(spec);

  let killed: { workerId: string; pid: number } | undefined;
  for await (const event of cluster.sweeps.watchSweep(created.id)) {
    if (!killed && event.type === 'TRIAL_PROGRESS' && event.trial?.number === 0 && (event.metric?.step ?? 0) >= 2) {
      killed = cluster.workers().find((worker) => worker.workerId === event.trial!.workerId);
      assert.ok(killed, `worker ${event.trial.workerId} should be one of the pool's`);
      process.kill(killed.pid, 'SIGKILL');
    }
  }
  assert.ok(killed, 'the test killed a worker');

  const sweep = await cluster.sweeps.getSweep(created.id);
  assert.equal(sweep.state, 'SWEEP_COMPLETED');
  assert.deepEqual({ completed: sweep.counts?.completed, failed: sweep.counts?.failed, total: sweep.counts?.total }, { completed: 3, failed: 0, total: 3 });

  const [first] = (await cluster.sweeps.listTrials({ sweepId: created.id })).trials;
  assert.equal(first?.state, 'COMPLETED');
  assert.equal(first?.attempt, 2, 'the redelivery is the second attempt');
  assert.notEqual(first?.workerId, killed.workerId);

  const rows = await cluster.db.query<{ attempt: number; steps: string; last: number }>(
    `SELECT m.attempt, count(*) AS steps, max((m.values->>'loss')::float8) FILTER (WHERE m.step = 6) AS last
     FROM trial_metrics m WHERE m.trial_id = $1 GROUP BY m.attempt ORDER BY m.attempt`,
    [first!.id],
  );
  assert.equal(rows.length, 2, 'metrics of both attempts are kept apart');
  assert.ok(Number(rows[0]!.steps) >= 2 && Number(rows[0]!.steps) < 6, 'the killed attempt reported part of its steps');
  assert.equal(Number(rows[1]!.steps), 6);
  assert.equal(first?.value, rows[1]!.last, 'the recorded value is the finishing attempt’s');
});
