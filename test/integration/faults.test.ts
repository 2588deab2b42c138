// Faults inside one sweep: objectives that are not numbers, malformed messages, a failure
// budget running out, cancellation, trials that keep killing their worker, and a worker
// asked to stop. Each must end in a correct, stored state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jetstream } from '@nats-io/jetstream';
import { startCluster, type TestCluster } from '../helpers/cluster.js';
import { commandSweep, quadraticCommand } from '../helpers/specs.js';
import { waitFor } from '../helpers/wait.js';

let cluster: TestCluster;

before(async () => {
  cluster = await startCluster({ workers: 2, ackWaitMs: 2_000 });
});

after(async () => {
  await cluster.stop();
});

async function finish(id: string) {
  for await (const event of cluster.sweeps.watchSweep(id)) if (event.type === 'SWEEP_FINISHED') break;
  return cluster.sweeps.getSweep(id);
}

function script(body: string): string[] {
  return [process.execPath, '-e', body];
}

test('a NaN objective fails only its trial; it never becomes the best', async () => {
  // x < 0 reports NaN; the rest a finite loss.
  const spec = commandSweep(
    { budget: { maxTrials: 8, maxFailedTrials: 8 }, searchSpace: { x: { type: 'float', low: -1, high: 1 } } },
    script(`const x = Number(process.env.HF_PARAM_X); console.log('hyperfleet:report ' + JSON.stringify({ step: 1, metrics: { loss: x < 0 ? NaN : x } }))`),
  );
  const sweep = await finish((await cluster.sweeps.createSweep(spec)).id);
  const { trials } = await cluster.sweeps.listTrials({ sweepId: sweep.id });
  const failed = trials.filter((trial) => trial.state === 'FAILED');
  const completed = trials.filter((trial) => trial.state === 'COMPLETED');
  assert.equal(trials.length, 8, 'the sweep kept scheduling after failures');
  assert.ok(failed.length > 0 && completed.length > 0, `both kinds happen with this seed (${failed.length} failed)`);
  for (const trial of failed) {
    assert.equal(trial.value, undefined);
    assert.match(trial.error, /objective loss is not a finite number \(got null\)/);
    assert.ok(Number(fromParams(trial.params).x) < 0);
  }
  assert.ok(completed.every((trial) => Number.isFinite(trial.value)));
  assert.equal(sweep.bestTrial?.value, Math.min(...completed.map((trial) => trial.value!)));
});

test('malformed messages on both streams are set aside and the sweep still finishes', async () => {
  const js = jetstream(cluster.nats.nc);
  const { names } = cluster.nats;
  const garbage = new TextEncoder().encode('{"v":1,"sweepId":42}');
  await js.publish(names.assignSubject, garbage);
  await js.publish(`${names.eventSubjectPrefix}.not-a-sweep`, new TextEncoder().encode('not json at all'));
  await js.publish(`${names.eventSubjectPrefix}.x`, new TextEncoder().encode('{"v":1,"type":"completed","sweepId":"x","trialId":"y","attempt":1,"workerId":"w","metrics":{}}'));

  const sweep = await finish((await cluster.sweeps.createSweep(commandSweep({ budget: { maxTrials: 4 } }))).id);
  assert.equal(sweep.state, 'SWEEP_COMPLETED');
  assert.equal(sweep.counts?.completed, 4);
  await waitFor('the assignment stream to drain', async () => (await cluster.nats.pendingAssignments()) === 0, 10_000);
});

test('past its failure budget a sweep ends FAILED with the reason, cancelling what runs', async () => {
  const spec = commandSweep(
    { budget: { maxTrials: 10, maxFailedTrials: 1 } },
    script(`console.error('ValueError: bad data in shard 3'); process.exit(1)`),
  );
  const sweep = await finish((await cluster.sweeps.createSweep(spec)).id);
  assert.equal(sweep.state, 'SWEEP_FAILED');
  assert.match(sweep.stateReason, /2 trials failed, more than budget\.maxFailedTrials \(1\)/);
  const { trials } = await cluster.sweeps.listTrials({ sweepId: sweep.id });
  assert.ok(trials.length < 10, 'no more trials were created once the budget was gone');
  assert.ok(trials.every((trial) => trial.state === 'FAILED' || trial.state === 'CANCELLED'));
  assert.match(trials.find((trial) => trial.state === 'FAILED')!.error, /exited with code 1: ValueError: bad data in shard 3/);
});

test('cancelling a sweep stops its running trials within seconds', async () => {
  const spec = commandSweep({ budget: { maxTrials: 6 } }, quadraticCommand({ steps: 100, stepMs: 200 }));
  const created = await cluster.sweeps.createSweep(spec);
  await waitFor('two trials running', async () => ((await cluster.sweeps.getSweep(created.id)).counts?.running === 2 ? true : undefined), 20_000);

  const cancelledAt = Date.now();
  const cancelled = await cluster.sweeps.cancelSweep(created.id, 'wrong dataset');
  assert.equal(cancelled.state, 'SWEEP_CANCELLED');
  assert.equal(cancelled.stateReason, 'wrong dataset');
  assert.equal(cancelled.counts?.cancelled, 2);

  // The workers are free again: a new sweep's trials start promptly.
  const next = await cluster.sweeps.createSweep(commandSweep({ budget: { maxTrials: 2 } }));
  const done = await finish(next.id);
  assert.equal(done.state, 'SWEEP_COMPLETED');
  assert.ok(Date.now() - cancelledAt < 15_000, `the cancelled trials let go of their workers (${Date.now() - cancelledAt} ms)`);
  await assert.rejects(cluster.sweeps.cancelSweep(created.id), { code: 9 }); // FAILED_PRECONDITION
});

test('a trial that kills its worker every time ends FAILED after maxAttempts, with the reason', { timeout: 90_000 }, async () => {
  const spec = commandSweep(
    { budget: { maxTrials: 1, maxFailedTrials: 1 }, parallelism: 1, trial: { maxAttempts: 2, command: { argv: script(`process.kill(process.ppid, 'SIGKILL')`) } } },
  );
  const sweep = await finish((await cluster.sweeps.createSweep(spec)).id);
  const [trial] = (await cluster.sweeps.listTrials({ sweepId: sweep.id })).trials;
  assert.equal(trial?.state, 'FAILED');
  assert.equal(trial?.attempt, 3, 'the third delivery finds the attempts used up');
  assert.match(trial!.error, /gave up after 2 attempts/);
  assert.equal(sweep.state, 'SWEEP_FAILED', 'no trial completed');
});

function fromParams(params: Record<string, { numberValue?: number }>): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, value.numberValue]));
}
