/**
 * An API-compatible stand-in for kube-apiserver plus one node's scheduler and kubelet, for
 * tests that run the real `@kubernetes/client-node` against it on a machine where no
 * Kubernetes can run. It serves pods (create, get, list, watch, delete, patch, log) and
 * events in one namespace, validates pods against the Kubernetes schemas and the
 * apiserver's rules, and can run each pod's container commands as local processes.
 *
 * What differs from a real cluster is listed in test/kube/README.md.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadYaml, type CoreV1Event, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { ObjectStore } from './internal/object-store.js';
import { EventRecorder, EVENTS } from './internal/events.js';
import { Scheduler, type ScheduleFn, type ScheduleDecision } from './internal/scheduler.js';
import { Kubelet, PODS, type KillPodOptions, type PodRunnerOptions } from './internal/kubelet.js';
import { WatchHub } from './internal/watch.js';
import { Router } from './internal/router.js';
import { sendError } from './internal/http-io.js';
import { unauthorized } from './internal/status.js';
import { podRoutes } from './internal/routes/pods.js';
import { eventRoutes } from './internal/routes/events.js';
import { discoveryRoutes } from './internal/routes/discovery.js';
import { selfSignedCertificate } from './internal/tls.js';
import { kubeconfigYaml, makeKubeConfig } from './internal/kubeconfig.js';
import type { Cluster } from './internal/cluster.js';

export {
  validateManifest,
  type ManifestValidation,
  type ValidateManifestOptions,
} from './validate-manifest.js';
export type { PodRunnerOptions, KillPodOptions, KillReason } from './internal/kubelet.js';
export type { ScheduleFn, ScheduleDecision } from './internal/scheduler.js';
export type { ImageEntrypoint } from './internal/container-env.js';
export { INSUFFICIENT_GPU, GPU_RESOURCE } from './internal/scheduler.js';

export interface FakeKubeApiOptions {
  /** The one namespace served (default `hyperfleet`); others answer 404. */
  namespace?: string;
  /** Run containers as local processes; without it, scheduled pods stay Pending. */
  runPods?: boolean | PodRunnerOptions;
  /** Decides placement before the node's own checks; `{pending}` keeps a pod Unschedulable. */
  schedule?: ScheduleFn;
  /** The node's allocatable `nvidia.com/gpu` (default: unlimited). */
  gpus?: number;
  nodeName?: string;
  nodeLabels?: Record<string, string>;
  /** Serve HTTPS with a throwaway self-signed certificate that kubeConfig() trusts. */
  tls?: boolean;
  /** The bearer token every request must carry (default: a random one in kubeConfig()). */
  token?: string;
  /** Changes kept for watches to resume from (default 1000); older versions get 410. */
  historyLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 1000 ms). */
  bookmarkIntervalMs?: number;
  /** Server-side timeout for watches that set no timeoutSeconds (default: none). */
  watchTimeoutSeconds?: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  /** The raw query string without `?`. */
  query: string;
  /** Set once the response headers are sent. */
  status?: number;
}

export interface WaitForPodOptions {
  timeoutMs?: number;
}

export interface FakeKubeApi {
  readonly url: string;
  readonly namespace: string;
  readonly nodeName: string;
  /** Every request received, oldest first. */
  readonly requests: readonly RequestRecord[];
  /** A KubeConfig for the client: plain HTTP with skipTLSVerify, or HTTPS with the CA. */
  kubeConfig(): KubeConfig;
  kubeconfigYaml(): string;
  /** The stored pods, deserialized as the client would (timestamps as Date). */
  pods(): V1Pod[];
  pod(name: string): V1Pod | undefined;
  events(): CoreV1Event[];
  /** A container's captured stdout and stderr (default: the first container), kept after deletion. */
  podLogs(name: string, container?: string): string;
  /** Kills a pod's container (Error, OOMKilled) or evicts the pod; resolves once recorded. */
  killPod(name: string, options: KillPodOptions): Promise<void>;
  /** `false` keeps new pods Unschedulable (Insufficient nvidia.com/gpu); `true` or a function resumes. */
  setSchedulable(schedulable: boolean | ScheduleFn): void;
  /** Forgets watch history, so resuming from any earlier resourceVersion gets 410 Expired. */
  compactHistory(): void;
  /** Resolves with the pod once `predicate` holds for it (checked on every change). */
  waitForPod(
    name: string,
    predicate: (pod: V1Pod) => boolean,
    options?: WaitForPodOptions,
  ): Promise<V1Pod>;
  /** Ends watches, kills every pod process and stops listening. */
  close(): Promise<void>;
}

const DEFAULT_NAMESPACE = 'hyperfleet';
const DEFAULT_NODE = 'fake-node-1';
const DEFAULT_WAIT_MS = 10_000;

function asClientObject<T>(obj: unknown, apiVersion: string, kind: string): T {
  // loadYaml deserializes by apiVersion and kind with the client's own models; JSON is YAML.
  return loadYaml<T>(JSON.stringify({ ...(obj as object), apiVersion, kind }));
}

export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const nodeName = options.nodeName ?? DEFAULT_NODE;
  const token = options.token ?? randomBytes(16).toString('hex');
  const runner = options.runPods === true ? {} : options.runPods || undefined;

  const store = new ObjectStore({ historyLimit: options.historyLimit });
  const events = new EventRecorder(store, nodeName);
  const scheduler = new Scheduler({
    schedule: options.schedule,
    gpus: options.gpus,
    nodeLabels: {
      'kubernetes.io/hostname': nodeName,
      'kubernetes.io/os': 'linux',
      ...options.nodeLabels,
    },
  });
  let port = 0;
  const kubelet = new Kubelet({
    store,
    events,
    scheduler,
    nodeName,
    runner,
    apiAddress: () => ({ host: '127.0.0.1', port }),
  });
  const watches = new WatchHub(store, {
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    defaultTimeoutSeconds: options.watchTimeoutSeconds,
  });
  const cluster: Cluster = { namespace, store, kubelet, watches, events };

  const router = new Router();
  discoveryRoutes(router, cluster, () => `127.0.0.1:${port}`);
  podRoutes(router, cluster);
  eventRoutes(router, cluster);

  const requests: RequestRecord[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RequestRecord = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.search.slice(1),
    };
    requests.push(record);
    const writeHead = res.writeHead.bind(res);
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      record.status = status;
      return (writeHead as (...args: unknown[]) => ServerResponse)(status, ...rest);
    }) as typeof res.writeHead;
    if (req.headers.authorization !== `Bearer ${token}`) {
      sendError(res, unauthorized());
      return;
    }
    void router.handle(req, res);
  };

  const tls = options.tls ? await selfSignedCertificate() : undefined;
  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, handle)
    : createHttpServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const kubeconfigParams = { url, namespace, token, ...(tls ? { caPem: tls.cert } : {}) };

  let closing: Promise<void> | undefined;
  return {
    url,
    namespace,
    nodeName,
    requests,
    kubeConfig: () => makeKubeConfig(kubeconfigParams),
    kubeconfigYaml: () => kubeconfigYaml(kubeconfigParams),
    pods: () => store.list(PODS).map((p) => asClientObject<V1Pod>(p, 'v1', 'Pod')),
    pod: (name) => {
      const p = store.get(PODS, name);
      return p === undefined ? undefined : asClientObject<V1Pod>(p, 'v1', 'Pod');
    },
    events: () => store.list(EVENTS).map((e) => asClientObject<CoreV1Event>(e, 'v1', 'Event')),
    podLogs: (name, container) => kubelet.log(name, container)?.text() ?? '',
    killPod: (name, killOptions) => kubelet.kill(name, killOptions),
    setSchedulable: (schedulable) => {
      scheduler.setSchedulable(schedulable);
      kubelet.retryUnschedulable();
    },
    compactHistory: () => store.compact(),
    waitForPod: (name, predicate, waitOptions = {}) =>
      new Promise<V1Pod>((resolve, reject) => {
        const check = (): boolean => {
          const raw = store.get(PODS, name);
          const pod = raw === undefined ? undefined : asClientObject<V1Pod>(raw, 'v1', 'Pod');
          if (pod === undefined || !predicate(pod)) return false;
          cleanup();
          resolve(pod);
          return true;
        };
        const unsubscribe = store.subscribe(PODS, () => void check());
        const timer = setTimeout(() => {
          cleanup();
          const phase = store.get<V1Pod>(PODS, name)?.status?.phase ?? 'absent';
          reject(
            new Error(
              `pod "${name}" did not reach the expected state in ${waitOptions.timeoutMs ?? DEFAULT_WAIT_MS} ms (phase: ${phase})`,
            ),
          );
        }, waitOptions.timeoutMs ?? DEFAULT_WAIT_MS);
        const cleanup = (): void => {
          clearTimeout(timer);
          unsubscribe();
        };
        check();
      }),
    close: () => {
      closing ??= (async () => {
        watches.closeAll();
        await kubelet.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
