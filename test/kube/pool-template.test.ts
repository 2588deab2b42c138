// A bad worker pod template is rejected when the coordinator starts, with an error naming the
// field, before the pool creates anything; and the pool's checks give the same answers as the
// test API server's (which follow the apiserver's own rules) on the same pods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compilePodTemplate,
  PodTemplateError,
  type PodTemplateOptions,
} from '@hyperfleet/coordinator';
import { startKubePool, workerTemplate } from '../helpers/kube-pool.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../helpers/database.js';
import { createTestNats } from '../helpers/nats.js';
import { startFakeKubeApi, validateManifest } from './fake-api-server.js';

const options: PodTemplateOptions = {
  pool: 'gpu',
  namePrefix: 'hf-worker-gpu-',
  env: { natsNamespace: 'hf', natsUrl: '127.0.0.1:4222', natsSecret: 'hf-nats', ackWaitMs: 30_000 },
  source: 'worker-pod.yaml',
};

type Template = ReturnType<typeof workerTemplate>;
const worker = (template: Template) => template.spec.containers[0];

/** Each bad template, and the field the error must name. */
const BAD: {
  name: string;
  field: string;
  change: (template: Template) => void;
  apiserverRule: boolean;
}[] = [
  {
    name: 'a GPU request without a limit',
    field: 'spec.containers[0].resources.limits',
    change: (t) => (worker(t).resources = { requests: { 'nvidia.com/gpu': '1' } }),
    apiserverRule: true,
  },
  {
    name: 'a GPU request other than its limit',
    field: 'spec.containers[0].resources.requests[nvidia.com/gpu]',
    change: (t) =>
      (worker(t).resources = {
        requests: { 'nvidia.com/gpu': '1' },
        limits: { 'nvidia.com/gpu': '2' },
      }),
    apiserverRule: true,
  },
  {
    name: 'a fractional GPU',
    field: 'spec.containers[0].resources.limits[nvidia.com/gpu]',
    change: (t) => (worker(t).resources = { limits: { 'nvidia.com/gpu': '500m' } }),
    apiserverRule: true,
  },
  {
    name: 'a memory limit that is not a quantity',
    field: 'spec.containers[0].resources.limits[memory]',
    change: (t) => (worker(t).resources.limits.memory = '2 gigabytes'),
    apiserverRule: true,
  },
  {
    name: 'a missing image',
    field: 'spec.containers[0].image',
    change: (t) => delete worker(t).image,
    apiserverRule: true,
  },
  {
    name: 'a bad toleration operator',
    field: 'spec.tolerations[0].operator',
    change: (t) => (t.spec.tolerations[0].operator = 'Maybe'),
    apiserverRule: true,
  },
  {
    name: 'a misspelt field',
    field: 'spec.nodeSelecter',
    change: (t) => (t.spec.nodeSelecter = { gpu: 'a100' }),
    apiserverRule: true,
  },
  {
    name: 'restartPolicy Always',
    field: 'spec.restartPolicy',
    change: (t) => (t.spec.restartPolicy = 'Always'),
    apiserverRule: false,
  },
  {
    name: 'a label the pool sets',
    field: 'metadata.labels[hyperfleet.dev/pool]',
    change: (t) => (t.metadata.labels['hyperfleet.dev/pool'] = 'other'),
    apiserverRule: false,
  },
  {
    name: 'an env variable the pool sets',
    field: 'spec.containers[0].env[0].name',
    change: (t) => (worker(t).env[0].name = 'HYPERFLEET_WORKER_ID'),
    apiserverRule: false,
  },
];

function rejection(template: unknown): PodTemplateError {
  try {
    compilePodTemplate(template, options);
  } catch (error) {
    assert.ok(
      error instanceof PodTemplateError,
      `expected a PodTemplateError, got ${String(error)}`,
    );
    return error;
  }
  assert.fail('the template was accepted');
}

test('the default template builds pods the API server accepts, with the pool labels, NATS env and GPU requests equal to limits', () => {
  const pod = compilePodTemplate(workerTemplate(), options).build('hf-worker-gpu-x7k2p');
  assert.deepEqual(validateManifest({ apiVersion: 'v1', kind: 'Pod', ...pod }).errors, []);
  assert.equal(pod.spec?.restartPolicy, 'Never');
  assert.equal(pod.metadata?.labels?.['app.kubernetes.io/name'], 'hyperfleet-worker');
  assert.equal(pod.metadata?.labels?.['hyperfleet.dev/pool'], 'gpu');
  const container = pod.spec!.containers[0]!;
  assert.deepEqual(
    container.resources?.requests?.['nvidia.com/gpu'],
    container.resources?.limits?.['nvidia.com/gpu'],
  );
  const env = Object.fromEntries(container.env!.map((entry) => [entry.name, entry]));
  assert.deepEqual(env.HYPERFLEET_WORKER_ID?.valueFrom, {
    fieldRef: { fieldPath: 'metadata.name' },
  });
  assert.deepEqual(env.HYPERFLEET_NATS_URL?.valueFrom, {
    secretKeyRef: { name: 'hf-nats', key: 'url' },
  });
  assert.deepEqual(env.HYPERFLEET_NATS_PASS?.valueFrom, {
    secretKeyRef: { name: 'hf-nats', key: 'password', optional: true },
  });
  assert.equal(env.HYPERFLEET_NATS_NAMESPACE?.value, 'hf');
  assert.equal(pod.spec?.serviceAccountName, 'hyperfleet-worker');
  assert.deepEqual(pod.spec?.imagePullSecrets, [{ name: 'registry-credentials' }]);
});

for (const bad of BAD) {
  test(`a template with ${bad.name} is rejected naming ${bad.field}${bad.apiserverRule ? ', as the API server rejects its pods' : ''}`, () => {
    const template = workerTemplate();
    bad.change(template);
    const error = rejection(template);
    assert.ok(
      error.problems.some((problem) => problem.field === bad.field),
      `expected ${bad.field} among ${JSON.stringify(error.problems)}`,
    );
    assert.match(error.message, new RegExp(bad.field.replace(/[[\].]/g, '\\$&')));
    if (!bad.apiserverRule) return;

    // The same pod as the pool would build it, without the pool's own checks, at the server.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hf-worker-gpu-abcde' },
      spec: template.spec,
    };
    const verdict = validateManifest(pod);
    assert.equal(verdict.valid, false, 'the API server rejects it too');
    assert.ok(
      verdict.errors.some((line) => line.includes(bad.field)),
      `the server names ${bad.field}: ${verdict.errors.join('; ')}`,
    );
  });
}

test(
  'a coordinator given a bad template refuses to start and sends the API no pod',
  { timeout: 60_000 },
  async (t) => {
    const template = workerTemplate();
    worker(template).resources = { requests: { 'nvidia.com/gpu': '1' } };
    const shared = {
      api: await startFakeKubeApi({ runPods: true }),
      db: await createTestDatabase(),
      nats: await createTestNats(),
      dir: await mkdtemp(path.join(tmpdir(), 'hf-kube-')),
    };
    t.after(async () => {
      await shared.api.close();
      await shared.nats.destroy();
      await shared.db.drop();
      await rm(shared.dir, { recursive: true, force: true });
    });

    await assert.rejects(startKubePool({ template, shared }), (error: unknown) => {
      assert.ok(error instanceof PodTemplateError, String(error));
      assert.match(
        error.message,
        /spec\.containers\[0\]\.resources\.limits: Required value: Limit must be set/,
      );
      return true;
    });
    assert.deepEqual(
      shared.api.requests.filter((r) => r.method === 'POST'),
      [],
      'no pod was sent, not even a dry run',
    );
    assert.deepEqual(shared.api.pods(), []);
  },
);
