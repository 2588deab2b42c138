/**
 * /api/v1/namespaces/{namespace}/pods: create (defaulting and validation as the apiserver
 * does them), get, list and watch with label and field selectors, graceful delete, patch of
 * metadata, and the log subresource.
 */
import { randomUUID } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import type { Router, RequestContext } from '../router.js';
import { requireNamespace, listItem, paginate, type Cluster } from '../cluster.js';
import {
  boolParam,
  intParam,
  parseJson,
  readBody,
  readJson,
  sendJson,
  sendText,
} from '../http-io.js';
import { parseLabelSelector, matchesLabels } from '../label-selector.js';
import { parseFieldSelector, matchesFields } from '../field-selector.js';
import { checkSchema } from '../schema.js';
import { validateKind } from '../kind-validation.js';
import { validateLabels, validateAnnotations } from '../meta-validation.js';
import { applyPodDefaults } from '../pod-defaults.js';
import { applyPatch } from '../patch.js';
import { PODS } from '../kubelet.js';
import { wireTime } from '../clock.js';
import type { StoredObject } from '../object-store.js';
import {
  alreadyExists,
  badRequest,
  cause,
  conflict,
  invalid,
  notFound,
  type StatusCause,
} from '../status.js';

const POD_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'spec.hostNetwork',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
] as const;

const FIELD_VALIDATION = ['Ignore', 'Warn', 'Strict'] as const;
const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function podFields(pod: V1Pod): Record<string, string> {
  return {
    'metadata.name': pod.metadata?.name ?? '',
    'metadata.namespace': pod.metadata?.namespace ?? '',
    'spec.nodeName': pod.spec?.nodeName ?? '',
    'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
    'spec.schedulerName': pod.spec?.schedulerName ?? '',
    'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
    'status.phase': pod.status?.phase ?? '',
    'status.podIP': pod.status?.podIP ?? '',
    'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
  };
}

function podMatcher(query: URLSearchParams): (obj: StoredObject) => boolean {
  const labels = parseLabelSelector(query.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(query.get('fieldSelector') ?? undefined, POD_FIELDS);
  return (obj) => {
    const pod = obj as V1Pod;
    return matchesLabels(labels, pod.metadata?.labels) && matchesFields(fields, podFields(pod));
  };
}

function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    suffix += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
  }
  return prefix + suffix;
}

/** The schema and the semantic rules can both report one field; the first report stands. */
function dedupe(causes: StatusCause[]): StatusCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = `${c.field}|${c.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Decoding, then validation, in the order and with the codes of the apiserver. */
function admitPod(
  body: Record<string, unknown>,
  namespace: string,
  fieldValidation: string,
): {
  pod: V1Pod;
  warnings: string[];
} {
  if (body['apiVersion'] !== undefined && body['apiVersion'] !== 'v1') {
    throw badRequest(
      `the API version in the data (${String(body['apiVersion'])}) does not match the expected API version (v1)`,
    );
  }
  if (body['kind'] !== undefined && body['kind'] !== 'Pod') {
    throw badRequest(
      `the kind in the data (${String(body['kind'])}) does not match the expected kind (Pod)`,
    );
  }
  const manifest: Record<string, unknown> = { ...body, apiVersion: 'v1', kind: 'Pod' };
  const meta = (manifest['metadata'] ?? {}) as Record<string, unknown>;
  if (
    meta['namespace'] !== undefined &&
    meta['namespace'] !== '' &&
    meta['namespace'] !== namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }

  const issues = checkSchema(manifest, { strict: fieldValidation !== 'Ignore' }) ?? [];
  const unknown = issues.filter((i) => i.message.startsWith('unknown field'));
  const decode = issues.filter((i) => i.level === 'decode' && !unknown.includes(i));
  if (decode.length > 0) {
    const detail = decode.map((i) => `${i.field}: ${i.message}`).join('; ');
    throw badRequest(
      `Pod in version "v1" cannot be handled as a Pod: ${detail}`,
      decode.map((i) => ({ reason: i.reason, message: i.message, field: i.field })),
    );
  }
  if (unknown.length > 0 && fieldValidation === 'Strict') {
    throw badRequest(
      `Pod in version "v1" cannot be handled as a Pod: strict decoding error: ${unknown.map((i) => i.message).join(', ')}`,
      unknown.map((i) => cause.unknownField(i.field)),
    );
  }

  const causes = dedupe([
    ...issues
      .filter((i) => i.level === 'invalid')
      .map((i) => ({ reason: i.reason, message: i.message, field: i.field })),
    ...validateKind(manifest),
  ]);
  if (causes.length > 0) {
    throw invalid('Pod', String(meta['name'] ?? meta['generateName'] ?? ''), causes);
  }
  return {
    pod: manifest as unknown as V1Pod,
    warnings: fieldValidation === 'Warn' ? unknown.map((i) => i.message) : [],
  };
}

function warningHeader(warnings: string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

export function podRoutes(router: Router, cluster: Cluster): void {
  const base = '/api/v1/namespaces/:namespace/pods';

  const list = ({ res, params, query }: RequestContext): void => {
    requireNamespace(cluster, params['namespace']);
    const matches = podMatcher(query);
    if (boolParam(query, 'watch')) {
      cluster.watches.serve(res, {
        resource: PODS,
        kind: 'Pod',
        matches,
        resourceVersion: query.get('resourceVersion'),
        timeoutSeconds: intParam(query, 'timeoutSeconds'),
        allowBookmarks: boolParam(query, 'allowWatchBookmarks'),
        sendInitialEvents: boolParam(query, 'sendInitialEvents'),
      });
      return;
    }
    const resourceVersion = String(cluster.store.resourceVersion);
    const all = cluster.store.list<V1Pod & StoredObject>(PODS).filter(matches);
    const page = paginate(all, intParam(query, 'limit'), query.get('continue'));
    sendJson(res, 200, {
      kind: 'PodList',
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
  router.on('GET', '/api/v1/watch/namespaces/:namespace/pods', (ctx) => {
    ctx.query.set('watch', 'true');
    return list(ctx);
  });

  router.on('POST', base, async ({ req, res, params, query }) => {
    const namespace = requireNamespace(cluster, params['namespace']);
    const body = await readJson(req);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('the body of the request must be a Pod object');
    }
    const fieldValidation = query.get('fieldValidation') ?? 'Warn';
    if (!FIELD_VALIDATION.includes(fieldValidation as never)) {
      throw badRequest(`fieldValidation parameter unsupported: ${JSON.stringify(fieldValidation)}`);
    }
    const { pod, warnings } = admitPod(body as Record<string, unknown>, namespace, fieldValidation);

    const meta = pod.metadata ?? {};
    const name = meta.name || generateName(meta.generateName ?? '');
    if (cluster.store.has(PODS, name)) throw alreadyExists({ resource: PODS, name });
    const defaulted = applyPodDefaults({
      ...pod,
      metadata: {
        ...meta,
        name,
        namespace,
        uid: randomUUID(),
        creationTimestamp: wireTime(),
        resourceVersion: undefined,
        deletionTimestamp: undefined,
        deletionGracePeriodSeconds: undefined,
      },
    });
    const json = JSON.parse(JSON.stringify(defaulted)) as V1Pod & StoredObject;
    if (query.get('dryRun') === 'All') {
      sendJson(res, 201, json, warningHeader(warnings));
      return;
    }
    const stored = cluster.store.create(PODS, json);
    cluster.kubelet.admit(name);
    sendJson(res, 201, stored, warningHeader(warnings));
  });

  router.on('GET', `${base}/:name`, ({ res, params }) => {
    requireNamespace(cluster, params['namespace']);
    const name = params['name']!;
    const pod = cluster.store.get(PODS, name);
    if (pod === undefined) throw notFound({ resource: PODS, name });
    sendJson(res, 200, pod);
  });

  router.on('DELETE', `${base}/:name`, async ({ req, res, params, query }) => {
    requireNamespace(cluster, params['namespace']);
    const name = params['name']!;
    // The client sends DeleteOptions as a body only when given one.
    const text = await readBody(req);
    const options = (text.trim() === '' ? {} : parseJson(text)) as {
      gracePeriodSeconds?: number;
      preconditions?: { uid?: string; resourceVersion?: string };
      dryRun?: string[];
    };
    const pod = cluster.store.get<V1Pod & StoredObject>(PODS, name);
    if (pod === undefined) throw notFound({ resource: PODS, name });
    const pre = options.preconditions ?? {};
    if (pre.uid && pre.uid !== pod.metadata?.uid) {
      throw conflict(
        { resource: PODS, name },
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${pod.metadata?.uid}`,
      );
    }
    if (pre.resourceVersion && pre.resourceVersion !== pod.metadata?.resourceVersion) {
      throw conflict(
        { resource: PODS, name },
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${pod.metadata?.resourceVersion}`,
      );
    }
    if (query.get('dryRun') === 'All' || options.dryRun?.includes('All')) {
      sendJson(res, 200, pod);
      return;
    }
    const grace = intParam(query, 'gracePeriodSeconds') ?? options.gracePeriodSeconds;
    sendJson(res, 200, cluster.kubelet.delete(name, grace));
  });

  router.on('PATCH', `${base}/:name`, async ({ req, res, params, query }) => {
    requireNamespace(cluster, params['namespace']);
    const name = params['name']!;
    const body = await readJson(req);
    const current = cluster.store.get<V1Pod & StoredObject>(PODS, name);
    if (current === undefined) throw notFound({ resource: PODS, name });
    const patched = applyPatch(current, body, req.headers['content-type'] ?? '') as V1Pod;

    const ref = { resource: PODS, name };
    const sentVersion = patched.metadata?.resourceVersion;
    if (sentVersion !== undefined && sentVersion !== current.metadata?.resourceVersion) {
      throw conflict(
        ref,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    const causes: StatusCause[] = [];
    for (const key of ['name', 'namespace', 'uid', 'creationTimestamp', 'generateName'] as const) {
      if (JSON.stringify(patched.metadata?.[key]) !== JSON.stringify(current.metadata?.[key])) {
        causes.push(
          cause.invalid(`metadata.${key}`, patched.metadata?.[key], 'field is immutable'),
        );
      }
    }
    if (
      JSON.stringify(patched.metadata?.finalizers) !== JSON.stringify(current.metadata?.finalizers)
    ) {
      // TODO(finalizers are not honoured on delete, so changing them is refused rather than ignored)
      causes.push(
        cause.forbidden('metadata.finalizers', 'the fake API server does not support finalizers'),
      );
    }
    if (JSON.stringify(patched.spec) !== JSON.stringify(current.spec)) {
      causes.push(
        cause.forbidden(
          'spec',
          'pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, ' +
            '`spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations), ' +
            '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' +
            ' (the fake API server allows none of them)',
        ),
      );
    }
    causes.push(...validateLabels(patched.metadata?.labels, 'metadata.labels'));
    causes.push(...validateAnnotations(patched.metadata?.annotations, 'metadata.annotations'));
    if (causes.length > 0) throw invalid('Pod', name, causes);

    const apply = (pod: V1Pod & StoredObject): void => {
      pod.metadata = {
        ...pod.metadata,
        labels: patched.metadata?.labels,
        annotations: patched.metadata?.annotations,
        ownerReferences: patched.metadata?.ownerReferences,
      };
    };
    if (query.get('dryRun') === 'All') {
      apply(current);
      sendJson(res, 200, current);
      return;
    }
    sendJson(res, 200, cluster.store.update<V1Pod & StoredObject>(PODS, name, apply));
  });

  router.on('GET', `${base}/:name/log`, ({ req, res, params, query }) => {
    requireNamespace(cluster, params['namespace']);
    const name = params['name']!;
    const pod = cluster.store.get<V1Pod>(PODS, name);
    if (pod === undefined) throw notFound({ resource: PODS, name });
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const container = query.get('container') ?? (names.length === 1 ? names[0]! : undefined);
    if (container === undefined) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`,
      );
    }
    if (!names.includes(container)) {
      throw badRequest(`container ${container} is not valid for pod ${name}`);
    }
    const log = cluster.kubelet.log(name, container);
    const status = pod.status?.containerStatuses?.find((s) => s.name === container);
    const waiting = status?.state?.waiting;
    const neverRan =
      waiting !== undefined && status?.restartCount === 0 && !status.lastState?.terminated;
    if (log === undefined || status === undefined || neverRan) {
      throw badRequest(
        `container "${container}" in pod "${name}" is waiting to start: ${waiting?.reason ?? 'ContainerCreating'}`,
      );
    }

    let text = log.text();
    const tail = intParam(query, 'tailLines');
    if (tail !== undefined) {
      const lines = text.split('\n');
      const trailing = text.endsWith('\n') ? 1 : 0;
      text = lines.slice(Math.max(0, lines.length - trailing - tail)).join('\n');
    }
    const limitBytes = intParam(query, 'limitBytes');
    if (limitBytes !== undefined) text = Buffer.from(text).subarray(0, limitBytes).toString('utf8');

    if (!boolParam(query, 'follow') || !log.running) {
      sendText(res, 200, text);
      return;
    }
    // TODO(previous=true is not distinguished: one log spans all restarts of a container)
    res.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Transfer-Encoding': 'chunked',
    });
    res.write(text);
    const stop = log.follow({ data: (chunk) => res.write(chunk), end: () => res.end() });
    req.once('close', stop);
    res.once('close', stop);
  });
}
