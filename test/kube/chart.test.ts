// The Helm chart, rendered by a real helm (4.1.4, see helpers/helm.ts): it lints, every object
// it renders passes the Kubernetes schemas and the apiserver's rules, the Role holds only
// what the pool uses, values.schema.json refuses bad values, and the worker template it ships
// is one the coordinator accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { compilePodTemplate, PodTemplateError } from '@hyperfleet/coordinator';
import { helm } from '../helpers/helm.js';
import { REPO_ROOT } from '../helpers/kube-pool.js';
import { validateManifest } from './fake-api-server.js';

const CHART = path.join(REPO_ROOT, 'charts/hyperfleet');
type Manifest = Record<string, any>;

async function render(values: Record<string, unknown> = {}): Promise<Manifest[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hf-chart-'));
  try {
    const file = path.join(dir, 'values.yaml');
    await writeFile(file, stringify(values));
    const out = await helm(['template', 'hf', CHART, '--namespace', 'ml', '--values', file]);
    return parseAllDocuments(out)
      .map((doc) => doc.toJS() as Manifest)
      .filter((obj) => obj !== null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const byKind = (objects: Manifest[], kind: string, name?: string) =>
  objects.find((obj) => obj.kind === kind && (name === undefined || obj.metadata.name === name))!;

function assertAllValid(objects: Manifest[]): void {
  for (const obj of objects)
    assert.deepEqual(validateManifest(obj).errors, [], `${obj.kind} ${obj.metadata?.name}`);
}

const poolOptions = {
  pool: 'default',
  namePrefix: 'hf-worker-',
  env: {
    natsNamespace: 'hf',
    natsUrl: 'nats:4222',
    natsSecret: 'hyperfleet-nats',
    ackWaitMs: 30_000,
  },
  source: 'worker-pod.yaml',
};

test(
  'the chart lints and renders Deployments, Services, RBAC and the worker template, every object valid',
  { timeout: 120_000 },
  async () => {
    await helm(['lint', '--strict', CHART]);
    const objects = await render();
    assertAllValid(objects);
    assert.deepEqual(objects.map((obj) => `${obj.kind}/${obj.metadata.name}`).sort(), [
      'ConfigMap/hf-hyperfleet-worker-template',
      'Deployment/hf-hyperfleet-coordinator',
      'Deployment/hf-hyperfleet-deploy',
    'Job/hf-hyperfleet-migrate',
      'Role/hf-hyperfleet-pool',
      'RoleBinding/hf-hyperfleet-pool',
      'Service/hf-hyperfleet-coordinator',
      'Service/hf-hyperfleet-deploy',
      'ServiceAccount/hf-hyperfleet-coordinator',
    ]);

    const role = byKind(objects, 'Role');
    assert.deepEqual(
      role.rules,
      [
        {
          apiGroups: [''],
          resources: ['pods'],
          verbs: ['create', 'delete', 'list', 'patch', 'watch'],
        },
        { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      ],
      'only the verbs the pool uses, on pods and events, in one namespace',
    );
    assert.deepEqual(byKind(objects, 'RoleBinding').subjects, [
      { kind: 'ServiceAccount', name: 'hf-hyperfleet-coordinator', namespace: 'ml' },
    ]);

    const coordinator = byKind(objects, 'Deployment', 'hf-hyperfleet-coordinator').spec.template
      .spec;
    assert.equal(coordinator.serviceAccountName, 'hf-hyperfleet-coordinator');
    const container = coordinator.containers[0];
    const env = Object.fromEntries(container.env.map((entry: Manifest) => [entry.name, entry]));
    assert.deepEqual(env.DATABASE_URL.valueFrom, {
      secretKeyRef: { name: 'hyperfleet-database', key: 'url' },
    });
    assert.deepEqual(env.HYPERFLEET_NATS_URL.valueFrom, {
      secretKeyRef: { name: 'hyperfleet-nats', key: 'url' },
    });
    assert.deepEqual(env.HYPERFLEET_API_TOKENS.valueFrom, {
      secretKeyRef: { name: 'hyperfleet-api', key: 'tokens' },
    });
    assert.equal(env.HYPERFLEET_POOL.value, 'kubernetes');
    assert.equal(env.HYPERFLEET_WORKER_NATS_SECRET.value, 'hyperfleet-nats');
    assert.equal(env.HYPERFLEET_POOL_SCALE_DOWN_COOLDOWN_MS.value, '120000');
    assert.ok(container.readinessProbe && container.livenessProbe && container.resources.requests);
    assert.deepEqual(container.volumeMounts, [
      { name: 'worker-template', mountPath: '/etc/hyperfleet', readOnly: true },
    ]);
    for (const name of ['hf-hyperfleet-deploy']) {
      const deploy = byKind(objects, 'Deployment', name).spec.template.spec.containers[0];
      assert.ok(deploy.readinessProbe && deploy.livenessProbe && deploy.resources.limits);
    }

    // The worker template the chart ships is one the pool accepts, and builds valid pods from.
    const template = parseAllDocuments(
      byKind(objects, 'ConfigMap').data['worker-pod.yaml'],
    )[0]!.toJS();
    const pod = compilePodTemplate(template, poolOptions).build('hf-worker-abcde');
    assert.deepEqual(validateManifest({ apiVersion: 'v1', kind: 'Pod', ...pod }).errors, []);
    assert.equal(
      pod.spec?.containers[0]?.resources?.requests?.['nvidia.com/gpu'],
      1,
      'the GPU request written out equal to the limit',
    );
  },
);

test('values for a cluster of your own render valid objects too', { timeout: 60_000 }, async () => {
  const objects = await render({
    api: { auth: 'none' },
    pool: { name: 'a100', min: 1, max: 16 },
    imagePullSecrets: [{ name: 'registry' }],
    coordinator: {
      port: 50051,
      service: { type: 'LoadBalancer', port: 443 },
      nodeSelector: { pool: 'system' },
    },
    worker: {
      podTemplate: {
        metadata: { labels: { team: 'vision' } },
        spec: {
          serviceAccountName: 'trainer',
          nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
                ],
              },
            },
          },
          imagePullSecrets: [{ name: 'registry' }],
          containers: [
            {
              name: 'worker',
              image: 'registry.example.com/hyperfleet/worker-gpu:0.1.0',
              resources: { limits: { 'nvidia.com/gpu': 2, memory: '64Gi' } },
            },
          ],
        },
      },
    },
  });
  assertAllValid(objects);
  const env = byKind(
    objects,
    'Deployment',
    'hf-hyperfleet-coordinator',
  ).spec.template.spec.containers[0].env.map((e: Manifest) => e.name);
  assert.ok(!env.includes('HYPERFLEET_API_TOKENS'), 'no token Secret is read with auth none');
  const template = parseAllDocuments(
    byKind(objects, 'ConfigMap').data['worker-pod.yaml'],
  )[0]!.toJS();
  compilePodTemplate(template, { ...poolOptions, pool: 'a100' });
});

test(
  'values.schema.json refuses bad values, and a bad worker template stops the coordinator naming the field',
  { timeout: 60_000 },
  async () => {
    for (const [values, message] of [
      [{ pool: { name: 'default', min: -1, max: 4 } }, /\/pool\/min.*minimum/],
      [
        { pool: { name: 'default', min: 0, max: 4, maxWorkers: 9 } },
        /additional properties 'maxWorkers' not allowed/,
      ],
      [{ api: { auth: 'maybe' } }, /\/api\/auth/],
      [
        {
          worker: {
            podTemplate: {
              spec: { restartPolicy: 'Always', containers: [{ name: 'worker', image: 'x' }] },
            },
          },
        },
        /restartPolicy/,
      ],
    ] as const) {
      await assert.rejects(
        render(values as Record<string, unknown>),
        (error: Error & { stderr?: string }) => {
          assert.match(error.stderr ?? error.message, message);
          return true;
        },
      );
    }

    const objects = await render({
      worker: {
        podTemplate: {
          spec: {
            containers: [
              { name: 'worker', image: 'x', resources: { requests: { 'nvidia.com/gpu': 1 } } },
            ],
          },
        },
      },
    });
    const template = parseAllDocuments(
      byKind(objects, 'ConfigMap').data['worker-pod.yaml'],
    )[0]!.toJS();
    assert.throws(
      () => compilePodTemplate(template, poolOptions),
      (error: unknown) => {
        assert.ok(error instanceof PodTemplateError);
        assert.match(
          error.message,
          /spec\.containers\[0\]\.resources\.limits: Required value: Limit must be set for non overcommitable resources/,
        );
        return true;
      },
    );
  },
);
