/** What the route handlers share: the namespace served and the fake cluster's parts. */
import type { EventRecorder } from './events.js';
import type { Kubelet } from './kubelet.js';
import type { ObjectStore, StoredObject } from './object-store.js';
import { badRequest, notFound } from './status.js';
import type { WatchHub } from './watch.js';

export interface Cluster {
  namespace: string;
  store: ObjectStore;
  kubelet: Kubelet;
  watches: WatchHub;
  events: EventRecorder;
}

/** The API serves one namespace; any other is absent, as on a cluster without it. */
export function requireNamespace(cluster: Cluster, namespace: string | undefined): string {
  if (namespace !== cluster.namespace)
    throw notFound({ resource: 'namespaces', name: namespace ?? '' });
  return namespace;
}

/** List items as the apiserver returns them: without their own kind and apiVersion. */
export function listItem(obj: StoredObject): StoredObject {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = obj;
  return rest;
}

const CONTINUE_VERSION = 1;

export interface ListPage<T> {
  items: T[];
  continueToken?: string;
  remaining?: number;
}

/** Pages a name-ordered list for `limit` and `continue`. */
export function paginate<T extends StoredObject>(
  items: T[],
  limit: number | undefined,
  continueToken: string | null,
): ListPage<T> {
  let start = 0;
  if (continueToken) {
    let decoded: { v?: unknown; after?: unknown };
    try {
      decoded = JSON.parse(
        Buffer.from(continueToken, 'base64url').toString('utf8'),
      ) as typeof decoded;
    } catch {
      decoded = {};
    }
    if (decoded.v !== CONTINUE_VERSION || typeof decoded.after !== 'string') {
      throw badRequest('continue key is not valid: incorrect encoded start resourceVersion');
    }
    const after = decoded.after;
    start = items.findIndex((item) => String(item.metadata?.name) > after);
    if (start < 0) start = items.length;
  }
  if (limit === undefined || limit === 0 || start + limit >= items.length) {
    return { items: items.slice(start) };
  }
  const page = items.slice(start, start + limit);
  const after = String(page[page.length - 1]?.metadata?.name);
  return {
    items: page,
    continueToken: Buffer.from(JSON.stringify({ v: CONTINUE_VERSION, after })).toString(
      'base64url',
    ),
    remaining: items.length - start - limit,
  };
}
