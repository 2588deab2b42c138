/** /api/v1/namespaces/{namespace}/events: create, get, list and watch core/v1 Events. */
import { randomUUID } from 'node:crypto';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { Router, RequestContext } from '../router.js';
import { requireNamespace, listItem, paginate, type Cluster } from '../cluster.js';
import { boolParam, intParam, readJson, sendJson } from '../http-io.js';
import { parseLabelSelector, matchesLabels } from '../label-selector.js';
import { parseFieldSelector, matchesFields } from '../field-selector.js';
import { validateObjectMeta } from '../meta-validation.js';
import { EVENTS } from '../events.js';
import { wireTime } from '../clock.js';
import type { StoredObject } from '../object-store.js';
import { alreadyExists, badRequest, cause, invalid, notFound } from '../status.js';

const EVENT_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
] as const;

function eventFields(e: CoreV1Event): Record<string, string> {
  const o = e.involvedObject ?? {};
  return {
    'metadata.name': e.metadata?.name ?? '',
    'metadata.namespace': e.metadata?.namespace ?? '',
    'involvedObject.kind': o.kind ?? '',
    'involvedObject.namespace': o.namespace ?? '',
    'involvedObject.name': o.name ?? '',
    'involvedObject.uid': o.uid ?? '',
    'involvedObject.apiVersion': o.apiVersion ?? '',
    'involvedObject.resourceVersion': o.resourceVersion ?? '',
    'involvedObject.fieldPath': o.fieldPath ?? '',
    reason: e.reason ?? '',
    reportingComponent: e.reportingComponent ?? '',
    source: e.source?.component ?? '',
    type: e.type ?? '',
  };
}

function eventMatcher(query: URLSearchParams): (obj: StoredObject) => boolean {
  const labels = parseLabelSelector(query.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(query.get('fieldSelector') ?? undefined, EVENT_FIELDS);
  return (obj) => {
    const e = obj as CoreV1Event;
    return matchesLabels(labels, e.metadata?.labels) && matchesFields(fields, eventFields(e));
  };
}

export function eventRoutes(router: Router, cluster: Cluster): void {
  const base = '/api/v1/namespaces/:namespace/events';

  const list = ({ res, params, query }: RequestContext): void => {
    requireNamespace(cluster, params['namespace']);
    const matches = eventMatcher(query);
    if (boolParam(query, 'watch')) {
      cluster.watches.serve(res, {
        resource: EVENTS,
        kind: 'Event',
        matches,
        resourceVersion: query.get('resourceVersion'),
        timeoutSeconds: intParam(query, 'timeoutSeconds'),
        allowBookmarks: boolParam(query, 'allowWatchBookmarks'),
        sendInitialEvents: boolParam(query, 'sendInitialEvents'),
      });
      return;
    }
    const resourceVersion = String(cluster.store.resourceVersion);
    const page = paginate(
      cluster.store.list(EVENTS).filter(matches),
      intParam(query, 'limit'),
      query.get('continue'),
    );
    sendJson(res, 200, {
      kind: 'EventList',
      apiVersion: 'v1',
      metadata: {
        resourceVersion,
        ...(page.continueToken
          ? { continue: page.continueToken, remainingItemCount: page.remaining }
          : {}),
      },
      items: page.items.map(listItem),
    });
  };
  router.on('GET', base, list);
  router.on('GET', '/api/v1/watch/namespaces/:namespace/events', (ctx) => {
    ctx.query.set('watch', 'true');
    return list(ctx);
  });

  router.on('POST', base, async ({ req, res, params }) => {
    const namespace = requireNamespace(cluster, params['namespace']);
    const body = (await readJson(req)) as CoreV1Event;
    if (body === null || typeof body !== 'object')
      throw badRequest('the body of the request must be an Event');
    const meta = body.metadata ?? {};
    if (meta.namespace && meta.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const causes = validateObjectMeta(meta, { nameRule: 'subdomain', namespaced: true });
    const involved = body.involvedObject as CoreV1Event['involvedObject'] | undefined;
    if (involved === undefined) causes.push(cause.required('involvedObject'));
    else if (involved.namespace && involved.namespace !== namespace) {
      causes.push(
        cause.invalid(
          'involvedObject.namespace',
          involved.namespace,
          'does not match event.namespace',
        ),
      );
    }
    if (causes.length > 0)
      throw invalid('Event', String(meta.name ?? meta.generateName ?? ''), causes);

    const name = meta.name || `${meta.generateName ?? ''}${randomUUID().slice(0, 5)}`;
    if (cluster.store.has(EVENTS, name)) throw alreadyExists({ resource: EVENTS, name });
    const event = {
      ...body,
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { ...meta, name, namespace, uid: randomUUID(), creationTimestamp: wireTime() },
    };
    sendJson(
      res,
      201,
      cluster.store.create(EVENTS, JSON.parse(JSON.stringify(event)) as StoredObject),
    );
  });

  router.on('GET', `${base}/:name`, ({ res, params }) => {
    requireNamespace(cluster, params['namespace']);
    const name = params['name']!;
    const event = cluster.store.get(EVENTS, name);
    if (event === undefined) throw notFound({ resource: EVENTS, name });
    sendJson(res, 200, event);
  });
}
