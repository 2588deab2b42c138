// A Hyperfleet whose workers are pods: the coordinator (in this process) runs the Kubernetes
// pool against the test API server of test/kube, whose kubelet runs each pod's container
// command as a local process; here that command is the real worker, from source. Database,
// NATS namespace and API server are the test's own, and can be kept across a restart of the
// coordinator.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PoolClient, SweepClient } from '@hyperfleet/client';
import { Coordinator, readCoordinatorConfig } from '@hyperfleet/coordinator';
import {
  startFakeKubeApi,
  type FakeKubeApi,
  type FakeKubeApiOptions,
} from '../kube/fake-api-server.js';
import { testLogger } from './cluster.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createTestNats, NATS_URL, type TestNats } from './nats.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NATS_SECRET = 'hf-nats';
const WORKER_ENTRY = path.join(REPO_ROOT, 'services/worker/src/main.ts');

/** The worker pod template a user would write, with the worker run from this checkout. */
export function workerTemplate(): Record<string, any> {
  return {
    metadata: { labels: { team: 'ml' }, annotations: { 'example.com/owner': 'tests' } },
    spec: {
      serviceAccountName: 'hyperfleet-worker',
      terminationGracePeriodSeconds: 5,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }],
              },
            ],
          },
        },
      },
      imagePullSecrets: [{ name: 'registry-credentials' }],
      containers: [
        {
          name: 'worker',
          image: 'ghcr.io/hyperfleet/worker-gpu:0.1.0',
          command: [process.execPath, '--conditions=development', '--import', 'tsx', WORKER_ENTRY],
          env: [
            {
              name: 'HYPERFLEET_LOG_LEVEL',
              value: process.env.HYPERFLEET_TEST_LOG ? 'debug' : 'warn',
            },
            { name: 'HYPERFLEET_DRAIN_TIMEOUT_MS', value: '1000' },
          ],
          resources: {
            requests: { cpu: '100m', memory: '512Mi' },
            limits: { 'nvidia.com/gpu': '1', memory: '2Gi' },
          },
        },
      ],
    },
  };
}

export interface KubePoolOptions {
  /** The template written to the mounted file; the default one when unset. */
  template?: unknown;
  min?: number;
  max?: number;
  cooldownMs?: number;
  ackWaitMs?: number;
  failureBackoffMs?: number;
  /** Options of a new API server; ignored when `api` is given. */
  kube?: FakeKubeApiOptions;
  /** Kept across a coordinator restart: pass the previous cluster's. */
  shared?: Pick<KubePoolCluster, 'api' | 'db' | 'nats' | 'dir'>;
}

export interface KubePoolCluster {
  api: FakeKubeApi;
  db: TestDatabase;
  nats: TestNats;
  dir: string;
  coordinator: Coordinator;
  sweeps: SweepClient;
  pools: PoolClient;
  /** Stops the coordinator only; pods, database, NATS and API server stay for the next one. */
  stopCoordinator(): Promise<void>;
  /** Stops everything this cluster started (the shared parts too). */
  stop(): Promise<void>;
}

/** Starts the API server (unless shared) and a coordinator; rejects as the coordinator does. */
export async function startKubePool(options: KubePoolOptions = {}): Promise<KubePoolCluster> {
  const dir = options.shared?.dir ?? (await mkdtemp(path.join(tmpdir(), 'hf-kube-')));
  const db = options.shared?.db ?? (await createTestDatabase());
  const nats = options.shared?.nats ?? (await createTestNats());
  const api =
    options.shared?.api ??
    (await startFakeKubeApi({
      gpus: 4,
      ...options.kube,
      runPods: {
        cwd: REPO_ROOT,
        secrets: { [NATS_SECRET]: { url: NATS_URL } },
        ...(typeof options.kube?.runPods === 'object' ? options.kube.runPods : {}),
      },
    }));
  const templateFile = path.join(dir, 'worker-pod.json');
  const kubeconfig = path.join(dir, 'kubeconfig.yaml');
  await writeFile(templateFile, JSON.stringify(options.template ?? workerTemplate(), null, 2));
  await writeFile(kubeconfig, api.kubeconfigYaml());

  const config = readCoordinatorConfig({
    DATABASE_URL: db.url,
    HYPERFLEET_NATS_URL: NATS_URL,
    HYPERFLEET_NATS_NAMESPACE: nats.names.namespace,
    HYPERFLEET_ACK_WAIT_MS: String(options.ackWaitMs ?? 2_000),
    HYPERFLEET_AUTH: 'none',
    HYPERFLEET_DEPLOY_ADDRESS: '',
    HYPERFLEET_RECONCILE_INTERVAL_MS: '500',
    HYPERFLEET_POOL: 'kubernetes',
    HYPERFLEET_KUBECONFIG: kubeconfig,
    HYPERFLEET_POOL_TEMPLATE: templateFile,
    HYPERFLEET_POOL_MIN: String(options.min ?? 0),
    HYPERFLEET_POOL_MAX: String(options.max ?? 2),
    HYPERFLEET_POOL_SCALE_DOWN_COOLDOWN_MS: String(options.cooldownMs ?? 1_000),
    HYPERFLEET_POOL_SYNC_INTERVAL_MS: '200',
    HYPERFLEET_POOL_FAILURE_BACKOFF_MS: String(options.failureBackoffMs ?? 200),
    HYPERFLEET_WORKER_NATS_SECRET: NATS_SECRET,
  });
  const coordinator = new Coordinator(
    { ...config, listen: '127.0.0.1:0' },
    testLogger('coordinator'),
  );
  let coordinatorStopped = false;
  const stopCoordinator = async () => {
    if (coordinatorStopped) return;
    coordinatorStopped = true;
    sweeps.close();
    pools.close();
    await coordinator.stop();
  };
  let sweeps: SweepClient;
  let pools: PoolClient;
  try {
    await coordinator.start();
  } catch (error) {
    await coordinator.stop().catch(() => undefined);
    if (!options.shared) await teardown({ api, db, nats, dir });
    throw error;
  }
  sweeps = new SweepClient({ address: `127.0.0.1:${coordinator.port}` });
  pools = new PoolClient({ address: `127.0.0.1:${coordinator.port}` });

  return {
    api,
    db,
    nats,
    dir,
    coordinator,
    sweeps,
    pools,
    stopCoordinator,
    async stop() {
      await stopCoordinator();
      await teardown({ api, db, nats, dir });
    },
  };
}

async function teardown(
  parts: Pick<KubePoolCluster, 'api' | 'db' | 'nats' | 'dir'>,
): Promise<void> {
  await parts.api.close();
  await parts.nats.destroy();
  await parts.db.drop();
  await rm(parts.dir, { recursive: true, force: true });
}
