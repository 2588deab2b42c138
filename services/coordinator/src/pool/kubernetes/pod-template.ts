// The worker pod template: read from a file (the Helm chart mounts it from a ConfigMap),
// checked in full before the pool creates anything, and turned into one Pod manifest per
// worker. The template holds the user's part (image, command, resources, node selector,
// tolerations, affinity, service account, pull secrets); the pool adds its labels, the
// worker's identity and the NATS settings, and restartPolicy Never (it replaces failed
// workers itself).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { V1Container, V1EnvVar, V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import {
  APP_LABEL,
  APP_VALUE,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  POOL_LABEL,
  RESERVED_LABELS,
  TEMPLATE_HASH_LABEL,
} from './labels.js';
import { podProblems, type PodProblem } from './pod-rules.js';

/** What the pool puts into every worker's environment. */
export interface WorkerEnvOptions {
  natsNamespace: string;
  /** Used as a plain value when no Secret is named. */
  natsUrl: string;
  /** A Secret with keys `url` and, optionally, `user`, `password`, `token`. */
  natsSecret?: string;
  ackWaitMs: number;
}

export interface PodTemplateOptions {
  pool: string;
  /** Pod names are this prefix and five random characters. */
  namePrefix: string;
  env: WorkerEnvOptions;
  /** Where the template came from, for error messages (a file path). */
  source: string;
}

export interface PodTemplate {
  /** Changes whenever the template or the pool's env changes; pods carry it as a label. */
  readonly hash: string;
  readonly namePrefix: string;
  /** The Pod manifest of a worker named `name`. */
  build(name: string): V1Pod;
}

/** A template the pool cannot use; `problems` names every field at fault. */
export class PodTemplateError extends Error {
  override readonly name = 'PodTemplateError';
  constructor(
    readonly source: string,
    readonly problems: PodProblem[],
  ) {
    const lines = problems.map((problem) =>
      problem.field ? `${problem.field}: ${problem.message}` : problem.message,
    );
    super(`worker pod template ${source} is invalid: ${lines.join('; ')}`);
  }
}

export const WORKER_CONTAINER = 'worker';

/** Set by the pool on the worker container; a template may not set them. */
export const RESERVED_ENV = [
  'HYPERFLEET_WORKER_ID',
  'HYPERFLEET_NATS_URL',
  'HYPERFLEET_NATS_NAMESPACE',
  'HYPERFLEET_NATS_USER',
  'HYPERFLEET_NATS_PASS',
  'HYPERFLEET_NATS_TOKEN',
  'HYPERFLEET_ACK_WAIT_MS',
];

const TEMPLATE_FIELDS = ['metadata', 'spec'];
const TEMPLATE_METADATA_FIELDS = ['labels', 'annotations'];

export async function readPodTemplateFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PodTemplateError(file, [
      { field: '', message: `cannot be read (${(error as Error).message})` },
    ]);
  }
  try {
    return parse(text) as unknown;
  } catch (error) {
    throw new PodTemplateError(file, [
      { field: '', message: `is not valid YAML (${(error as Error).message})` },
    ]);
  }
}

/** Checks the template as the apiserver would check its pods; throws PodTemplateError. */
export function compilePodTemplate(raw: unknown, options: PodTemplateOptions): PodTemplate {
  const problems = templateProblems(raw);
  if (problems.length > 0) throw new PodTemplateError(options.source, problems);

  const template = raw as {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec: V1Pod['spec'];
  };
  const hash = createHash('sha256')
    .update(JSON.stringify({ template, env: options.env, pool: options.pool }))
    .digest('hex')
    .slice(0, 10);
  const build = (name: string): V1Pod => buildPod(template, options, hash, name);

  // The sample stands for every pod: they differ only in their names.
  const sampleProblems = podProblems({
    apiVersion: 'v1',
    kind: 'Pod',
    ...build(`${options.namePrefix}abcde`),
  });
  if (sampleProblems.length > 0) throw new PodTemplateError(options.source, sampleProblems);
  return { hash, namePrefix: options.namePrefix, build };
}

function templateProblems(raw: unknown): PodProblem[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return [
      {
        field: '',
        message:
          'must be an object with `spec` (a pod spec) and optional `metadata` (labels, annotations)',
      },
    ];
  }
  const problems: PodProblem[] = [];
  const template = raw as Record<string, unknown>;
  for (const key of Object.keys(template)) {
    if (!TEMPLATE_FIELDS.includes(key))
      problems.push({
        field: key,
        message: 'unknown field: a worker template holds `metadata` and `spec` only',
      });
  }

  const metadata = (template['metadata'] ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(metadata)) {
    if (!TEMPLATE_METADATA_FIELDS.includes(key))
      problems.push({
        field: `metadata.${key}`,
        message: 'is set by the pool; a template may set labels and annotations only',
      });
  }
  for (const key of Object.keys((metadata['labels'] ?? {}) as object)) {
    if (RESERVED_LABELS.includes(key))
      problems.push({ field: `metadata.labels[${key}]`, message: 'is set by the pool' });
  }

  const spec = template['spec'];
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    problems.push({ field: 'spec', message: 'Required value: the worker pod spec' });
    return problems;
  }
  const restartPolicy = (spec as Record<string, unknown>)['restartPolicy'];
  if (restartPolicy !== undefined && restartPolicy !== 'Never') {
    problems.push({
      field: 'spec.restartPolicy',
      message: `Unsupported value: ${JSON.stringify(restartPolicy)}: must be "Never" or unset (the pool replaces failed workers itself)`,
    });
  }
  const containers = (spec as Record<string, unknown>)['containers'];
  if (!Array.isArray(containers) || containers.length === 0) {
    problems.push({ field: 'spec.containers', message: 'Required value: the worker container' });
    return problems;
  }
  const index = workerIndex(containers as V1Container[]);
  if (index < 0) {
    problems.push({
      field: 'spec.containers',
      message: `one container must be named "${WORKER_CONTAINER}" when there are several`,
    });
    return problems;
  }
  const env = (containers[index] as V1Container).env;
  (Array.isArray(env) ? env : []).forEach((entry, i) => {
    if (RESERVED_ENV.includes(entry?.name))
      problems.push({
        field: `spec.containers[${index}].env[${i}].name`,
        message: `${JSON.stringify(entry.name)} is set by the pool`,
      });
  });
  return problems;
}

function workerIndex(containers: V1Container[]): number {
  if (containers.length === 1) return 0;
  return containers.findIndex((container) => container?.name === WORKER_CONTAINER);
}

function buildPod(
  template: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec: V1Pod['spec'];
  },
  options: PodTemplateOptions,
  hash: string,
  name: string,
): V1Pod {
  const spec = structuredClone(template.spec)!;
  const index = workerIndex(spec.containers);
  spec.containers = spec.containers.map((container, i) => {
    const withResources = { ...container, resources: requestsEqualLimits(container.resources) };
    return i === index
      ? { ...withResources, env: [...workerEnv(options.env), ...(container.env ?? [])] }
      : withResources;
  });
  return {
    metadata: {
      name,
      labels: {
        ...template.metadata?.labels,
        [APP_LABEL]: APP_VALUE,
        [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
        [POOL_LABEL]: options.pool,
        [TEMPLATE_HASH_LABEL]: hash,
      },
      ...(template.metadata?.annotations
        ? { annotations: { ...template.metadata.annotations } }
        : {}),
    },
    spec: { ...spec, restartPolicy: 'Never' },
  };
}

/**
 * Extended resources such as `nvidia.com/gpu` cannot be overcommitted: a request must equal
 * its limit. A limit alone gets its request written out, as the apiserver would default it.
 */
function requestsEqualLimits(resources: V1Container['resources']): V1Container['resources'] {
  if (!resources?.limits) return resources;
  const requests = { ...resources.requests };
  for (const [name, limit] of Object.entries(resources.limits)) {
    if (name.includes('/') && requests[name] === undefined) requests[name] = limit;
  }
  return { ...resources, requests };
}

function workerEnv(env: WorkerEnvOptions): V1EnvVar[] {
  const fromSecret = (name: string, key: string, optional: boolean): V1EnvVar => ({
    name,
    valueFrom: {
      secretKeyRef: { name: env.natsSecret!, key, ...(optional ? { optional: true } : {}) },
    },
  });
  const nats: V1EnvVar[] = env.natsSecret
    ? [
        fromSecret('HYPERFLEET_NATS_URL', 'url', false),
        fromSecret('HYPERFLEET_NATS_USER', 'user', true),
        fromSecret('HYPERFLEET_NATS_PASS', 'password', true),
        fromSecret('HYPERFLEET_NATS_TOKEN', 'token', true),
      ]
    : [{ name: 'HYPERFLEET_NATS_URL', value: env.natsUrl }];
  return [
    { name: 'HYPERFLEET_WORKER_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'HYPERFLEET_NATS_NAMESPACE', value: env.natsNamespace },
    ...nats,
    { name: 'HYPERFLEET_ACK_WAIT_MS', value: String(env.ackWaitMs) },
  ];
}
