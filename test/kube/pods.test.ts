import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { NAMESPACE, nodePod, rejectedWith, startHarness } from './test-support.js';
import { startFakeKubeApi } from './fake-api-server.js';

const namespace = NAMESPACE;

test('a created pod comes back defaulted, stamped and Pending, and is listed', async (t) => {
  const { core } = await startHarness(t);

  const created = await core.createNamespacedPod({ namespace, body: nodePod('w-1', '') });
  assert.equal(created.metadata?.namespace, namespace);
  assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
  assert.ok(created.metadata?.creationTimestamp instanceof Date);
  assert.match(created.metadata?.resourceVersion ?? '', /^\d+$/);
  assert.equal(created.status?.phase, 'Pending');
  assert.equal(created.spec?.serviceAccountName, 'default');
  assert.equal(created.spec?.containers[0]?.imagePullPolicy, 'IfNotPresent');

  const read = await core.readNamespacedPod({ namespace, name: 'w-1' });
  assert.equal(read.metadata?.uid, created.metadata?.uid);
  const list = await core.listNamespacedPod({ namespace });
  assert.deepEqual(
    list.items.map((p) => p.metadata?.name),
    ['w-1'],
  );
  assert.ok(Number(list.metadata?.resourceVersion) >= Number(created.metadata?.resourceVersion));
});

test('creating a pod that exists is 409 AlreadyExists; reading a missing one is 404', async (t) => {
  const { core } = await startHarness(t);
  await core.createNamespacedPod({ namespace, body: nodePod('dup', '') });

  const clash = await rejectedWith(
    core.createNamespacedPod({ namespace, body: nodePod('dup', '') }),
    409,
  );
  assert.equal(clash.reason, 'AlreadyExists');
  assert.equal(clash.message, 'pods "dup" already exists');

  const missing = await rejectedWith(core.readNamespacedPod({ namespace, name: 'nope' }), 404);
  assert.equal(missing.reason, 'NotFound');
  assert.equal(missing.message, 'pods "nope" not found');
});

test('generateName gets a random suffix and another namespace does not exist', async (t) => {
  const { core } = await startHarness(t);
  const body = nodePod('', '');
  body.metadata = { generateName: 'hf-worker-' };
  const created = await core.createNamespacedPod({ namespace, body });
  assert.match(created.metadata?.name ?? '', /^hf-worker-[a-z0-9]{5}$/);

  const other = await rejectedWith(
    core.createNamespacedPod({ namespace: 'default', body: nodePod('x', '') }),
    404,
  );
  assert.equal(other.message, 'namespaces "default" not found');
});

test('label selectors filter lists with =, ==, !=, in, notin, exists and !key', async (t) => {
  const { core } = await startHarness(t);
  const make = (name: string, labels: Record<string, string>) => {
    const body = nodePod(name, '');
    body.metadata = { name, labels };
    return core.createNamespacedPod({ namespace, body });
  };
  await make('a', { pool: 'gpu', sweep: 's1' });
  await make('b', { pool: 'gpu', sweep: 's2' });
  await make('c', { pool: 'cpu' });

  const names = async (labelSelector: string) =>
    (await core.listNamespacedPod({ namespace, labelSelector })).items.map((p) => p.metadata?.name);
  assert.deepEqual(await names('pool=gpu'), ['a', 'b']);
  assert.deepEqual(await names('pool==gpu,sweep=s2'), ['b']);
  assert.deepEqual(await names('pool!=gpu'), ['c']);
  assert.deepEqual(await names('sweep in (s1, s3)'), ['a']);
  assert.deepEqual(await names('sweep notin (s1)'), ['b', 'c']);
  assert.deepEqual(await names('sweep'), ['a', 'b']);
  assert.deepEqual(await names('!sweep'), ['c']);

  const bad = await rejectedWith(
    core.listNamespacedPod({ namespace, labelSelector: 'pool in gpu' }),
    400,
  );
  assert.equal(bad.reason, 'BadRequest');
  assert.match(bad.message, /unable to parse requirement/);
});

test('field selectors filter by metadata.name and status.phase; unknown fields are 400', async (t) => {
  const { core, api } = await startHarness(t, { runPods: true });
  await core.createNamespacedPod({ namespace, body: nodePod('done', 'process.exit(0)') });
  await core.createNamespacedPod({
    namespace,
    body: nodePod('idle', 'setTimeout(() => {}, 60000)'),
  });
  await api.waitForPod('done', (p) => p.status?.phase === 'Succeeded');
  await api.waitForPod('idle', (p) => p.status?.phase === 'Running');

  const names = async (fieldSelector: string) =>
    (await core.listNamespacedPod({ namespace, fieldSelector })).items.map((p) => p.metadata?.name);
  assert.deepEqual(await names('status.phase=Running'), ['idle']);
  assert.deepEqual(await names('status.phase!=Running'), ['done']);
  assert.deepEqual(await names('metadata.name=done'), ['done']);

  const bad = await rejectedWith(
    core.listNamespacedPod({ namespace, fieldSelector: 'spec.image=x' }),
    400,
  );
  assert.equal(bad.message, 'field label not supported: spec.image');
});

test('limit and continue page through a list in name order', async (t) => {
  const { core } = await startHarness(t);
  for (const name of ['p3', 'p1', 'p2'])
    await core.createNamespacedPod({ namespace, body: nodePod(name, '') });

  const first = await core.listNamespacedPod({ namespace, limit: 2 });
  assert.deepEqual(
    first.items.map((p) => p.metadata?.name),
    ['p1', 'p2'],
  );
  assert.equal(first.metadata?.remainingItemCount, 1);
  const rest = await core.listNamespacedPod({
    namespace,
    limit: 2,
    _continue: first.metadata?._continue,
  });
  assert.deepEqual(
    rest.items.map((p) => p.metadata?.name),
    ['p3'],
  );
  assert.equal(rest.metadata?._continue, undefined);
});

test('a pod that never ran is deleted at once; a missing one is 404', async (t) => {
  const { core } = await startHarness(t);
  await core.createNamespacedPod({ namespace, body: nodePod('gone', '') });

  await core.deleteNamespacedPod({ namespace, name: 'gone' });
  assert.deepEqual((await core.listNamespacedPod({ namespace })).items, []);
  await rejectedWith(core.deleteNamespacedPod({ namespace, name: 'gone' }), 404);
});

test('labels and annotations patch with JSON, merge and strategic merge patches; spec does not', async (t) => {
  const { core } = await startHarness(t);
  await core.createNamespacedPod({ namespace, body: nodePod('p', '') });

  const jsonPatched = await core.patchNamespacedPod({
    namespace,
    name: 'p',
    body: [{ op: 'add', path: '/metadata/labels/trial', value: 't-7' }],
  });
  assert.equal(jsonPatched.metadata?.labels?.['trial'], 't-7');

  const merged = await core.patchNamespacedPod(
    {
      namespace,
      name: 'p',
      body: { metadata: { labels: { trial: null }, annotations: { why: 'idle' } } },
    },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  assert.equal(merged.metadata?.labels?.['trial'], undefined);
  assert.equal(merged.metadata?.annotations?.['why'], 'idle');

  const strategic = await core.patchNamespacedPod(
    { namespace, name: 'p', body: { metadata: { labels: { state: 'draining' } } } },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
  assert.equal(strategic.metadata?.labels?.['state'], 'draining');
  assert.equal(strategic.metadata?.labels?.['pool'], 'gpu');

  const forbidden = await rejectedWith(
    core.patchNamespacedPod(
      { namespace, name: 'p', body: { spec: { restartPolicy: 'Always' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    ),
    422,
  );
  assert.equal(forbidden.details?.causes?.[0]?.field, 'spec');
});

test('dryRun=All validates a create without storing the pod', async (t) => {
  const { core } = await startHarness(t);
  const dry = await core.createNamespacedPod({
    namespace,
    body: nodePod('dry', ''),
    dryRun: 'All',
  });
  assert.equal(dry.metadata?.name, 'dry');
  assert.deepEqual((await core.listNamespacedPod({ namespace })).items, []);
});

test('discovery lets the generic object API create and read pods by kind', async (t) => {
  const { kc } = await startHarness(t);
  const { KubernetesObjectApi } = await import('@kubernetes/client-node');
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const body = {
    apiVersion: 'v1',
    kind: 'Pod',
    ...nodePod('generic', ''),
    metadata: { name: 'generic', namespace },
  };
  await objects.create(body);
  const read = await objects.read({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'generic', namespace },
  });
  assert.equal(read.metadata?.name, 'generic');
});

test('a request without the bearer token is 401; the kubeconfig YAML works as a file would', async (t) => {
  const { api } = await startHarness(t);
  const anonymous = new KubeConfig();
  anonymous.loadFromOptions({
    clusters: [{ name: 'c', server: api.url, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  await rejectedWith(anonymous.makeApiClient(CoreV1Api).listNamespacedPod({ namespace }), 401);

  const fromYaml = new KubeConfig();
  fromYaml.loadFromString(api.kubeconfigYaml());
  const list = await fromYaml.makeApiClient(CoreV1Api).listNamespacedPod({ namespace });
  assert.deepEqual(list.items, []);
  assert.equal(fromYaml.getContextObject(fromYaml.getCurrentContext())?.namespace, namespace);
});

test('over TLS the client verifies the server with the CA in the kubeconfig', async (t) => {
  const api = await startFakeKubeApi({ tls: true });
  t.after(() => api.close());
  assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+$/);

  const kc = api.kubeConfig();
  assert.equal(kc.getCurrentCluster()?.skipTLSVerify, false);
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespacedPod({ namespace, body: nodePod('tls', '') });
  assert.equal((await core.listNamespacedPod({ namespace })).items.length, 1);

  const fromYaml = new KubeConfig();
  fromYaml.loadFromString(api.kubeconfigYaml());
  assert.equal(
    (await fromYaml.makeApiClient(CoreV1Api).listNamespacedPod({ namespace })).items.length,
    1,
  );
});
