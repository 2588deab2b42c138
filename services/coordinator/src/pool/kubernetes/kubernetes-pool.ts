// Worker pods on Kubernetes: created from the pod template, counted from a watched cache of
// the pool's pods, scaled to the demand the coordinator feeds in, and replaced when they
// fail, are evicted or are OOM-killed. The reason a pod ended is written on the trial it
// held (JetStream redelivers that trial as for any dead worker) and in the pool's events.
// The pool never deletes a pod holding a running trial unless it is above its max, and on
// stop it leaves its pods running: the next coordinator adopts them.
import { randomInt } from 'node:crypto';
import { ApiException, CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from '@hyperfleet/common';
import type { PoolEventInput, PoolStore, WorkerAssignment } from '@hyperfleet/db';
import type { PendingWorker, PoolLimits, PoolStatus, WorkerPool } from '../worker-pool.js';
import { adoptPods } from './adoption.js';
import { ScaleDecider } from './autoscaler.js';
import type { KubernetesPoolConfig } from './config.js';
import type { KubeConnection } from './kube-config.js';
import { poolSelector, SWEEP_LABEL, TEMPLATE_HASH_LABEL } from './labels.js';
import { viewPod, type PodView } from './pod-state.js';
import {
  compilePodTemplate,
  PodTemplateError,
  readPodTemplateFile,
  type PodTemplate,
  type WorkerEnvOptions,
} from './pod-template.js';
import { PodWatcher } from './pod-watcher.js';
import { planReconcile } from './reconciler.js';

export interface KubernetesPoolDeps {
  config: KubernetesPoolConfig;
  connection: KubeConnection;
  /** What every worker gets in its environment besides the template's own. */
  workerEnv: WorkerEnvOptions;
  store: PoolStore;
  logger: Logger;
  now?: () => number;
}

/** A pod created but not yet seen by the watch still counts, for this long at most. */
const CREATE_EXPECTATION_MS = 60_000;
const MAX_FAILURE_BACKOFF_MS = 5 * 60_000;
const CHANGE_DEBOUNCE_MS = 25;
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** Pending reasons every pod passes through; only the others are worth an event. */
const TRANSIENT_PENDING = new Set(['ContainerCreating', 'NotReady', 'PodInitializing']);

export class KubernetesWorkerPool implements WorkerPool {
  private readonly core: CoreV1Api;
  private readonly namespace: string;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly decider: ScaleDecider;
  private template?: PodTemplate;
  private watcher?: PodWatcher;
  private limits: PoolLimits;

  private demand = 0;
  private demandKnown = false;
  private stopped = false;
  private running?: Promise<void>;
  private rerun = false;
  private kickTimer?: NodeJS.Timeout;

  /** Expectations: pods asked for but not yet in (or not yet out of) the watched cache. */
  private readonly creating = new Map<string, number>();
  private readonly deleting = new Map<string, number>();
  /** Pod uids whose end (or outside deletion) has been recorded. */
  private readonly handled = new Set<string>();
  private readonly reportedPending = new Set<string>();
  private readonly seenReady = new Set<string>();
  private readonly deletedOutside: V1Pod[] = [];
  private startFailures = 0;
  private createAfter = 0;
  private createError?: string;
  private lastDesired = -1;
  private current: PoolStatus;

  constructor(private readonly deps: KubernetesPoolDeps) {
    this.core = deps.connection.kubeConfig.makeApiClient(CoreV1Api);
    this.namespace = deps.connection.namespace;
    this.logger = deps.logger;
    this.now = deps.now ?? Date.now;
    this.decider = new ScaleDecider(deps.config.scaleDownCooldownMs);
    this.limits = { min: deps.config.min, max: deps.config.max };
    this.current = this.emptyStatus(['starting']);
  }

  /**
   * Checks the template (locally, then with a server-side dry run) before creating anything,
   * loads the stored limits, lists the pool's pods and adopts them, then watches them.
   */
  async start(): Promise<void> {
    const { config } = this.deps;
    const raw = await readPodTemplateFile(config.templateFile);
    const namePrefix = config.name === 'default' ? 'hf-worker-' : `hf-worker-${config.name}-`;
    this.template = compilePodTemplate(raw, {
      pool: config.name,
      namePrefix,
      env: this.deps.workerEnv,
      source: config.templateFile,
    });
    await this.dryRun(this.template);
    this.limits = (await this.deps.store.limits(config.name)) ?? this.limits;

    this.watcher = new PodWatcher({
      kubeConfig: this.deps.connection.kubeConfig,
      core: this.core,
      namespace: this.namespace,
      labelSelector: poolSelector(config.name),
      logger: this.logger,
      onChange: (change, pod) => this.onPodChange(change, pod),
    });
    await this.watcher.start();

    const adoption = adoptPods(this.views(), this.template.hash);
    this.decider.seed(
      Math.min(this.limits.max, Math.max(this.limits.min, adoption.live.length)),
      this.now(),
    );
    if (adoption.message) {
      this.logger.info('worker pods adopted', {
        pods: adoption.live,
        outdated: adoption.outdated,
        ended: adoption.ended,
      });
      await this.record([{ type: 'ADOPTED', message: adoption.message }]);
    }
    this.logger.info('kubernetes pool started', {
      pool: config.name,
      namespace: this.namespace,
      source: this.deps.connection.source,
      min: this.limits.min,
      max: this.limits.max,
      templateHash: this.template.hash,
    });
  }

  status(): PoolStatus {
    return this.current;
  }

  async reconcile(demand: number): Promise<void> {
    this.demand = demand;
    this.demandKnown = true;
    await this.kick();
  }

  async setLimits(limits: PoolLimits): Promise<void> {
    const before = this.limits;
    await this.deps.store.saveLimits(this.deps.config.name, limits);
    this.limits = { ...limits };
    await this.record([
      {
        type: 'LIMITS_SET',
        message: `limits set to min ${limits.min}, max ${limits.max} (were min ${before.min}, max ${before.max})`,
      },
    ]);
    this.logger.info('pool limits set', { min: limits.min, max: limits.max });
    await this.kick();
  }

  /** Stops watching and reconciling. The pods keep running for the next coordinator to adopt. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.kickTimer);
    await this.running;
    await this.watcher?.stop();
  }

  /** The watcher's relist count, for tests of the 410 path. */
  get lists(): number {
    return this.watcher?.lists ?? 0;
  }

  // ---- reconciling ----

  private onPodChange(change: string, pod?: V1Pod): void {
    const name = pod?.metadata?.name;
    const uid = pod?.metadata?.uid ?? '';
    if (change === 'deleted' && name && !this.deleting.has(name) && !this.handled.has(uid))
      this.deletedOutside.push(pod!);
    if (this.stopped || !this.demandKnown) return;
    clearTimeout(this.kickTimer);
    this.kickTimer = setTimeout(() => void this.kick(), CHANGE_DEBOUNCE_MS);
  }

  /** One reconcile at a time; a request during one runs another right after it. */
  private kick(): Promise<void> {
    if (this.stopped || !this.demandKnown || !this.watcher?.synced) return Promise.resolve();
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          await this.reconcileOnce();
        } while (this.rerun && !this.stopped);
      } catch (error) {
        this.logger.warn('pool reconcile failed; retrying on the next demand', { error });
        this.current = {
          ...this.current,
          reasons: [...this.current.reasons, `reconcile failed: ${(error as Error).message}`],
        };
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async reconcileOnce(): Promise<void> {
    const now = this.now();
    this.forgetMetExpectations(now);
    const views = this.views();
    for (const view of views) {
      if (view.condition === 'ready' && !this.seenReady.has(view.name)) {
        this.seenReady.add(view.name);
        this.startFailures = 0;
      }
    }
    await this.recordOutsideDeletions(views);

    const busy = await this.deps.store.busyWorkers(views.map((view) => view.name));
    const desired = this.decider.desired(this.demand, this.limits, now);
    if (desired !== this.lastDesired) {
      const message = `desired workers ${Math.max(this.lastDesired, 0)} -> ${desired} (demand ${this.demand}, min ${this.limits.min}, max ${this.limits.max})`;
      if (this.lastDesired >= 0 || desired > 0) await this.record([{ type: 'SCALED', message }]);
      this.logger.info('pool scaled', { desired, demand: this.demand });
      this.lastDesired = desired;
    }
    await this.reportPending(views);
    for (const view of views) {
      if (view.condition === 'ended' && !this.deleting.has(view.name)) await this.retire(view);
    }

    const plan = planReconcile({
      views,
      deleting: new Set(this.deleting.keys()),
      creating: this.creating.size,
      desired,
      max: this.limits.max,
      busy: new Set(busy.keys()),
      templateHash: this.template!.hash,
      mayCreate: now >= this.createAfter,
    });
    for (let i = 0; i < plan.create; i++) await this.createPod(desired);
    for (const removal of plan.remove) {
      const why =
        removal.cause === 'above-max'
          ? `above max ${this.limits.max}; its trial goes to another worker`
          : `${removal.cause}, desired ${desired}`;
      await this.deletePod(removal.name, `deleted worker pod ${removal.name} (${why})`);
    }
    await this.syncSweepLabels(busy);
    this.current = this.describe(views, desired, busy);
  }

  private views(): PodView[] {
    return (this.watcher?.snapshot() ?? []).map((pod) => viewPod(pod, TEMPLATE_HASH_LABEL));
  }

  private forgetMetExpectations(now: number): void {
    for (const [name, at] of this.creating) {
      if (this.watcher!.get(name) || now - at > CREATE_EXPECTATION_MS) this.creating.delete(name);
    }
    for (const name of this.deleting.keys())
      if (!this.watcher!.get(name)) this.deleting.delete(name);
  }

  /** A pod that ended (Failed, Succeeded): record why on its trial and in the events, then remove it. */
  private async retire(view: PodView): Promise<void> {
    this.handled.add(view.uid);
    const reason = view.message;
    const trialIds = await this.deps.store.recordInterruption(view.name, reason);
    const message = trialIds.length > 0 ? `${reason}; its trial goes to another worker` : reason;
    const type = view.failed ? 'WORKER_FAILED' : 'WORKER_EXITED';
    await this.record(
      trialIds.length > 0
        ? trialIds.map((trialId) => ({ type, worker: view.name, trialId, message }))
        : [{ type, worker: view.name, message }],
    );
    this.logger.warn('worker pod ended; replacing it', { workerId: view.name, reason, trialIds });

    if (!this.seenReady.has(view.name)) {
      // It never became ready: replacing it at once would only crash-loop through pods.
      this.startFailures++;
      this.createAfter =
        this.now() +
        Math.min(
          this.deps.config.failureBackoffMs * 2 ** (this.startFailures - 1),
          MAX_FAILURE_BACKOFF_MS,
        );
    }
    await this.kubeEvent(
      view.name,
      view.uid,
      'Warning',
      view.failed ? 'WorkerFailed' : 'WorkerExited',
      message,
    );
    await this.deletePod(view.name, undefined, 0);
  }

  /** Pods someone else deleted: their trial is redelivered as for a failure, and the reason kept. */
  private async recordOutsideDeletions(views: PodView[]): Promise<void> {
    const terminating = views.filter(
      (view) =>
        view.condition === 'terminating' &&
        !this.deleting.has(view.name) &&
        !this.handled.has(view.uid),
    );
    const gone = this.deletedOutside.splice(0).map((pod) => viewPod(pod, TEMPLATE_HASH_LABEL));
    for (const view of [...terminating, ...gone]) {
      if (this.handled.has(view.uid)) continue;
      this.handled.add(view.uid);
      const reason = `worker pod ${view.name} was deleted outside the pool`;
      const trialIds = await this.deps.store.recordInterruption(view.name, reason);
      await this.record(
        trialIds.length > 0
          ? trialIds.map((trialId) => ({
              type: 'WORKER_DELETED',
              worker: view.name,
              trialId,
              message: reason,
            }))
          : [{ type: 'WORKER_DELETED', worker: view.name, message: reason }],
      );
      this.logger.warn('worker pod deleted outside the pool', { workerId: view.name, trialIds });
    }
  }

  private async reportPending(views: PodView[]): Promise<void> {
    for (const view of views) {
      if (view.condition !== 'pending' || TRANSIENT_PENDING.has(view.reason)) continue;
      const key = `${view.uid}|${view.reason}`;
      if (this.reportedPending.has(key)) continue;
      this.reportedPending.add(key);
      const message = `worker pod ${view.name} pending: ${view.reason}${view.message ? `: ${view.message}` : ''}`;
      await this.record([{ type: 'WORKER_PENDING', worker: view.name, message }]);
      this.logger.warn('worker pod pending', {
        workerId: view.name,
        reason: view.reason,
        message: view.message,
      });
    }
  }

  // TODO(pods carry no ownerReference, so helm uninstall leaves them; owning them by the coordinator Deployment needs get on deployments)
  private async createPod(desired: number): Promise<void> {
    const name = `${this.template!.namePrefix}${randomSuffix()}`;
    try {
      await this.core.createNamespacedPod({
        namespace: this.namespace,
        body: this.template!.build(name),
      });
    } catch (error) {
      const message = `could not create a worker pod: ${describeApiError(error)}`;
      this.startFailures++;
      this.createAfter =
        this.now() +
        Math.min(
          this.deps.config.failureBackoffMs * 2 ** (this.startFailures - 1),
          MAX_FAILURE_BACKOFF_MS,
        );
      this.logger.error('worker pod create failed', { error: message });
      if (message !== this.createError) await this.record([{ type: 'WORKER_FAILED', message }]);
      this.createError = message;
      return;
    }
    this.createError = undefined;
    this.creating.set(name, this.now());
    await this.record([
      {
        type: 'WORKER_CREATED',
        worker: name,
        message: `created worker pod ${name} (desired ${desired})`,
      },
    ]);
    this.logger.info('worker pod created', { workerId: name, desired });
  }

  private async deletePod(
    name: string,
    eventMessage?: string,
    gracePeriodSeconds?: number,
  ): Promise<void> {
    this.deleting.set(name, this.now());
    try {
      await this.core.deleteNamespacedPod({
        namespace: this.namespace,
        name,
        ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}),
      });
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 404)) {
        this.deleting.delete(name);
        this.logger.warn('worker pod delete failed', {
          workerId: name,
          error: describeApiError(error),
        });
        return;
      }
    }
    if (eventMessage) {
      await this.record([{ type: 'WORKER_DELETED', worker: name, message: eventMessage }]);
      this.logger.info('worker pod deleted', { workerId: name, reason: eventMessage });
    }
  }

  /** Each busy pod carries the sweep of its trial as a label; an idle one carries none. */
  private async syncSweepLabels(busy: Map<string, WorkerAssignment>): Promise<void> {
    for (const pod of this.watcher!.snapshot()) {
      const name = pod.metadata!.name!;
      if (
        this.deleting.has(name) ||
        pod.metadata?.deletionTimestamp ||
        pod.status?.phase === 'Failed' ||
        pod.status?.phase === 'Succeeded'
      )
        continue;
      const want = busy.get(name)?.sweepId;
      const have = pod.metadata?.labels?.[SWEEP_LABEL];
      if (want === have) continue;
      const path = `/metadata/labels/${SWEEP_LABEL.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const body = want ? [{ op: 'add', path, value: want }] : [{ op: 'remove', path }];
      try {
        await this.core.patchNamespacedPod({ namespace: this.namespace, name, body });
      } catch (error) {
        if (!(error instanceof ApiException && error.code === 404))
          this.logger.warn('worker pod label failed', {
            workerId: name,
            error: describeApiError(error),
          });
      }
    }
  }

  // ---- checks, records, status ----

  /** The apiserver's own verdict on one worker pod (admission, quotas, webhooks), with nothing created. */
  private async dryRun(template: PodTemplate): Promise<void> {
    try {
      await this.core.createNamespacedPod({
        namespace: this.namespace,
        body: template.build(`${template.namePrefix}dryrn`),
        dryRun: 'All',
      });
    } catch (error) {
      if (
        error instanceof ApiException &&
        error.code >= 400 &&
        error.code < 500 &&
        error.code !== 401 &&
        error.code !== 403
      ) {
        throw new PodTemplateError(this.deps.config.templateFile, apiProblems(error));
      }
      throw new Error(
        `the Kubernetes API refused or failed a dry-run pod create: ${describeApiError(error)}`,
        { cause: error },
      );
    }
  }

  private async record(events: PoolEventInput[]): Promise<void> {
    try {
      await this.deps.store.addEvents(this.deps.config.name, events);
    } catch (error) {
      this.logger.warn('pool event not stored', {
        error,
        events: events.map((event) => event.message),
      });
    }
  }

  /** A core/v1 Event on the pod, so that `kubectl describe pod` shows what the pool saw. */
  private async kubeEvent(
    pod: string,
    uid: string,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<void> {
    const now = new Date(this.now());
    try {
      await this.core.createNamespacedEvent({
        namespace: this.namespace,
        body: {
          metadata: { generateName: `${pod}.`, namespace: this.namespace },
          involvedObject: {
            apiVersion: 'v1',
            kind: 'Pod',
            name: pod,
            namespace: this.namespace,
            uid,
          },
          type,
          reason,
          message,
          source: { component: 'hyperfleet-coordinator' },
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      });
    } catch (error) {
      this.logger.debug('kubernetes event not recorded', {
        workerId: pod,
        error: describeApiError(error),
      });
    }
  }

  /** The status as of this reconcile's view of the pods, so that it agrees with the events it recorded. */
  private describe(
    seen: PodView[],
    desired: number,
    busy: Map<string, WorkerAssignment>,
  ): PoolStatus {
    const views = seen.filter((view) => !this.deleting.has(view.name));
    const ready = views.filter((view) => view.condition === 'ready');
    const pendingWorkers: PendingWorker[] = views
      .filter((view) => view.condition === 'pending')
      .map((view) => ({
        name: view.name,
        reason: view.reason,
        message: view.message,
        since: view.createdAt,
      }));
    for (const name of this.creating.keys()) {
      if (!views.some((view) => view.name === name))
        pendingWorkers.push({
          name,
          reason: 'Creating',
          message: 'created, not yet seen by the watch',
        });
    }

    const reasons: string[] = [];
    const unschedulable = pendingWorkers.filter((worker) => worker.reason === 'Unschedulable');
    if (unschedulable.length > 0)
      reasons.push(
        `${unschedulable.length} worker pod(s) unschedulable: ${unschedulable[0]!.message}`,
      );
    if (this.createError) reasons.push(this.createError);
    if (this.createAfter > this.now())
      reasons.push(
        `workers failed before becoming ready; next one created after ${new Date(this.createAfter).toISOString()}`,
      );
    const outdated = ready.filter((view) => view.templateHash !== this.template!.hash).length;
    if (outdated > 0)
      reasons.push(`${outdated} worker pod(s) from an older template, replaced once idle`);
    if (ready.length + pendingWorkers.length > desired)
      reasons.push(
        `${ready.length + pendingWorkers.length - desired} worker pod(s) above desired, kept while they hold a trial`,
      );
    return {
      kind: 'kubernetes',
      name: this.deps.config.name,
      namespace: this.namespace,
      desired,
      ready: ready.length,
      pending: pendingWorkers.length,
      pendingWorkers,
      busy: busy.size,
      demand: this.demand,
      limits: { ...this.limits },
      reasons,
    };
  }

  private emptyStatus(reasons: string[]): PoolStatus {
    return {
      kind: 'kubernetes',
      name: this.deps.config.name,
      namespace: this.namespace,
      desired: 0,
      ready: 0,
      pending: 0,
      pendingWorkers: [],
      busy: 0,
      demand: 0,
      limits: { ...this.limits },
      reasons,
    };
  }
}

function randomSuffix(): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return suffix;
}

interface KubeStatusBody {
  message?: string;
  details?: { causes?: { field?: string; message?: string }[] };
}

function statusBody(error: ApiException<unknown>): KubeStatusBody | undefined {
  try {
    return (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as KubeStatusBody;
  } catch {
    return undefined;
  }
}

function apiProblems(error: ApiException<unknown>): { field: string; message: string }[] {
  const body = statusBody(error);
  const causes = body?.details?.causes ?? [];
  if (causes.length > 0)
    return causes.map((c) => ({
      field: c.field ?? '',
      message: `${c.message ?? 'invalid'} (the Kubernetes API, dry run)`,
    }));
  return [
    {
      field: '',
      message: `${body?.message ?? `HTTP ${error.code}`} (the Kubernetes API, dry run)`,
    },
  ];
}

export function describeApiError(error: unknown): string {
  if (error instanceof ApiException)
    return `HTTP ${error.code}: ${statusBody(error)?.message ?? 'no message'}`;
  return (error as Error)?.message ?? String(error);
}
