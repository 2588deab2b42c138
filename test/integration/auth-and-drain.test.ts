// Access control and graceful stops: the API refuses callers without a valid token, a
// coordinator will not start unauthenticated unless told to, and a worker asked to stop
// hands its trial back at once instead of leaving it to the ack wait, without using up one
// of the trial's attempts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SweepClient } from '@hyperfleet/client';
import { ConfigError, createLogger } from '@hyperfleet/common';
import { readCoordinatorConfig } from '@hyperfleet/coordinator';
import { startCluster, type TestCluster } from '../helpers/cluster.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';

const TOKEN = 'test-token-5d1f';
let cluster: TestCluster;

before(async () => {
  cluster = await startCluster({ workers: 2, ackWaitMs: 30_000, apiTokens: [TOKEN] });
});

after(async () => {
  await cluster.stop();
});

const UNAUTHENTICATED = 16;

test('calls without a token or with a wrong one are UNAUTHENTICATED', async () => {
  const address = `127.0.0.1:${cluster.coordinator.port}`;
  for (const token of [undefined, 'wrong-token']) {
    const client = new SweepClient({ address, token });
    await assert.rejects(client.listSweeps(), { code: UNAUTHENTICATED });
    await assert.rejects(client.createSweep(commandSweep()), { code: UNAUTHENTICATED });
    client.close();
  }
  assert.deepEqual((await cluster.sweeps.listSweeps()).sweeps, [], 'the rejected CreateSweep stored nothing');
});

test('authentication is on by default: no token and no mTLS is a configuration error', () => {
  assert.throws(() => readCoordinatorConfig({}), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.variable, 'HYPERFLEET_API_TOKENS');
    assert.match(error.message, /HYPERFLEET_AUTH=none/);
    return true;
  });
  assert.equal(readCoordinatorConfig({ HYPERFLEET_AUTH: 'none' }).security.mode, 'none');
});

test('secrets are redacted from log lines whatever logs them', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  logger.info('connecting', { token: TOKEN, password: 'pw', nested: { authorization: `Bearer ${TOKEN}` } });
  assert.ok(!lines[0]!.includes(TOKEN) && !lines[0]!.includes('"pw"'), lines[0]);
});

test('a worker stopped with SIGTERM hands its trial back; another finishes it at once, attempts untouched', { timeout: 60_000 }, async () => {
  // Trials take 20 steps x 250 ms; the drain timeout is 1 s, far below the 30 s ack wait.
  // One attempt only: a hand-back is no failed attempt, so the redelivery still runs.
  const spec = commandSweep({
    budget: { maxTrials: 1, maxFailedTrials: 0 },
    parallelism: 1,
    trial: { maxAttempts: 1, command: { argv: quadraticCommand({ steps: 20, stepMs: 250 }), timeoutSeconds: 60 } },
  });
  const created = await cluster.sweeps.createSweep(spec);
  let stoppedAt = 0;
  for await (const event of cluster.sweeps.watchSweep(created.id)) {
    if (!stoppedAt && event.type === 'TRIAL_PROGRESS' && (event.metric?.step ?? 0) >= 2) {
      const worker = cluster.workers().find((w) => w.workerId === event.trial!.workerId)!;
      stoppedAt = Date.now();
      process.kill(worker.pid, 'SIGTERM');
    }
  }
  const [trial] = (await cluster.sweeps.listTrials({ sweepId: created.id })).trials;
  assert.equal(trial?.state, 'COMPLETED');
  assert.equal(trial?.attempt, 2, 'handed back and delivered again');
  const elapsed = Date.now() - stoppedAt;
  assert.ok(elapsed < 20_000, `finished ${elapsed} ms after the SIGTERM: the hand-back did not wait for the 30 s ack wait`);
});

test('WatchSweep ends with a status: UNAUTHENTICATED without a token, NOT_FOUND for an unknown sweep', async () => {
  const anonymous = new SweepClient({ address: `127.0.0.1:${cluster.coordinator.port}` });
  await assert.rejects(async () => {
    for await (const _ of anonymous.watchSweep('00000000-0000-4000-8000-000000000000')) break;
  }, { code: UNAUTHENTICATED });
  anonymous.close();
  await assert.rejects(async () => {
    for await (const _ of cluster.sweeps.watchSweep('00000000-0000-4000-8000-000000000000')) break;
  }, { code: 5 });
  await assert.rejects(async () => {
    for await (const _ of cluster.sweeps.watchSweep('not-a-uuid')) break;
  }, { code: 3 });
});
