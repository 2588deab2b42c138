// The chaos test of issue 5: a 40-trial sweep on 3 workers while workers and the coordinator
// are killed with SIGKILL at random moments, and NATS is restarted once. At the end,
// PostgreSQL must hold every trial exactly once, each in one terminal state, with one result
// per completed trial and the right best trial. NATS runs with a user and password here, and
// the API with a token that must never reach a log line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SweepClient } from '@hyperfleet/client';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startOwnNatsServer, type OwnNatsServer } from '../helpers/nats-server.js';
import { startService, waitForLog, type ServiceProcess } from '../helpers/processes.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';

const TRIALS = 40;
const PARALLELISM = 3;
const TOKEN = 'chaos-token-7f3a9c';
const NATS_PASSWORD = 'nats-secret-1b2c';
const SEED = Number(process.env.HYPERFLEET_CHAOS_SEED ?? 20261204);

let db: TestDatabase;
let nats: OwnNatsServer;
const everyProcess: ServiceProcess[] = [];

before(async () => {
  db = await createTestDatabase();
  nats = await startOwnNatsServer({ user: 'hyperfleet', pass: NATS_PASSWORD });
});

after(async () => {
  await Promise.all(everyProcess.map((proc) => proc.kill('SIGKILL')));
  await nats.stop();
  await db.drop();
});

test('a sweep survives killed workers, a killed coordinator and a NATS restart', { timeout: 300_000 }, async (t) => {
  const random = seededRandom(SEED);
  const env = {
    DATABASE_URL: db.url,
    HYPERFLEET_NATS_URL: nats.url,
    HYPERFLEET_NATS_USER: 'hyperfleet',
    HYPERFLEET_NATS_PASS: NATS_PASSWORD,
    HYPERFLEET_NATS_NAMESPACE: 'chaos',
    HYPERFLEET_ACK_WAIT_MS: '2000',
    HYPERFLEET_RECONCILE_INTERVAL_MS: '500',
    HYPERFLEET_API_TOKENS: TOKEN,
    HYPERFLEET_DEPLOY_ADDRESS: '',
    HYPERFLEET_COORDINATOR_LISTEN: '127.0.0.1:0',
    HYPERFLEET_POOL: 'none',
  };

  let port = 0;
  let coordinator = await startCoordinator();
  const workers = Array.from({ length: 3 }, (_, i) => startWorker(i, 0));
  const client = () => new SweepClient({ address: `127.0.0.1:${port}`, token: TOKEN, deadlineMs: 5_000 });

  const sweep = await client().createSweep(
    commandSweep({
      budget: { maxTrials: TRIALS, maxFailedTrials: TRIALS },
      parallelism: PARALLELISM,
      // Each kill costs the trial it interrupts one attempt.
      trial: { maxAttempts: 6, command: { argv: quadraticCommand({ steps: 4, stepMs: 150 }), timeoutSeconds: 60 } },
    }),
  );
  const sweepId = sweep.id;

  let maxInFlight = 0;
  const sampler = setInterval(async () => {
    const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM trials WHERE state IN ('QUEUED','RUNNING')`);
    maxInFlight = Math.max(maxInFlight, Number(row?.n ?? 0));
  }, 50);

  const actions: string[] = [];
  let natsRestarted = false;
  for (let round = 0; round < 10 && !(await finished()); round++) {
    await sleep(400 + random() * 1_200);
    const roll = random();
    if (!natsRestarted && round >= 2) {
      natsRestarted = true;
      actions.push('restart nats');
      await nats.restart();
    } else if (roll < 0.35) {
      actions.push('kill coordinator');
      await coordinator.kill('SIGKILL');
      coordinator = await startCoordinator();
    } else {
      const index = Math.floor(random() * workers.length);
      actions.push(`kill worker ${index}`);
      await workers[index]!.kill('SIGKILL');
      workers[index] = startWorker(index, round + 1);
    }
  }
  assert.ok(natsRestarted && actions.some((a) => a.startsWith('kill coordinator')) && actions.some((a) => a.startsWith('kill worker')), `actions: ${actions.join(', ')}`);

  await waitUntil(finished, 240_000);
  clearInterval(sampler);
  t.diagnostic(`seed ${SEED}: ${actions.join(', ')}`);

  // Everything below is read from PostgreSQL, the system of record.
  const trials = await db.query<{ number: number; state: string; value: number | null; attempt: number }>(
    'SELECT number, state, value, attempt FROM trials WHERE sweep_id = $1 ORDER BY number',
    [sweepId],
  );
  assert.deepEqual(trials.map((t) => t.number), [...Array(TRIALS).keys()], `exactly ${TRIALS} trials, none lost, none extra`);
  const terminal = new Set(['COMPLETED', 'FAILED', 'PRUNED', 'CANCELLED']);
  assert.ok(trials.every((t) => terminal.has(t.state)), 'every trial in one terminal state');
  const completed = trials.filter((t) => t.state === 'COMPLETED');
  assert.ok(completed.length >= TRIALS - 2, `nearly all trials complete (${completed.length}; actions: ${actions.join(', ')})`);
  t.diagnostic(`completed ${completed.length}, attempts > 1: ${trials.filter((x) => x.attempt > 1).length}, max in flight ${maxInFlight}`);
  assert.ok(completed.every((t) => t.value !== null && Number.isFinite(t.value)), 'one finite result per completed trial');
  assert.ok(maxInFlight <= PARALLELISM, `never more than ${PARALLELISM} trials in flight (saw ${maxInFlight})`);

  // The recorded value is the last step of one of the trial's own attempts.
  const finals = await db.query<{ number: number; attempt: number; loss: number }>(
    `SELECT t.number, m.attempt, (m.values->>'loss')::float8 AS loss FROM trial_metrics m JOIN trials t ON t.id = m.trial_id
     WHERE t.sweep_id = $1 AND m.step = 4`,
    [sweepId],
  );
  for (const trial of completed) {
    assert.ok(finals.some((f) => f.number === trial.number && f.loss === trial.value), `trial ${trial.number}'s value comes from a finished attempt`);
  }

  const [stored] = await db.query<{ state: string; best: number; best_value: number }>(
    'SELECT s.state, t.number AS best, s.best_value FROM sweeps s JOIN trials t ON t.id = s.best_trial_id WHERE s.id = $1',
    [sweepId],
  );
  const trueBest = completed.reduce((best, t) => (t.value! < best.value! ? t : best));
  assert.equal(stored?.state, 'COMPLETED');
  assert.deepEqual({ best: stored?.best, value: stored?.best_value }, { best: trueBest.number, value: trueBest.value });

  for (const proc of everyProcess) {
    assert.ok(!proc.lines.some((line) => line.includes(TOKEN) || line.includes(NATS_PASSWORD)), `${proc.name} never logs a secret`);
  }

  async function finished(): Promise<boolean> {
    const [row] = await db.query<{ state: string }>('SELECT state FROM sweeps WHERE id = $1', [sweepId]);
    return row !== undefined && row.state !== 'RUNNING';
  }

  async function startCoordinator(): Promise<ServiceProcess> {
    const proc = startService('coordinator', env, `coordinator-${everyProcess.length}`);
    everyProcess.push(proc);
    await waitForLog(proc, 'coordinator listening');
    const line = proc.lines.find((l) => l.includes('"msg":"coordinator listening"'))!;
    port = (JSON.parse(line) as { port: number }).port;
    return proc;
  }

  function startWorker(index: number, generation: number): ServiceProcess {
    const proc = startService('worker', { ...env, HYPERFLEET_WORKER_ID: `chaos-${index}-${generation}` }, `worker-${index}-${generation}`);
    everyProcess.push(proc);
    return proc;
  }
});

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the sweep to finish');
    await sleep(200);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
