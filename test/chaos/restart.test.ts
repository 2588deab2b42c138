// Coordinator restarts against a grid: with 4 workers competing for a 16-point grid at
// parallelism 3, a coordinator killed with SIGKILL twice mid-sweep still runs every point
// exactly once, never has more than 3 trials in flight, and adds nothing once it is done.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createTestNats, NATS_URL, type TestNats } from '../helpers/nats.js';
import { startService, waitForLog, type ServiceProcess } from '../helpers/processes.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';
import { SweepClient } from '@hyperfleet/client';

let db: TestDatabase;
let nats: TestNats;
const processes: ServiceProcess[] = [];

before(async () => {
  db = await createTestDatabase();
  nats = await createTestNats();
});

after(async () => {
  await Promise.all(processes.map((proc) => proc.kill('SIGKILL')));
  await nats.destroy();
  await db.drop();
});

test('a grid sweep survives coordinator kills: every point once, parallelism held', { timeout: 180_000 }, async () => {
  const env = {
    DATABASE_URL: db.url,
    HYPERFLEET_NATS_URL: NATS_URL,
    HYPERFLEET_NATS_NAMESPACE: nats.names.namespace,
    HYPERFLEET_ACK_WAIT_MS: '2000',
    HYPERFLEET_RECONCILE_INTERVAL_MS: '500',
    HYPERFLEET_AUTH: 'none',
    HYPERFLEET_DEPLOY_ADDRESS: '',
    HYPERFLEET_COORDINATOR_LISTEN: '127.0.0.1:0',
    HYPERFLEET_POOL: 'none',
  };
  const startCoordinator = async () => {
    const proc = startService('coordinator', env, `coordinator-${processes.length}`);
    processes.push(proc);
    await waitForLog(proc, 'coordinator listening');
    const line = proc.lines.find((l) => l.includes('"msg":"coordinator listening"'))!;
    return { proc, port: (JSON.parse(line) as { port: number }).port };
  };

  let coordinator = await startCoordinator();
  for (let i = 0; i < 4; i++) processes.push(startService('worker', { ...env, HYPERFLEET_WORKER_ID: `grid-${i}` }, `worker-${i}`));

  const spec = commandSweep(
    {
      searchSpace: { x: { type: 'int', low: 0, high: 3 }, y: { type: 'categorical', choices: ['a', 'b', 'c', 'd'] } },
      algorithm: 'grid',
      budget: { maxTrials: 16, maxFailedTrials: 0 },
      parallelism: 3,
    },
    quadraticCommand({ steps: 3, stepMs: 150 }),
  );
  const sweepId = (await new SweepClient({ address: `127.0.0.1:${coordinator.port}` }).createSweep(spec)).id;

  let maxInFlight = 0;
  const sampler = setInterval(async () => {
    const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM trials WHERE state IN ('QUEUED','RUNNING')`);
    maxInFlight = Math.max(maxInFlight, Number(row?.n ?? 0));
  }, 25);

  for (const completedBeforeKill of [3, 9]) {
    await waitForCompleted(completedBeforeKill);
    await coordinator.proc.kill('SIGKILL');
    coordinator = await startCoordinator();
  }
  await waitForState((state) => state !== 'RUNNING');
  clearInterval(sampler);

  const trials = await db.query<{ number: number; state: string; params: { x: number; y: string } }>(
    'SELECT number, state, params FROM trials WHERE sweep_id = $1 ORDER BY number',
    [sweepId],
  );
  assert.equal(trials.length, 16);
  assert.ok(trials.every((trial) => trial.state === 'COMPLETED'));
  assert.equal(new Set(trials.map((trial) => `${trial.params.x}${trial.params.y}`)).size, 16, 'every grid point exactly once');
  assert.ok(maxInFlight <= 3, `never more than 3 trials in flight (saw ${maxInFlight})`);

  // A restart after the end adds nothing.
  await coordinator.proc.kill('SIGKILL');
  coordinator = await startCoordinator();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const [after] = await db.query<{ n: string; state: string }>('SELECT (SELECT count(*) FROM trials) AS n, (SELECT state FROM sweeps) AS state');
  assert.deepEqual({ n: Number(after?.n), state: after?.state }, { n: 16, state: 'COMPLETED' });

  async function waitForCompleted(count: number) {
    await waitFor(async () => {
      const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM trials WHERE state = 'COMPLETED'`);
      return Number(row?.n) >= count;
    });
  }
  async function waitForState(done: (state: string) => boolean) {
    await waitFor(async () => {
      const [row] = await db.query<{ state: string }>('SELECT state FROM sweeps WHERE id = $1', [sweepId]);
      return row !== undefined && done(row.state);
    });
  }
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
