/**
 * Discovery and health: /api, /api/v1, /apis, /version, /healthz and the one namespace,
 * enough for the client's generic object API to find resources by kind.
 */
import type { Router } from '../router.js';
import { requireNamespace, type Cluster } from '../cluster.js';
import { sendJson, sendText } from '../http-io.js';

const VERBS_POD = ['create', 'delete', 'get', 'list', 'patch', 'watch'];
const VERBS_EVENT = ['create', 'get', 'list', 'watch'];

export const FAKE_VERSION = {
  major: '1',
  minor: '34',
  gitVersion: 'v1.34.0-hyperfleet-fake',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'n/a',
  compiler: 'fake',
  platform: 'linux/amd64',
};

function namespaceObject(name: string): Record<string, unknown> {
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: {
      name,
      uid: '00000000-0000-4000-8000-000000000001',
      resourceVersion: '1',
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function discoveryRoutes(router: Router, cluster: Cluster, address: () => string): void {
  router.on('GET', '/api', ({ res }) =>
    sendJson(res, 200, {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address() }],
    }),
  );
  router.on('GET', '/apis', ({ res }) =>
    sendJson(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] }),
  );
  router.on('GET', '/api/v1', ({ res }) =>
    sendJson(res, 200, {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [
        {
          name: 'events',
          singularName: 'event',
          namespaced: true,
          kind: 'Event',
          verbs: VERBS_EVENT,
          shortNames: ['ev'],
        },
        {
          name: 'namespaces',
          singularName: 'namespace',
          namespaced: false,
          kind: 'Namespace',
          verbs: ['get', 'list'],
          shortNames: ['ns'],
        },
        {
          name: 'pods',
          singularName: 'pod',
          namespaced: true,
          kind: 'Pod',
          verbs: VERBS_POD,
          shortNames: ['po'],
          categories: ['all'],
        },
        { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
      ],
    }),
  );
  router.on('GET', '/version', ({ res }) => sendJson(res, 200, FAKE_VERSION));
  for (const path of ['/healthz', '/livez', '/readyz']) {
    router.on('GET', path, ({ res }) => sendText(res, 200, 'ok'));
  }
  router.on('GET', '/api/v1/namespaces', ({ res }) =>
    sendJson(res, 200, {
      kind: 'NamespaceList',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(cluster.store.resourceVersion) },
      items: [namespaceObject(cluster.namespace)],
    }),
  );
  router.on('GET', '/api/v1/namespaces/:namespace', ({ res, params }) =>
    sendJson(res, 200, namespaceObject(requireNamespace(cluster, params['namespace']))),
  );
}
