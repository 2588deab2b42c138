// A cache of one pool's pods kept current by list-then-watch, as an informer keeps one: the
// list gives the pods and a resourceVersion, the watch resumes from the last version it
// saw, and a 410 Gone (the version fell out of the server's history) starts over with a
// fresh list. A dropped watch is resumed after a backoff; the cache stays readable meanwhile.
import { setTimeout as delay } from 'node:timers/promises';
import { Watch, type CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from '@hyperfleet/common';

export type PodChange = 'added' | 'modified' | 'deleted' | 'relisted';

export interface PodWatcherOptions {
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  namespace: string;
  labelSelector: string;
  logger: Logger;
  /** Called after every change the cache took in (a relist included). */
  onChange: (change: PodChange, pod?: V1Pod) => void;
  /** First delay before a failed list or watch is retried; doubles up to 30 s. */
  retryMs?: number;
}

const MAX_RETRY_MS = 30_000;
const GONE = 410;
const QUICK_END_MS = 1_000;

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: V1Pod & { code?: number; message?: string };
}

export class PodWatcher {
  private readonly pods = new Map<string, V1Pod>();
  private resourceVersion = '';
  private controller?: AbortController;
  private stopped = false;
  private loop?: Promise<void>;
  private listed = false;
  /** Relists so far, the first included (tests read it to see a 410 handled). */
  lists = 0;

  constructor(private readonly options: PodWatcherOptions) {}

  /** Lists once (throws when that fails), then watches in the background until stop(). */
  async start(): Promise<void> {
    await this.list();
    this.loop = this.run();
  }

  /** The cached pods, by name. */
  snapshot(): V1Pod[] {
    return [...this.pods.values()];
  }

  get(name: string): V1Pod | undefined {
    return this.pods.get(name);
  }

  get synced(): boolean {
    return this.listed;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let retryMs = this.options.retryMs ?? 500;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === '') await this.list();
        const startedAt = Date.now();
        const outcome = await this.watchOnce();
        if (outcome === 'gone') {
          this.options.logger.info('pod watch expired; relisting', {
            resourceVersion: this.resourceVersion,
          });
          this.resourceVersion = '';
        } else if (Date.now() - startedAt < QUICK_END_MS && !this.stopped) {
          // A server that ends every watch at once must not be asked again in a tight loop.
          await delay(retryMs);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
          continue;
        }
        retryMs = this.options.retryMs ?? 500;
      } catch (error) {
        if (this.stopped) return;
        if (isGone(error)) {
          this.resourceVersion = '';
          continue;
        }
        this.options.logger.warn('pod watch failed; retrying', { error, retryMs });
        await delay(retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      }
    }
  }

  private async list(): Promise<void> {
    const { core, namespace, labelSelector } = this.options;
    const list = await core.listNamespacedPod({ namespace, labelSelector });
    const names = new Set<string>();
    for (const pod of list.items) {
      names.add(pod.metadata!.name!);
      this.pods.set(pod.metadata!.name!, pod);
    }
    for (const name of [...this.pods.keys()]) if (!names.has(name)) this.pods.delete(name);
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.listed = true;
    this.lists++;
    this.options.onChange('relisted');
  }

  /** One watch request, until the server ends it ('ended'), or answers 410 ('gone'). */
  private watchOnce(): Promise<'ended' | 'gone'> {
    const { kubeConfig, namespace, labelSelector } = this.options;
    return new Promise((resolve, reject) => {
      let gone = false;
      const onEvent = (phase: string, object: WatchEvent['object']): void => {
        const type = phase as WatchEvent['type'];
        if (type === 'ERROR') {
          if (object.code === GONE) gone = true;
          else
            this.options.logger.warn('pod watch error event', {
              code: object.code,
              message: object.message,
            });
          return;
        }
        if (object.metadata?.resourceVersion)
          this.resourceVersion = object.metadata.resourceVersion;
        if (type === 'BOOKMARK') return;
        const name = object.metadata?.name;
        if (!name) return;
        if (type === 'DELETED') this.pods.delete(name);
        else this.pods.set(name, object);
        this.options.onChange(
          type === 'ADDED' ? 'added' : type === 'MODIFIED' ? 'modified' : 'deleted',
          object,
        );
      };
      const onDone = (error: unknown): void => {
        this.controller = undefined;
        if (gone || isGone(error)) resolve('gone');
        else if (error && !this.stopped && !isAbort(error)) reject(error);
        else resolve('ended');
      };
      new Watch(kubeConfig)
        .watch(
          `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
          { labelSelector, resourceVersion: this.resourceVersion, allowWatchBookmarks: true },
          onEvent,
          onDone,
        )
        .then((controller) => {
          this.controller = controller;
          if (this.stopped) controller.abort();
        }, reject);
    });
  }
}

function isGone(error: unknown): boolean {
  const e = error as { statusCode?: number; code?: number } | undefined;
  return e?.statusCode === GONE || e?.code === GONE;
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'AbortError';
}
