import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Observable,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { NAMESPACE, nodePod, rejectedWith, startHarness } from './test-support.js';
import { validateManifest } from './fake-api-server.js';

const namespace = NAMESPACE;

/** Adds a field the typed client would drop, the way a hand-written manifest carries one. */
function withExtraField(
  path: string[],
  value: unknown,
  onResponse: (res: ResponseContext) => void = () => undefined,
): { middleware: ObservableMiddleware[] } {
  return {
    middleware: [
      {
        pre: (ctx: RequestContext) => {
          const body = JSON.parse(String(ctx.getBody())) as Record<string, unknown>;
          let node = body;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
          node[path.at(-1)!] = value;
          ctx.setBody(JSON.stringify(body));
          return new Observable(Promise.resolve(ctx));
        },
        post: (res: ResponseContext) => {
          onResponse(res);
          return new Observable(Promise.resolve(res));
        },
      },
    ],
  };
}

test('a pod without a name, containers or an image is 422 Invalid naming each field', async (t) => {
  const { core, api } = await startHarness(t);

  const noName = await rejectedWith(
    core.createNamespacedPod({
      namespace,
      body: { spec: { containers: [{ name: 'c', image: 'i' }] } },
    }),
    422,
  );
  assert.equal(noName.reason, 'Invalid');
  assert.equal(
    noName.message,
    'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
  );

  const noContainers = await rejectedWith(
    core.createNamespacedPod({
      namespace,
      body: { metadata: { name: 'p' }, spec: { containers: [] } },
    }),
    422,
  );
  assert.deepEqual(
    noContainers.details?.causes?.map((c) => c.field),
    ['spec.containers'],
  );

  const noImage = await rejectedWith(
    core.createNamespacedPod({
      namespace,
      body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'Bad_Name' }] } },
    }),
    422,
  );
  assert.deepEqual(noImage.details?.causes?.map((c) => `${c.field} ${c.reason}`).sort(), [
    'spec.containers[0].image FieldValueRequired',
    'spec.containers[0].name FieldValueInvalid',
  ]);
  assert.match(noImage.message, /^Pod "p" is invalid: \[/);
  assert.deepEqual(api.pods(), []);
});

test('GPU requests must be whole and equal to their limits', async (t) => {
  const { core } = await startHarness(t);
  const body = nodePod('gpu', '');
  body.spec!.containers[0]!.resources = {
    limits: { 'nvidia.com/gpu': '1' },
    requests: { 'nvidia.com/gpu': '2' },
  };
  const status = await rejectedWith(core.createNamespacedPod({ namespace, body }), 422);
  assert.equal(
    status.details?.causes?.[0]?.field,
    'spec.containers[0].resources.requests[nvidia.com/gpu]',
  );
  assert.match(status.message, /must be equal to nvidia\.com\/gpu limit of 1/);

  body.spec!.containers[0]!.resources = { limits: { 'nvidia.com/gpu': '500m' } };
  const fraction = await rejectedWith(core.createNamespacedPod({ namespace, body }), 422);
  assert.match(
    fraction.message,
    /limits\[nvidia\.com\/gpu\]: Invalid value: "500m": must be an integer/,
  );
});

test('a resource limit that is not a quantity fails the Pod schema with 400 naming the field', async (t) => {
  const { core } = await startHarness(t);
  const body = nodePod('q', '');
  body.spec!.containers[0]!.resources = { limits: { memory: 'lots' } };
  const status = await rejectedWith(core.createNamespacedPod({ namespace, body }), 400);
  assert.equal(status.reason, 'BadRequest');
  assert.match(status.message, /^Pod in version "v1" cannot be handled as a Pod: /);
  assert.match(
    status.message,
    /spec\.containers\[0\]\.resources\.limits\[memory\]: quantities must match/,
  );
  assert.equal(status.details?.causes?.[0]?.field, 'spec.containers[0].resources.limits[memory]');
});

test('an enum value the schema does not allow is 422 with the supported values', async (t) => {
  const { core } = await startHarness(t);
  const body = nodePod('e', '');
  body.spec!.containers[0]!.imagePullPolicy = 'Sometimes';
  const status = await rejectedWith(core.createNamespacedPod({ namespace, body }), 422);
  assert.equal(status.details?.causes?.[0]?.field, 'spec.containers[0].imagePullPolicy');
  assert.match(
    status.message,
    /Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"/,
  );
});

test('an unknown field is 400 under fieldValidation=Strict and a warning otherwise', async (t) => {
  const { core, api } = await startHarness(t);
  const extra = withExtraField(['spec', 'containers', '0', 'gpuCount'], 1);

  const strict = await rejectedWith(
    core.createNamespacedPod(
      { namespace, body: nodePod('s', ''), fieldValidation: 'Strict' },
      extra,
    ),
    400,
  );
  assert.equal(
    strict.message,
    'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].gpuCount"',
  );

  let warning: string | undefined;
  const warned = withExtraField(['spec', 'containers', '0', 'gpuCount'], 1, (res) => {
    warning = res.headers['warning'];
  });
  await core.createNamespacedPod(
    { namespace, body: nodePod('w', ''), fieldValidation: 'Warn' },
    warned,
  );
  assert.equal(warning, '299 - "unknown field \\"spec.containers[0].gpuCount\\""');
  assert.deepEqual(
    api.pods().map((p) => p.metadata?.name),
    ['w'],
  );
  assert.equal(api.pod('w')?.spec?.containers[0]?.name, 'worker');
});

test('validateManifest accepts the objects a Helm chart ships', () => {
  const labels = { app: 'coordinator' };
  const manifests = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coordinator', labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'hyperfleet',
            containers: [
              {
                name: 'coordinator',
                image: 'hyperfleet/coordinator:0.1.0',
                ports: [{ name: 'grpc', containerPort: 50051 }],
                env: [
                  { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'pg', key: 'url' } } },
                ],
                readinessProbe: { grpc: { port: 50051 }, periodSeconds: 5 },
                resources: {
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { memory: '512Mi' },
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'coordinator' },
      spec: { selector: labels, ports: [{ name: 'grpc', port: 50051, targetPort: 'grpc' }] },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'hyperfleet' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'hyperfleet-pool' },
      rules: [
        {
          apiGroups: [''],
          resources: ['pods'],
          verbs: ['create', 'delete', 'get', 'list', 'watch'],
        },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'hyperfleet-pool' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'hyperfleet-pool' },
      subjects: [{ kind: 'ServiceAccount', name: 'hyperfleet', namespace }],
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pg' },
      type: 'Opaque',
      stringData: { url: 'postgres://x' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { 'nats.url': 'nats://nats:4222' },
    },
  ];
  for (const manifest of manifests) {
    assert.deepEqual(validateManifest(manifest), { valid: true, errors: [] }, manifest.kind);
  }
});

test('validateManifest names the field of each problem in a bad chart object', () => {
  const deployment = validateManifest({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'other' } },
        spec: {
          containers: [
            { name: 'api', image: 'x', resources: { limits: { cpu: 'two' } }, livenessprobe: {} },
          ],
        },
      },
    },
  });
  assert.equal(deployment.valid, false);
  assert.deepEqual(deployment.errors, [
    'Deployment "api": spec.template.spec.containers[0].resources.limits[cpu]: ' +
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    'Deployment "api": unknown field "spec.template.spec.containers[0].livenessprobe"',
    'Deployment "api": spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
  ]);

  const service = validateManifest({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: '1-api' },
    spec: { ports: [{ port: 80 }, { port: 81 }] },
  });
  assert.ok(
    service.errors.some((e) =>
      e.includes('metadata.name: Invalid value: "1-api": a DNS-1035 label'),
    ),
  );
  assert.ok(service.errors.some((e) => e.includes('spec.ports[1].name: Required value')));

  const role = validateManifest({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'r' },
    rules: [{ apiGroups: [''], resources: ['pods'] }],
  });
  assert.deepEqual(role.errors, ['Role "r": rules[0].verbs: Required value']);

  const secret = validateManifest({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data: { key: 'not base64!' },
  });
  assert.equal(secret.valid, false);
  assert.match(secret.errors[0]!, /data\[key\]: must be format byte/);

  const unknownKind = validateManifest({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w' },
  });
  assert.match(unknownKind.errors[0]!, /^no schema for example\.com\/v1 Widget/);
});

test('validateManifest without strict accepts unknown fields but not bad values', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'i', extra: true }], restartPolicy: 'Sometimes' },
  };
  assert.deepEqual(validateManifest(pod, { strict: false }).errors, [
    'Pod "p": spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
  ]);
});
