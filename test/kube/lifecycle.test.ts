import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Log, type V1Pod } from '@kubernetes/client-node';
import { NAMESPACE, eventually, nodePod, rejectedWith, startHarness } from './test-support.js';
import { INSUFFICIENT_GPU } from './fake-api-server.js';

const namespace = NAMESPACE;
const phase = (pod: V1Pod) => pod.status?.phase;
const terminated = (pod: V1Pod) => pod.status?.containerStatuses?.[0]?.state?.terminated;

function gpuPod(name: string, script: string): V1Pod {
  const pod = nodePod(name, script);
  pod.spec!.containers[0]!.resources = { limits: { 'nvidia.com/gpu': '1' } };
  return pod;
}

test('a pod runs its command as a process and ends Succeeded or Failed with the exit code', async (t) => {
  const { core } = await startHarness(t, { runPods: true });
  await core.createNamespacedPod({
    namespace,
    body: nodePod('ok', 'console.log("trained"); process.exit(0)'),
  });
  await core.createNamespacedPod({
    namespace,
    body: nodePod('bad', 'console.error("diverged"); process.exit(3)'),
  });
  const read = (name: string) => () => core.readNamespacedPod({ namespace, name });

  const ok = await eventually(read('ok'), (p) => phase(p) === 'Succeeded');
  assert.equal(terminated(ok)?.exitCode, 0);
  assert.equal(terminated(ok)?.reason, 'Completed');
  assert.equal(ok.status?.podIP, '127.0.0.1');
  assert.equal(ok.spec?.nodeName, 'fake-node-1');

  const bad = await eventually(read('bad'), (p) => phase(p) === 'Failed');
  assert.equal(terminated(bad)?.exitCode, 3);
  assert.equal(terminated(bad)?.reason, 'Error');
  assert.equal(await core.readNamespacedPodLog({ namespace, name: 'bad' }), 'diverged\n');
  assert.equal(await core.readNamespacedPodLog({ namespace, name: 'ok' }), 'trained\n');
});

test('a running pod is Ready and its events come in kubelet order', async (t) => {
  const { core } = await startHarness(t, { runPods: true });
  await core.createNamespacedPod({
    namespace,
    body: nodePod('run', 'setTimeout(() => {}, 60000)'),
  });
  const pod = await eventually(
    () => core.readNamespacedPod({ namespace, name: 'run' }),
    (p) => phase(p) === 'Running',
  );
  const status = pod.status?.containerStatuses?.[0];
  assert.equal(status?.ready, true);
  assert.ok(status?.state?.running?.startedAt instanceof Date);
  assert.equal(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');

  const events = await core.listNamespacedEvent({
    namespace,
    fieldSelector: 'involvedObject.name=run',
  });
  assert.deepEqual(
    events.items.map((e) => e.reason),
    ['Scheduled', 'Pulled', 'Created', 'Started'],
  );
});

test('the container gets its env, secret keys, downward-API fields and $(VAR) in args', async (t) => {
  const { core, api } = await startHarness(t, {
    runPods: { secrets: { nats: { url: 'nats://127.0.0.1:4222' } } },
  });
  const body = nodePod('env', '');
  body.spec!.containers[0] = {
    name: 'worker',
    image: 'hyperfleet/worker:1.0',
    command: [
      'node',
      '-e',
      'console.log(JSON.stringify([process.env.NATS_URL, process.env.POD, process.env.MODE, process.argv[1]]))',
    ],
    args: ['$(MODE)-run'],
    env: [
      { name: 'NATS_URL', valueFrom: { secretKeyRef: { name: 'nats', key: 'url' } } },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'MODE', value: 'gpu' },
    ],
  };
  await core.createNamespacedPod({ namespace, body });
  await api.waitForPod('env', (p) => phase(p) === 'Succeeded');
  assert.deepEqual(JSON.parse(api.podLogs('env')), [
    'nats://127.0.0.1:4222',
    'env',
    'gpu',
    'gpu-run',
  ]);
});

test('a missing secret keeps the pod Pending with CreateContainerConfigError', async (t) => {
  const { core } = await startHarness(t, { runPods: true });
  const body = nodePod('nosecret', '');
  body.spec!.containers[0]!.env = [
    { name: 'X', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } },
  ];
  await core.createNamespacedPod({ namespace, body });

  const pod = await eventually(
    () => core.readNamespacedPod({ namespace, name: 'nosecret' }),
    (p) =>
      p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError',
  );
  assert.equal(phase(pod), 'Pending');
  assert.equal(
    pod.status?.containerStatuses?.[0]?.state?.waiting?.message,
    'secret "absent" not found',
  );
  const log = await rejectedWith(core.readNamespacedPodLog({ namespace, name: 'nosecret' }), 400);
  assert.match(log.message, /is waiting to start/);
});

test('a command that does not exist fails the pod with StartError', async (t) => {
  const { core } = await startHarness(t, { runPods: true });
  const body = nodePod('noexec', '');
  body.spec!.containers[0]!.command = ['/nonexistent/trainer'];
  await core.createNamespacedPod({ namespace, body });
  const pod = await eventually(
    () => core.readNamespacedPod({ namespace, name: 'noexec' }),
    (p) => phase(p) === 'Failed',
  );
  assert.equal(terminated(pod)?.reason, 'StartError');
  assert.equal(terminated(pod)?.exitCode, 128);
});

test('killPod OOMKilled shows reason OOMKilled and exit code 137 through the client', async (t) => {
  const { core, api } = await startHarness(t, { runPods: true });
  await core.createNamespacedPod({
    namespace,
    body: nodePod('oom', 'setTimeout(() => {}, 60000)'),
  });
  await api.waitForPod('oom', (p) => phase(p) === 'Running');

  await api.killPod('oom', { reason: 'OOMKilled' });
  const pod = await core.readNamespacedPod({ namespace, name: 'oom' });
  assert.equal(phase(pod), 'Failed');
  assert.deepEqual([terminated(pod)?.reason, terminated(pod)?.exitCode], ['OOMKilled', 137]);
});

test('killPod Evicted fails the pod with reason Evicted, a message and an Evicted event', async (t) => {
  const { core, api } = await startHarness(t, { runPods: true });
  await core.createNamespacedPod({ namespace, body: nodePod('ev', 'setTimeout(() => {}, 60000)') });
  await api.waitForPod('ev', (p) => phase(p) === 'Running');

  await api.killPod('ev', {
    reason: 'Evicted',
    message: 'The node was low on resource: ephemeral-storage.',
  });
  const pod = await core.readNamespacedPod({ namespace, name: 'ev' });
  assert.equal(phase(pod), 'Failed');
  assert.equal(pod.status?.reason, 'Evicted');
  assert.equal(pod.status?.message, 'The node was low on resource: ephemeral-storage.');
  assert.equal(
    pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason,
    'TerminationByKubelet',
  );

  const events = await core.listNamespacedEvent({
    namespace,
    fieldSelector: 'involvedObject.name=ev,reason=Evicted',
  });
  assert.equal(events.items[0]?.type, 'Warning');
  assert.equal(events.items[0]?.message, 'The node was low on resource: ephemeral-storage.');
});

test('deleting a running pod sends SIGTERM, shows Terminating, then removes it', async (t) => {
  const { core, api } = await startHarness(t, { runPods: true });
  const script =
    'process.on("SIGTERM", () => { console.log("draining"); process.exit(0); }); console.log("ready"); setInterval(() => {}, 1000)';
  await core.createNamespacedPod({ namespace, body: nodePod('graceful', script) });
  // Running means the process started, not that it installed its handler yet.
  await eventually(
    async () => api.podLogs('graceful'),
    (log) => log === 'ready\n',
  );

  const deleting = await core.deleteNamespacedPod({
    namespace,
    name: 'graceful',
    gracePeriodSeconds: 30,
  });
  assert.ok(deleting.metadata?.deletionTimestamp instanceof Date);
  assert.equal(deleting.metadata?.deletionGracePeriodSeconds, 30);
  await eventually(
    () => core.listNamespacedPod({ namespace }),
    (list) => list.items.length === 0,
  );
  assert.equal(api.podLogs('graceful'), 'ready\ndraining\n');
  assert.ok(
    api.events().some((e) => e.reason === 'Killing' && e.involvedObject.name === 'graceful'),
  );
});

test('a pod that ignores SIGTERM is killed after its grace period', async (t) => {
  const { core, api } = await startHarness(t, { runPods: true });
  const script =
    'process.on("SIGTERM", () => console.log("ignoring")); console.log("ready"); setInterval(() => {}, 1000)';
  await core.createNamespacedPod({ namespace, body: nodePod('stubborn', script) });
  await eventually(
    async () => api.podLogs('stubborn'),
    (log) => log === 'ready\n',
  );

  const started = Date.now();
  await core.deleteNamespacedPod({ namespace, name: 'stubborn', gracePeriodSeconds: 1 });
  await eventually(
    () => core.listNamespacedPod({ namespace }),
    (list) => list.items.length === 0,
    5000,
  );
  assert.ok(Date.now() - started >= 1000, 'removed only after the grace period');
  assert.equal(api.podLogs('stubborn'), 'ready\nignoring\n');
});

test('an unschedulable pod stays Pending with FailedScheduling until the node has room', async (t) => {
  const { core, api } = await startHarness(t, {
    runPods: true,
    schedule: () => ({ pending: INSUFFICIENT_GPU }),
  });
  await core.createNamespacedPod({ namespace, body: gpuPod('waiting', 'process.exit(0)') });

  const pod = await eventually(
    () => core.readNamespacedPod({ namespace, name: 'waiting' }),
    (p) => p.status?.conditions?.some((c) => c.type === 'PodScheduled') ?? false,
  );
  assert.equal(phase(pod), 'Pending');
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  assert.deepEqual([scheduled?.status, scheduled?.reason], ['False', 'Unschedulable']);
  assert.equal(scheduled?.message, '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.');
  const events = await core.listNamespacedEvent({
    namespace,
    fieldSelector: 'involvedObject.name=waiting',
  });
  assert.deepEqual(
    events.items.map((e) => [e.type, e.reason, e.message, e.source?.component]),
    [
      [
        'Warning',
        'FailedScheduling',
        '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.',
        'default-scheduler',
      ],
    ],
  );

  api.setSchedulable(true);
  await eventually(
    () => core.readNamespacedPod({ namespace, name: 'waiting' }),
    (p) => phase(p) === 'Succeeded',
  );
});

test('GPU capacity holds the second GPU pod Pending until the first one finishes', async (t) => {
  const { core, api } = await startHarness(t, { runPods: true, gpus: 1 });
  await core.createNamespacedPod({
    namespace,
    body: gpuPod('first', 'setTimeout(() => {}, 60000)'),
  });
  await api.waitForPod('first', (p) => phase(p) === 'Running');
  await core.createNamespacedPod({ namespace, body: gpuPod('second', 'process.exit(0)') });

  await api.waitForPod('second', (p) => p.status?.conditions?.[0]?.reason === 'Unschedulable');
  await api.killPod('first', { reason: 'Error' });
  const first = await core.readNamespacedPod({ namespace, name: 'first' });
  assert.deepEqual(
    [phase(first), terminated(first)?.reason, terminated(first)?.exitCode],
    ['Failed', 'Error', 137],
  );
  await eventually(
    () => core.readNamespacedPod({ namespace, name: 'second' }),
    (p) => phase(p) === 'Succeeded',
  );
});

test('restartPolicy OnFailure restarts a failed container and counts the restart', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fake-kube-restart-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { core } = await startHarness(t, { runPods: { cwd: dir, restartBackoffMs: 20 } });
  const script =
    'const fs = require("fs"); if (!fs.existsSync("ran")) { fs.writeFileSync("ran", ""); process.exit(2); }';
  await core.createNamespacedPod({
    namespace,
    body: nodePod('flaky', script, { restartPolicy: 'OnFailure' }),
  });

  const pod = await eventually(
    () => core.readNamespacedPod({ namespace, name: 'flaky' }),
    (p) => phase(p) === 'Succeeded',
  );
  const status = pod.status?.containerStatuses?.[0];
  assert.equal(status?.restartCount, 1);
  assert.equal(status?.lastState?.terminated?.exitCode, 2);
  const events = await core.listNamespacedEvent({
    namespace,
    fieldSelector: 'involvedObject.name=flaky,reason=BackOff',
  });
  assert.equal(events.items.length, 1);
});

test("the client's Log follows a running container's output until it exits", async (t) => {
  const { core, kc, api } = await startHarness(t, { runPods: true });
  const script =
    'let i = 0; const t = setInterval(() => { console.log("step " + i); if (++i === 3) clearInterval(t); }, 100)';
  await core.createNamespacedPod({ namespace, body: nodePod('chatty', script) });
  await api.waitForPod('chatty', (p) => phase(p) === 'Running');

  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ended = new Promise<void>((resolve) => out.on('end', resolve));
  await new Log(kc).log(namespace, 'chatty', 'worker', out, { follow: true });
  await ended;
  assert.equal(text, 'step 0\nstep 1\nstep 2\n');
});

test('close() ends every pod process, even one that ignores SIGTERM', async (t) => {
  const { core, api } = await startHarness(t, { runPods: true });
  const script =
    'process.on("SIGTERM", () => {}); console.log(process.pid); setInterval(() => {}, 1000)';
  await core.createNamespacedPod({ namespace, body: nodePod('orphan', script) });
  const log = await eventually(
    async () => api.podLogs('orphan'),
    (text) => text.endsWith('\n'),
  );
  const pid = Number(log.trim());
  assert.doesNotThrow(() => process.kill(pid, 0));

  await api.close();
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
});
