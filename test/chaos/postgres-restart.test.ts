// PostgreSQL restarted in the middle of a sweep: the coordinator's writes fail for a
// moment, its events are retried from JetStream, and the sweep finishes with every trial
// recorded exactly once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestNats, NATS_URL, type TestNats } from '../helpers/nats.js';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres.js';
import { startService, waitForLog, type ServiceProcess } from '../helpers/processes.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';
import { SweepClient } from '@hyperfleet/client';

let postgres: OwnPostgres;
let nats: TestNats;
const processes: ServiceProcess[] = [];

before(async () => {
  postgres = await startOwnPostgres();
  nats = await createTestNats();
});

after(async () => {
  await Promise.all(processes.map((proc) => proc.kill('SIGKILL')));
  await nats.destroy();
  await postgres.drop();
});

test('a sweep finishes correctly across a PostgreSQL restart', { timeout: 180_000 }, async () => {
  const env = {
    DATABASE_URL: postgres.url,
    HYPERFLEET_NATS_URL: NATS_URL,
    HYPERFLEET_NATS_NAMESPACE: nats.names.namespace,
    HYPERFLEET_ACK_WAIT_MS: '3000',
    HYPERFLEET_RECONCILE_INTERVAL_MS: '500',
    HYPERFLEET_AUTH: 'none',
    HYPERFLEET_DEPLOY_ADDRESS: '',
    HYPERFLEET_COORDINATOR_LISTEN: '127.0.0.1:0',
    HYPERFLEET_POOL: 'none',
  };
  const coordinator = startService('coordinator', env);
  processes.push(coordinator);
  await waitForLog(coordinator, 'coordinator listening');
  const port = (JSON.parse(coordinator.lines.find((l) => l.includes('"msg":"coordinator listening"'))!) as { port: number }).port;
  for (let i = 0; i < 2; i++) processes.push(startService('worker', { ...env, HYPERFLEET_WORKER_ID: `pg-${i}` }, `worker-${i}`));

  const spec = commandSweep({ budget: { maxTrials: 20, maxFailedTrials: 0 }, parallelism: 2 }, quadraticCommand({ steps: 3, stepMs: 100 }));
  const sweepId = (await new SweepClient({ address: `127.0.0.1:${port}` }).createSweep(spec)).id;

  const db = new pg.Pool({ connectionString: postgres.url, max: 1 });
  db.on('error', () => {}); // an idle connection dropped by the restart
  const count = async (sql: string) => {
    for (;;) {
      try {
        return Number((await db.query<{ n: string }>(sql, [sweepId])).rows[0]!.n);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200)); // PostgreSQL is restarting
      }
    }
  };
  while ((await count(`SELECT count(*) AS n FROM trials WHERE sweep_id = $1 AND state = 'COMPLETED'`)) < 5) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await postgres.restart();

  const deadline = Date.now() + 120_000;
  while ((await count(`SELECT count(*) AS n FROM sweeps WHERE id = $1 AND state <> 'RUNNING'`)) === 0) {
    assert.ok(Date.now() < deadline, 'the sweep finished after the restart');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const rows = (await db.query<{ state: string; n: string }>('SELECT state, count(*) AS n FROM trials WHERE sweep_id = $1 GROUP BY state', [sweepId])).rows;
  const [sweep] = (await db.query<{ state: string }>('SELECT state FROM sweeps WHERE id = $1', [sweepId])).rows;
  await db.end();
  assert.deepEqual(rows.map((row) => [row.state, Number(row.n)]), [['COMPLETED', 20]]);
  assert.equal(sweep?.state, 'COMPLETED');
  assert.equal(await Promise.race([coordinator.exited.then(() => 'exited'), Promise.resolve('running')]), 'running', 'the coordinator survived the outage');
});
