// How the pool reaches and follows the API: a watch resumed from a version the server no
// longer has (410 Gone) starts over with a fresh list; credentials come from a service
// account in a cluster or from a kubeconfig file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { silentLogger } from '@hyperfleet/common';
import { loadKubeConnection, PodWatcher } from '@hyperfleet/coordinator';
import { eventually, nodePod, startHarness } from './test-support.js';

test(
  'a pod watch whose resourceVersion expired relists and goes on watching',
  { timeout: 30_000 },
  async (t) => {
    const { api, kc, core } = await startHarness(t, {
      watchTimeoutSeconds: 1,
      bookmarkIntervalMs: 600_000,
    });
    const namespace = api.namespace;
    const mine = (name: string) => ({
      ...nodePod(name, ''),
      metadata: { name, labels: { app: 'mine' } },
    });
    await core.createNamespacedPod({ namespace, body: mine('before') });

    const changes: string[] = [];
    const watcher = new PodWatcher({
      kubeConfig: kc,
      core,
      namespace,
      labelSelector: 'app=mine',
      logger: silentLogger,
      onChange: (change, pod) => changes.push(`${change}:${pod?.metadata?.name ?? ''}`),
      retryMs: 50,
    });
    await watcher.start();
    t.after(() => watcher.stop());
    assert.deepEqual(
      watcher.snapshot().map((pod) => pod.metadata?.name),
      ['before'],
    );

    // Changes the watch does not select move the server's version past the watcher's; then
    // history is compacted, so the watcher's next resume (after the 1 s server timeout) is 410.
    await core.createNamespacedPod({
      namespace,
      body: { ...nodePod('other', ''), metadata: { name: 'other', labels: { app: 'theirs' } } },
    });
    api.compactHistory();
    await eventually(
      async () => watcher.lists,
      (lists) => lists >= 2,
      10_000,
    );

    await core.deleteNamespacedPod({ namespace, name: 'before', gracePeriodSeconds: 0 });
    await core.createNamespacedPod({ namespace, body: mine('after') });
    await eventually(
      async () =>
        watcher
          .snapshot()
          .map((pod) => pod.metadata?.name)
          .sort()
          .join(','),
      (names) => names === 'after',
      10_000,
    );
    assert.ok(
      api.requests.some(
        (r) => r.path.endsWith('/pods') && r.query.includes('watch=true') && r.status === 200,
      ),
    );
  },
);

test('in a cluster the pool uses its service account: token, CA and namespace from the mounted files', async (t) => {
  const token = 'service-account-token-1';
  const { api } = await startHarness(t, { tls: true, token, namespace: 'ml-team' });
  const root = await mkdtemp(path.join(tmpdir(), 'hf-sa-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  await mkdir(dir, { recursive: true });
  const ca = /certificate-authority-data: "?([^"\n]+)"?/.exec(api.kubeconfigYaml())![1]!;
  await writeFile(path.join(dir, 'ca.crt'), Buffer.from(ca, 'base64'));
  await writeFile(path.join(dir, 'token'), token);
  await writeFile(path.join(dir, 'namespace'), 'ml-team');

  const port = new URL(api.url).port;
  const saved = {
    host: process.env.KUBERNETES_SERVICE_HOST,
    port: process.env.KUBERNETES_SERVICE_PORT,
  };
  // The client reads these two from process.env itself, as it would in a pod.
  process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
  process.env.KUBERNETES_SERVICE_PORT = port;
  t.after(() => {
    for (const [key, value] of [
      ['KUBERNETES_SERVICE_HOST', saved.host],
      ['KUBERNETES_SERVICE_PORT', saved.port],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const connection = loadKubeConnection({ serviceAccountRoot: root });
  assert.equal(connection.source, 'in-cluster');
  assert.equal(connection.namespace, 'ml-team');
  const list = await connection.kubeConfig
    .makeApiClient(CoreV1Api)
    .listNamespacedPod({ namespace: connection.namespace });
  assert.deepEqual(list.items, []);
});

test('from a kubeconfig file the pool uses its current context and namespace; missing credentials are an error naming the variable', async (t) => {
  const { api } = await startHarness(t, { namespace: 'from-context' });
  const dir = await mkdtemp(path.join(tmpdir(), 'hf-kc-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'config');
  await writeFile(file, api.kubeconfigYaml());

  const connection = loadKubeConnection({ kubeconfigFile: file });
  assert.deepEqual([connection.source, connection.namespace], ['kubeconfig', 'from-context']);
  assert.equal(
    loadKubeConnection({ kubeconfigFile: file, namespace: 'override' }).namespace,
    'override',
  );
  await connection.kubeConfig
    .makeApiClient(CoreV1Api)
    .listNamespacedPod({ namespace: 'from-context' });

  assert.throws(
    () => loadKubeConnection({ kubeconfigFile: path.join(dir, 'absent') }),
    /HYPERFLEET_KUBECONFIG: must name a readable kubeconfig file/,
  );
  if (!existsSync(path.join(homedir(), '.kube', 'config'))) {
    assert.throws(
      () => loadKubeConnection({ env: {}, serviceAccountRoot: dir }),
      /HYPERFLEET_KUBECONFIG: no Kubernetes credentials found/,
    );
  }
});
