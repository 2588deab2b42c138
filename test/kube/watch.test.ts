import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeInformer, Watch, type CoreV1Event, type V1Pod } from '@kubernetes/client-node';
import { NAMESPACE, eventually, nodePod, sleep, startHarness } from './test-support.js';

const namespace = NAMESPACE;
const podsPath = `/api/v1/namespaces/${namespace}/pods`;

interface Seen {
  type: string;
  name: string;
  phase?: string;
  code?: number;
}

/** Starts a watch through the client's Watch and records what it delivers. */
async function record(
  watch: Watch,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
) {
  const seen: Seen[] = [];
  let ended: Error | null | undefined;
  const controller = await watch.watch(
    path,
    query,
    (type, obj: V1Pod & { code?: number }) => {
      seen.push({ type, name: obj.metadata?.name ?? '', phase: obj.status?.phase, code: obj.code });
    },
    (err) => {
      ended = err ?? null;
    },
  );
  return { seen, controller, ended: () => ended };
}

test('a watch from a list resourceVersion sees ADDED, MODIFIED and DELETED in order', async (t) => {
  const { core, kc } = await startHarness(t, { runPods: true });
  await core.createNamespacedPod({ namespace, body: nodePod('before', '') });
  const list = await core.listNamespacedPod({ namespace });

  const w = await record(new Watch(kc), podsPath, {
    resourceVersion: list.metadata?.resourceVersion,
  });
  t.after(() => w.controller.abort());
  await core.createNamespacedPod({ namespace, body: nodePod('p', 'setTimeout(() => {}, 60000)') });
  await eventually(
    async () => w.seen,
    (s) => s.some((e) => e.name === 'p' && e.phase === 'Running'),
  );
  await core.deleteNamespacedPod({ namespace, name: 'p', gracePeriodSeconds: 0 });
  await eventually(
    async () => w.seen,
    (s) => s.some((e) => e.type === 'DELETED'),
  );

  const forP = w.seen.filter((e) => e.name === 'p').map((e) => e.type);
  assert.equal(forP[0], 'ADDED');
  assert.ok(forP.slice(1, -1).every((type) => type === 'MODIFIED'));
  assert.equal(forP.at(-1), 'DELETED');
  assert.ok(
    !w.seen.some((e) => e.name === 'before' && e.type === 'ADDED'),
    'the listed pod is not replayed',
  );
});

test('a watch resumed from an older resourceVersion replays the changes it missed', async (t) => {
  const { core, kc } = await startHarness(t);
  const start = (await core.listNamespacedPod({ namespace })).metadata?.resourceVersion;
  await core.createNamespacedPod({ namespace, body: nodePod('missed-1', '') });
  await core.createNamespacedPod({ namespace, body: nodePod('missed-2', '') });
  await core.deleteNamespacedPod({ namespace, name: 'missed-1' });

  const w = await record(new Watch(kc), podsPath, { resourceVersion: start });
  t.after(() => w.controller.abort());
  const seen = await eventually(
    async () => w.seen,
    (s) => s.some((e) => e.type === 'DELETED'),
  );
  const added = seen.filter((e) => e.type === 'ADDED').map((e) => e.name);
  assert.deepEqual(added, ['missed-1', 'missed-2']);
  assert.equal(seen.at(-1)?.name, 'missed-1');
});

test('a selector watch sees a pod enter as ADDED and leave as DELETED when its labels change', async (t) => {
  const { core, kc } = await startHarness(t);
  const w = await record(new Watch(kc), podsPath, { labelSelector: 'state=busy' });
  t.after(() => w.controller.abort());
  await core.createNamespacedPod({ namespace, body: nodePod('p', '') });
  const patch = (state: string) =>
    core.patchNamespacedPod({
      namespace,
      name: 'p',
      body: [{ op: 'add', path: '/metadata/labels/state', value: state }],
    });

  await patch('busy');
  await patch('idle');
  const seen = await eventually(
    async () => w.seen,
    (s) => s.length >= 2,
  );
  assert.deepEqual(
    seen.map((e) => e.type),
    ['ADDED', 'DELETED'],
  );
});

test('a watch from a compacted resourceVersion gets an ERROR event with a 410 Status', async (t) => {
  const { core, kc, api } = await startHarness(t);
  const old = (await core.listNamespacedPod({ namespace })).metadata?.resourceVersion;
  await core.createNamespacedPod({ namespace, body: nodePod('p', '') });
  api.compactHistory();

  const w = await record(new Watch(kc), podsPath, { resourceVersion: old });
  await eventually(
    async () => w.ended(),
    (ended) => ended !== undefined,
  );
  assert.deepEqual(w.seen, [{ type: 'ERROR', name: '', phase: undefined, code: 410 }]);
});

test('after a 410 a Watch client relists and resumes without losing a change', async (t) => {
  const { core, kc, api } = await startHarness(t);
  const watch = new Watch(kc);
  const known = new Map<string, string>();
  let resourceVersion = (await core.listNamespacedPod({ namespace })).metadata?.resourceVersion;
  let gone = 0;

  await core.createNamespacedPod({ namespace, body: nodePod('during-outage', '') });
  api.compactHistory();

  // The reconnect loop a pool watcher runs: watch, and on 410 list again and resume.
  let controller: AbortController | undefined;
  let stopped = false;
  t.after(() => {
    stopped = true;
    controller?.abort();
  });
  const connect = async (): Promise<void> => {
    if (stopped) return;
    controller = await watch.watch(
      podsPath,
      { resourceVersion },
      (type, obj: V1Pod & { code?: number }) => {
        if (type === 'ERROR' && obj.code === 410) {
          gone += 1;
          resourceVersion = undefined;
          return;
        }
        resourceVersion = obj.metadata?.resourceVersion;
        if (type === 'DELETED') known.delete(obj.metadata!.name!);
        else if (!known.has(obj.metadata!.name!)) known.set(obj.metadata!.name!, type);
      },
      () => void reconnect(),
    );
  };
  const reconnect = async (): Promise<void> => {
    if (stopped) return;
    if (resourceVersion === undefined) {
      const list = await core.listNamespacedPod({ namespace });
      known.clear();
      for (const pod of list.items) known.set(pod.metadata!.name!, 'LISTED');
      resourceVersion = list.metadata?.resourceVersion;
    }
    await connect();
  };
  await connect();

  await eventually(
    async () => known,
    (k) => k.has('during-outage'),
  );
  await core.createNamespacedPod({ namespace, body: nodePod('after-resume', '') });
  await eventually(
    async () => known,
    (k) => k.has('after-resume'),
  );
  assert.equal(known.get('after-resume'), 'ADDED');
  assert.equal(gone, 1);
  assert.equal(known.get('during-outage'), 'LISTED');
});

test("the client's informer recovers from a 410 by relisting", async (t) => {
  const { core, kc, api } = await startHarness(t, { watchTimeoutSeconds: 1 });
  const informer = makeInformer(kc, podsPath, () => core.listNamespacedPod({ namespace }));
  const added: string[] = [];
  informer.on('add', (pod) => added.push(pod.metadata!.name!));
  await informer.start();
  t.after(() => informer.stop());
  const lists = () =>
    api.requests.filter((r) => r.path === podsPath && !r.query.includes('watch')).length;

  await core.createNamespacedPod({ namespace, body: nodePod('first', '') });
  await eventually(
    async () => added,
    (a) => a.includes('first'),
  );
  // The Scheduled event moves the resourceVersion past the last pod change the informer saw,
  // so once history is compacted, its next reconnect (the server ends watches after 1 s) is a 410.
  await eventually(
    async () => api.events(),
    (events) => events.some((e) => e.reason === 'Scheduled'),
  );
  api.compactHistory();
  await eventually(
    async () => lists(),
    (n) => n >= 2,
    5000,
  );

  await core.createNamespacedPod({ namespace, body: nodePod('second', '') });
  await eventually(
    async () => added,
    (a) => a.includes('second'),
  );
  assert.deepEqual(
    informer
      .list()
      .map((p) => p.metadata?.name)
      .sort(),
    ['first', 'second'],
  );
  assert.ok(api.requests.some((r) => r.status === 200 && r.query.includes('watch')));
});

test('timeoutSeconds ends a watch and allowWatchBookmarks sends BOOKMARK events', async (t) => {
  const { kc } = await startHarness(t, { bookmarkIntervalMs: 100 });
  const started = Date.now();
  const w = await record(new Watch(kc), podsPath, { timeoutSeconds: 1, allowWatchBookmarks: true });
  await eventually(
    async () => w.ended(),
    (ended) => ended !== undefined,
    3000,
  );
  assert.ok(Date.now() - started >= 900);
  assert.ok(w.seen.filter((e) => e.type === 'BOOKMARK').length >= 3);
});

test('events can be created, listed by involvedObject.name and watched', async (t) => {
  const { core, kc } = await startHarness(t);
  const eventsPath = `/api/v1/namespaces/${namespace}/events`;
  const seen: string[] = [];
  const controller = await new Watch(kc).watch(
    eventsPath,
    { fieldSelector: 'involvedObject.name=pool' },
    (type, obj: CoreV1Event) => seen.push(`${type} ${obj.reason}`),
    () => undefined,
  );
  t.after(() => controller.abort());

  const event = (name: string, involved: string, reason: string): CoreV1Event => ({
    metadata: { name },
    involvedObject: { kind: 'ConfigMap', name: involved, namespace },
    reason,
    message: `${reason} happened`,
    type: 'Normal',
  });
  await core.createNamespacedEvent({ namespace, body: event('e1', 'pool', 'ScaledUp') });
  await core.createNamespacedEvent({ namespace, body: event('e2', 'other', 'Noise') });

  const list = await core.listNamespacedEvent({
    namespace,
    fieldSelector: 'involvedObject.name=pool',
  });
  assert.deepEqual(
    list.items.map((e) => e.reason),
    ['ScaledUp'],
  );
  await eventually(
    async () => seen,
    (s) => s.length === 1,
  );
  await sleep(50);
  assert.deepEqual(seen, ['ADDED ScaledUp']);
});
