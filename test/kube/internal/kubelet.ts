/**
 * The fake node's scheduler loop and kubelet: binds pods, runs each container's command as
 * a local process, reports states and events as a kubelet does, restarts by restart policy,
 * and carries out graceful deletion (SIGTERM, SIGKILL after the grace period, then removal),
 * OOM kills and evictions.
 */
import type { V1Container, V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { ContainerLog, ContainerProcess, type ProcessExit } from './pod-process.js';
import {
  ContainerConfigError,
  containerArgv,
  containerEnv,
  type ImageEntrypoint,
} from './container-env.js';
import { computeStatus, withCondition, type ContainerView } from './pod-status.js';
import type { EventInput, EventRecorder } from './events.js';
import type { ObjectStore } from './object-store.js';
import type { Scheduler } from './scheduler.js';
import { notFound } from './status.js';
import { wireTime } from './clock.js';

export const PODS = 'pods';

/** How the fake kubelet runs containers. */
export interface PodRunnerOptions {
  /** Working directory of every container process (default: the test's cwd). */
  cwd?: string;
  /** Environment the container env is merged over (default: this process's env). */
  env?: NodeJS.ProcessEnv;
  /** Secrets for `secretKeyRef` and `envFrom.secretRef`: name to keys and plain values. */
  secrets?: Record<string, Record<string, string>>;
  configMaps?: Record<string, Record<string, string>>;
  /** Image entrypoints, for containers that set no `command`. */
  images?: Record<string, ImageEntrypoint>;
  /** First restart delay; doubles per restart up to 32 times this (default 100 ms). */
  restartBackoffMs?: number;
  /** Log bytes kept per container (default 1 MiB). */
  logLimitBytes?: number;
}

export type KillReason = 'Error' | 'OOMKilled' | 'Evicted';

export interface KillPodOptions {
  reason: KillReason;
  /** The pod's status message for an eviction. */
  message?: string;
  /** The container to kill for Error and OOMKilled (default: the first running one). */
  container?: string;
}

const DEFAULT_BACKOFF_MS = 100;
const MAX_BACKOFF_DOUBLINGS = 5;
const DEFAULT_LOG_LIMIT = 1024 * 1024;
const CLOSE_TIMEOUT_MS = 5000;
const POD_IP = '127.0.0.1';
const DEFAULT_EVICTION_MESSAGE =
  'The node was low on resource: memory. Threshold quantity: 100Mi, available: 64Mi.';

interface ContainerRun extends ContainerView {
  spec: V1Container;
  process?: ContainerProcess;
  killReason?: 'Error' | 'OOMKilled';
  backoff?: NodeJS.Timeout;
}

interface PodRun {
  name: string;
  uid: string;
  namespace: string;
  restartPolicy: string;
  containers: ContainerRun[];
  terminating: boolean;
  eviction?: { message: string };
  killTimer?: NodeJS.Timeout;
}

export interface KubeletOptions {
  store: ObjectStore;
  events: EventRecorder;
  scheduler: Scheduler;
  nodeName: string;
  /** Undefined: no kubelet, scheduled pods stay Pending. */
  runner?: PodRunnerOptions;
  /** The API's address, for the KUBERNETES_SERVICE_* variables every container gets. */
  apiAddress: () => { host: string; port: number };
}

const isTerminal = (pod: V1Pod): boolean =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class Kubelet {
  private readonly runs = new Map<string, PodRun>();
  private readonly logs = new Map<string, Map<string, ContainerLog>>();
  private readonly unschedulable = new Set<string>();
  private closed = false;

  constructor(private readonly options: KubeletOptions) {}

  /** A newly created pod: scheduling is tried on the next turn, as the scheduler would. */
  admit(name: string): void {
    setImmediate(() => this.trySchedule(name));
  }

  /** Retries pods waiting for room, oldest first; call after capacity or policy changes. */
  retryUnschedulable(): void {
    for (const name of [...this.unschedulable]) this.trySchedule(name);
  }

  log(podName: string, container?: string): ContainerLog | undefined {
    const logs = this.logs.get(podName);
    if (logs === undefined) return undefined;
    return container === undefined ? logs.values().next().value : logs.get(container);
  }

  containerNames(podName: string): string[] {
    return [...(this.logs.get(podName)?.keys() ?? [])];
  }

  /** Graceful deletion; returns the pod as the DELETE response shows it. */
  delete(name: string, gracePeriodSeconds: number | undefined): V1Pod {
    const pod = this.options.store.get<V1Pod>(PODS, name);
    if (pod === undefined) throw notFound({ resource: PODS, name });
    const grace = Math.max(0, gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30);
    const run = this.runs.get(name);
    const live = run?.containers.filter((c) => c.process !== undefined) ?? [];

    if (run === undefined || live.length === 0) return this.removeNow(name);
    if (run.terminating) {
      if (grace === 0) for (const c of live) c.process?.signal('SIGKILL');
      return pod;
    }

    run.terminating = true;
    for (const c of run.containers) this.stopRestarting(c);
    const deadline = new Date(Date.now() + grace * 1000);
    const updated = this.options.store.update<V1Pod>(PODS, name, (p) => {
      p.metadata = {
        ...p.metadata,
        deletionTimestamp: wireTime(deadline),
        deletionGracePeriodSeconds: grace,
      };
    })!;
    for (const c of live) {
      this.event(
        updated,
        { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}` },
        c,
      );
      c.process?.signal(grace === 0 ? 'SIGKILL' : 'SIGTERM');
    }
    if (grace > 0) {
      run.killTimer = setTimeout(() => {
        for (const c of run.containers) c.process?.signal('SIGKILL');
      }, grace * 1000);
    }
    return updated;
  }

  /** Kills a pod's container (Error, OOMKilled) or evicts the pod; resolves once recorded. */
  async kill(name: string, options: KillPodOptions): Promise<void> {
    const pod = this.options.store.get<V1Pod>(PODS, name);
    if (pod === undefined) throw new Error(`pod "${name}" not found`);
    const run = this.runs.get(name);

    if (options.reason === 'Evicted') {
      const message = options.message ?? DEFAULT_EVICTION_MESSAGE;
      this.event(pod, { type: 'Warning', reason: 'Evicted', message });
      if (run === undefined) {
        this.unschedulable.delete(name);
        this.options.store.update<V1Pod>(PODS, name, (p) => {
          p.status = computeStatus(p.status ?? {}, { containers: [], eviction: { message } });
        });
        this.retryUnschedulable();
        return;
      }
      run.eviction = { message };
      const live = run.containers.filter((c) => c.process !== undefined);
      for (const c of run.containers) this.stopRestarting(c);
      for (const c of live) {
        this.event(
          pod,
          { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}` },
          c,
        );
        c.killReason = 'Error';
        c.process?.signal('SIGKILL');
      }
      await Promise.all(live.map((c) => c.process?.exited));
      this.writeStatus(run);
      return;
    }

    const target = run?.containers.find(
      (c) =>
        c.process !== undefined &&
        (options.container === undefined || c.name === options.container),
    );
    if (target?.process === undefined)
      throw new Error(`pod "${name}" has no running container to kill`);
    target.killReason = options.reason;
    const exited = target.process.exited;
    target.process.signal('SIGKILL');
    await exited;
  }

  /** Ends every process the kubelet started, waiting for each to exit. */
  async close(): Promise<void> {
    this.closed = true;
    const exits: Promise<ProcessExit>[] = [];
    for (const run of this.runs.values()) {
      if (run.killTimer) clearTimeout(run.killTimer);
      for (const c of run.containers) {
        if (c.backoff) clearTimeout(c.backoff);
        if (c.process) {
          exits.push(c.process.exited);
          c.process.signal('SIGKILL');
        }
      }
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
    });
    await Promise.race([Promise.all(exits), timeout]);
    clearTimeout(timer);
  }

  // ---- scheduling ----

  private trySchedule(name: string): void {
    if (this.closed) return;
    const { store, scheduler, nodeName } = this.options;
    const pod = store.get<V1Pod>(PODS, name);
    if (
      pod === undefined ||
      pod.spec?.nodeName ||
      pod.metadata?.deletionTimestamp ||
      isTerminal(pod)
    ) {
      this.unschedulable.delete(name);
      return;
    }

    const bound = store
      .list<V1Pod>(PODS)
      .filter((p) => p.spec?.nodeName && !isTerminal(p) && p.metadata?.name !== name);
    const decision = scheduler.decide(pod, bound);
    if (decision !== 'schedule') {
      this.unschedulable.add(name);
      const updated = store.update<V1Pod>(PODS, name, (p) => {
        p.status = {
          ...p.status,
          conditions: withCondition(p.status?.conditions, {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: decision.pending,
          }),
        };
      })!;
      this.event(
        updated,
        { type: 'Warning', reason: 'FailedScheduling', message: decision.pending },
        undefined,
        'default-scheduler',
      );
      return;
    }

    this.unschedulable.delete(name);
    const bound1 = store.update<V1Pod>(PODS, name, (p) => {
      p.spec = { ...p.spec!, nodeName };
      p.status = {
        ...p.status,
        conditions: withCondition(p.status?.conditions, { type: 'PodScheduled', status: 'True' }),
      };
    })!;
    const ns = bound1.metadata?.namespace;
    this.event(
      bound1,
      {
        type: 'Normal',
        reason: 'Scheduled',
        message: `Successfully assigned ${ns}/${name} to ${nodeName}`,
      },
      undefined,
      'default-scheduler',
    );
    if (this.options.runner) this.startPod(bound1);
  }

  // ---- running ----

  private startPod(pod: V1Pod): void {
    const name = pod.metadata!.name!;
    const limit = this.options.runner?.logLimitBytes ?? DEFAULT_LOG_LIMIT;
    const containers: ContainerRun[] = pod.spec!.containers.map((spec) => ({
      name: spec.name,
      image: spec.image ?? '',
      spec,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
      ready: false,
      final: false,
      everStarted: false,
    }));
    // TODO(init containers are not run: the fake kubelet starts the regular containers directly)
    const run: PodRun = {
      name,
      uid: pod.metadata!.uid!,
      namespace: pod.metadata!.namespace!,
      restartPolicy: pod.spec!.restartPolicy ?? 'Always',
      containers,
      terminating: false,
    };
    this.runs.set(name, run);
    this.logs.set(name, new Map(containers.map((c) => [c.name, new ContainerLog(limit)])));

    this.options.store.update<V1Pod>(PODS, name, (p) => {
      p.status = {
        ...computeStatus(p.status ?? {}, { containers }),
        hostIP: POD_IP,
        hostIPs: [{ ip: POD_IP }],
        podIP: POD_IP,
        podIPs: [{ ip: POD_IP }],
        startTime: wireTime(),
      };
    });
    for (const c of containers) void this.startContainer(run, c);
  }

  private async startContainer(run: PodRun, c: ContainerRun): Promise<void> {
    if (this.closed || run.terminating || run.eviction || this.runs.get(run.name) !== run) return;
    const pod = this.options.store.get<V1Pod>(PODS, run.name);
    if (pod === undefined) return;
    const runner = this.options.runner!;

    let argv: string[];
    let env: Record<string, string>;
    try {
      const sources = {
        secrets: runner.secrets ?? {},
        configMaps: runner.configMaps ?? {},
        images: runner.images ?? {},
      };
      env = containerEnv(pod, c.spec, sources);
      argv = containerArgv(c.spec, env, sources.images);
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      c.state = { waiting: { reason: error.reason, message: error.message } };
      this.event(pod, { type: 'Warning', reason: 'Failed', message: `Error: ${error.message}` }, c);
      // TODO(a config error is not retried: a real kubelet retries when the secret appears)
      this.writeStatus(run);
      return;
    }

    this.event(
      pod,
      {
        type: 'Normal',
        reason: 'Pulled',
        message: `Container image "${c.image}" already present on machine`,
      },
      c,
    );
    this.event(
      pod,
      { type: 'Normal', reason: 'Created', message: `Created container: ${c.name}` },
      c,
    );
    const process = new ContainerProcess({
      command: argv[0]!,
      args: argv.slice(1),
      env: { ...this.baseEnv(run), ...env },
      cwd: runner.cwd ?? globalThis.process.cwd(),
      log: this.logs.get(run.name)!.get(c.name)!,
    });
    c.process = process;

    try {
      await process.started;
    } catch (error) {
      c.process = undefined;
      const message = `failed to create containerd task: exec: ${JSON.stringify(argv[0])}: ${(error as Error).message}`;
      c.state = {
        terminated: { exitCode: 128, reason: 'StartError', message, finishedAt: wireTime() },
      };
      this.event(pod, { type: 'Warning', reason: 'Failed', message: `Error: ${message}` }, c);
      this.afterTermination(run, c);
      return;
    }

    c.containerID = `fake://${run.uid}/${c.name}/${c.restartCount}`;
    c.state = { running: { startedAt: wireTime() } };
    c.ready = true;
    c.everStarted = true;
    this.event(
      pod,
      { type: 'Normal', reason: 'Started', message: `Started container ${c.name}` },
      c,
    );
    this.writeStatus(run);
    void process.exited.then((exit) => this.onExit(run, c, process, exit));
  }

  private onExit(run: PodRun, c: ContainerRun, process: ContainerProcess, exit: ProcessExit): void {
    if (c.process !== process) return;
    c.process = undefined;
    c.ready = false;
    const exitCode = c.killReason === 'OOMKilled' ? 137 : exit.exitCode;
    const reason = c.killReason ?? (exitCode === 0 ? 'Completed' : 'Error');
    c.killReason = undefined;
    const terminated: NonNullable<V1ContainerState['terminated']> = {
      exitCode,
      reason,
      startedAt: c.state.running?.startedAt ?? wireTime(),
      finishedAt: wireTime(),
      ...(c.containerID ? { containerID: c.containerID } : {}),
    };
    c.state = { terminated };
    this.afterTermination(run, c);
  }

  private afterTermination(run: PodRun, c: ContainerRun): void {
    if (this.closed) return;
    const exitCode = c.state.terminated?.exitCode ?? 1;
    const restart =
      !run.terminating &&
      !run.eviction &&
      (run.restartPolicy === 'Always' || (run.restartPolicy === 'OnFailure' && exitCode !== 0));

    if (restart) {
      const base = this.options.runner?.restartBackoffMs ?? DEFAULT_BACKOFF_MS;
      const delay = base * 2 ** Math.min(c.restartCount, MAX_BACKOFF_DOUBLINGS);
      const podRef = `${run.name}_${run.namespace}(${run.uid})`;
      c.lastState = { terminated: c.state.terminated };
      c.state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${delay}ms restarting failed container=${c.name} pod=${podRef}`,
        },
      };
      const pod = this.options.store.get<V1Pod>(PODS, run.name);
      if (pod) {
        this.event(
          pod,
          {
            type: 'Warning',
            reason: 'BackOff',
            message: `Back-off restarting failed container ${c.name} in pod ${podRef}`,
          },
          c,
        );
      }
      c.backoff = setTimeout(() => {
        c.backoff = undefined;
        c.restartCount += 1;
        void this.startContainer(run, c);
      }, delay);
    } else {
      c.final = true;
    }
    this.writeStatus(run);

    const stopped = run.containers.every((x) => x.process === undefined && x.backoff === undefined);
    if (run.terminating && stopped) this.finishDeletion(run);
    else if (run.containers.every((x) => x.final) || (run.eviction && stopped))
      this.retryUnschedulable();
  }

  private stopRestarting(c: ContainerRun): void {
    if (c.backoff) {
      clearTimeout(c.backoff);
      c.backoff = undefined;
    }
    if (c.process === undefined) c.final = true;
  }

  private finishDeletion(run: PodRun): void {
    if (run.killTimer) clearTimeout(run.killTimer);
    this.runs.delete(run.name);
    this.options.store.remove(PODS, run.name);
    this.retryUnschedulable();
  }

  private removeNow(name: string): V1Pod {
    const run = this.runs.get(name);
    if (run) {
      if (run.killTimer) clearTimeout(run.killTimer);
      for (const c of run.containers) this.stopRestarting(c);
      this.runs.delete(name);
    }
    this.unschedulable.delete(name);
    this.options.store.update<V1Pod>(PODS, name, (p) => {
      p.metadata = { ...p.metadata, deletionTimestamp: wireTime(), deletionGracePeriodSeconds: 0 };
    });
    const removed = this.options.store.remove<V1Pod>(PODS, name)!;
    this.retryUnschedulable();
    return removed;
  }

  private writeStatus(run: PodRun): void {
    if (this.runs.get(run.name) !== run) return;
    this.options.store.update<V1Pod>(PODS, run.name, (p) => {
      p.status = computeStatus(p.status ?? {}, {
        containers: run.containers,
        ...(run.eviction ? { eviction: run.eviction } : {}),
      });
    });
  }

  private baseEnv(run: PodRun): NodeJS.ProcessEnv {
    const { host, port } = this.options.apiAddress();
    const env: NodeJS.ProcessEnv = { ...(this.options.runner?.env ?? globalThis.process.env) };
    // A pod does not belong to the test runner that started this server.
    delete env['NODE_TEST_CONTEXT'];
    return {
      ...env,
      HOSTNAME: run.name,
      KUBERNETES_SERVICE_HOST: host,
      KUBERNETES_SERVICE_PORT: String(port),
    };
  }

  private event(
    pod: V1Pod,
    input: Omit<EventInput, 'component' | 'fieldPath'>,
    container?: ContainerRun,
    component: EventInput['component'] = 'kubelet',
  ): void {
    this.options.events.record(pod, {
      ...input,
      component,
      ...(container ? { fieldPath: `spec.containers{${container.name}}` } : {}),
    });
  }
}
