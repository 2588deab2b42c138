/**
 * The semantic rules of k8s.io/kubernetes/pkg/apis/core/validation for pod specs that a
 * worker template can break: containers and their names and images, resources (requests
 * within limits, extended resources such as `nvidia.com/gpu` whole and not overcommitted),
 * env sources, ports, volume references, tolerations, restart policy.
 */
import { cause, type StatusCause } from './status.js';
import {
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  labelKeyProblem,
  validateLabels,
} from './meta-validation.js';
import { parseQuantity } from './quantity.js';

type Json = Record<string, unknown>;

const RESTART_POLICIES = ['Always', 'Never', 'OnFailure'] as const;
const TOLERATION_OPERATORS = ['Equal', 'Exists'] as const;
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] as const;
const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);

const asObject = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Extended resources are domain-qualified names outside kubernetes.io, or `requests.*`-free. */
function isExtendedResource(name: string): boolean {
  return (
    name.includes('/') && !name.startsWith('kubernetes.io/') && !name.includes('.kubernetes.io/')
  );
}

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

function validateResources(resources: unknown, field: string): StatusCause[] {
  const r = asObject(resources);
  const limits = asObject(r['limits']);
  const requests = asObject(r['requests']);
  const causes: StatusCause[] = [];

  for (const [group, values] of [
    ['limits', limits],
    ['requests', requests],
  ] as const) {
    for (const [name, raw] of Object.entries(values)) {
      const at = `${field}.${group}[${name}]`;
      const keyProblem =
        STANDARD_RESOURCES.has(name) || isHugePages(name) ? undefined : labelKeyProblem(name);
      if (keyProblem) causes.push(cause.invalid(at, name, keyProblem));
      if (!STANDARD_RESOURCES.has(name) && !isHugePages(name) && !name.includes('/')) {
        causes.push(cause.invalid(at, name, 'must be a standard resource type or fully qualified'));
      }
      const value = parseQuantity(raw);
      if (value === undefined) continue; // a decode problem, reported by the schema check
      if (value < 0) causes.push(cause.invalid(at, raw, 'must be greater than or equal to 0'));
      if (isExtendedResource(name) && !Number.isInteger(value)) {
        causes.push(cause.invalid(at, raw, 'must be an integer'));
      }
    }
  }

  for (const [name, raw] of Object.entries(requests)) {
    const request = parseQuantity(raw);
    const limitRaw = limits[name];
    const limit = parseQuantity(limitRaw);
    if (request === undefined) continue;
    const at = `${field}.requests[${name}]`;
    if (isExtendedResource(name) || isHugePages(name)) {
      if (limitRaw === undefined) {
        causes.push(
          cause.required(`${field}.limits`, 'Limit must be set for non overcommitable resources'),
        );
      } else if (limit !== undefined && limit !== request) {
        causes.push(
          cause.invalid(at, raw, `must be equal to ${name} limit of ${String(limitRaw)}`),
        );
      }
    } else if (limit !== undefined && request > limit) {
      causes.push(
        cause.invalid(
          at,
          raw,
          `must be less than or equal to ${name} limit of ${String(limitRaw)}`,
        ),
      );
    }
  }
  return causes;
}

function validateEnv(env: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  asArray(env).forEach((raw, i) => {
    const entry = asObject(raw);
    const at = `${field}[${i}]`;
    const name = entry['name'];
    if (typeof name !== 'string' || name === '') causes.push(cause.required(`${at}.name`));
    else if (name.includes('=')) {
      causes.push(
        cause.invalid(`${at}.name`, name, "a valid environment variable name must not contain '='"),
      );
    }
    if (entry['valueFrom'] === undefined) return;
    const sources = Object.keys(asObject(entry['valueFrom']));
    if (typeof entry['value'] === 'string' && entry['value'] !== '') {
      causes.push(
        cause.invalid(`${at}.valueFrom`, '', 'may not be specified when `value` is not empty'),
      );
    }
    if (sources.length === 0) {
      causes.push(
        cause.invalid(
          `${at}.valueFrom`,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        ),
      );
    } else if (sources.length > 1) {
      causes.push(
        cause.invalid(
          `${at}.valueFrom`,
          '',
          'may not have more than one field specified at a time',
        ),
      );
    }
    for (const source of ['secretKeyRef', 'configMapKeyRef'] as const) {
      const ref = asObject(asObject(entry['valueFrom'])[source]);
      if (asObject(entry['valueFrom'])[source] === undefined) continue;
      if (typeof ref['key'] !== 'string' || ref['key'] === '') {
        causes.push(cause.required(`${at}.valueFrom.${source}.key`));
      }
      if (typeof ref['name'] !== 'string' || ref['name'] === '') {
        causes.push(cause.required(`${at}.valueFrom.${source}.name`));
      }
    }
  });
  return causes;
}

function validateContainers(
  containers: unknown[],
  field: string,
  volumeNames: Set<string>,
  seenNames: Set<string>,
): StatusCause[] {
  const causes: StatusCause[] = [];
  containers.forEach((raw, i) => {
    const c = asObject(raw);
    const at = `${field}[${i}]`;
    const name = c['name'];
    if (typeof name !== 'string' || name === '') {
      causes.push(cause.required(`${at}.name`));
    } else {
      const problem = dns1123LabelProblem(name);
      if (problem) causes.push(cause.invalid(`${at}.name`, name, problem));
      if (seenNames.has(name)) causes.push(cause.duplicate(`${at}.name`, name));
      seenNames.add(name);
    }
    if (typeof c['image'] !== 'string' || c['image'].trim() === '') {
      causes.push(cause.required(`${at}.image`));
    }
    causes.push(...validateResources(c['resources'], `${at}.resources`));
    causes.push(...validateEnv(c['env'], `${at}.env`));
    asArray(c['ports']).forEach((p, j) => {
      const port = asObject(p)['containerPort'];
      if (typeof port === 'number' && (port < 1 || port > 65535 || !Number.isInteger(port))) {
        causes.push(
          cause.invalid(
            `${at}.ports[${j}].containerPort`,
            port,
            'must be between 1 and 65535, inclusive',
          ),
        );
      }
    });
    asArray(c['volumeMounts']).forEach((m, j) => {
      const mount = asObject(m);
      if (typeof mount['name'] === 'string' && !volumeNames.has(mount['name'])) {
        causes.push({
          reason: 'FieldValueNotFound',
          message: `Not found: ${JSON.stringify(mount['name'])}`,
          field: `${at}.volumeMounts[${j}].name`,
        });
      }
      if (typeof mount['mountPath'] !== 'string' || mount['mountPath'] === '') {
        causes.push(cause.required(`${at}.volumeMounts[${j}].mountPath`));
      }
    });
  });
  return causes;
}

function validateTolerations(tolerations: unknown, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  asArray(tolerations).forEach((raw, i) => {
    const t = asObject(raw);
    const at = `${field}[${i}]`;
    const operator = t['operator'] ?? 'Equal';
    if (typeof t['key'] === 'string' && t['key'] !== '') {
      const problem = labelKeyProblem(t['key']);
      if (problem) causes.push(cause.invalid(`${at}.key`, t['key'], problem));
    } else if (operator !== 'Exists') {
      causes.push(
        cause.invalid(
          `${at}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (!TOLERATION_OPERATORS.includes(operator as never)) {
      causes.push(cause.notSupported(`${at}.operator`, operator, TOLERATION_OPERATORS));
    }
    if (operator === 'Exists' && typeof t['value'] === 'string' && t['value'] !== '') {
      causes.push(
        cause.invalid(
          `${at}.operator`,
          t['value'],
          "value must be empty when `operator` is 'Exists'",
        ),
      );
    }
    if (
      t['effect'] !== undefined &&
      t['effect'] !== '' &&
      !TAINT_EFFECTS.includes(t['effect'] as never)
    ) {
      causes.push(cause.notSupported(`${at}.effect`, t['effect'], TAINT_EFFECTS));
    }
  });
  return causes;
}

/** Semantic problems of a pod spec at `field` (`spec` for a Pod, `spec.template.spec` for a Deployment). */
export function validatePodSpec(specValue: unknown, field = 'spec'): StatusCause[] {
  const spec = asObject(specValue);
  const causes: StatusCause[] = [];

  const volumeNames = new Set<string>();
  asArray(spec['volumes']).forEach((v, i) => {
    const name = asObject(v)['name'];
    if (typeof name !== 'string' || name === '') {
      causes.push(cause.required(`${field}.volumes[${i}].name`));
      return;
    }
    if (volumeNames.has(name)) causes.push(cause.duplicate(`${field}.volumes[${i}].name`, name));
    volumeNames.add(name);
  });

  const containers = asArray(spec['containers']);
  if (containers.length === 0) causes.push(cause.required(`${field}.containers`));
  const containerNames = new Set<string>();
  causes.push(
    ...validateContainers(containers, `${field}.containers`, volumeNames, containerNames),
  );
  causes.push(
    ...validateContainers(
      asArray(spec['initContainers']),
      `${field}.initContainers`,
      volumeNames,
      containerNames,
    ),
  );

  const restartPolicy = spec['restartPolicy'];
  if (restartPolicy !== undefined && !RESTART_POLICIES.includes(restartPolicy as never)) {
    causes.push(cause.notSupported(`${field}.restartPolicy`, restartPolicy, RESTART_POLICIES));
  }
  for (const key of ['terminationGracePeriodSeconds', 'activeDeadlineSeconds'] as const) {
    const value = spec[key];
    const min = key === 'activeDeadlineSeconds' ? 1 : 0;
    if (typeof value === 'number' && value < min) {
      causes.push(
        cause.invalid(`${field}.${key}`, value, `must be greater than or equal to ${min}`),
      );
    }
  }
  for (const key of ['serviceAccountName', 'nodeName', 'priorityClassName'] as const) {
    const value = spec[key];
    if (typeof value === 'string' && value !== '') {
      const problem = dns1123SubdomainProblem(value);
      if (problem) causes.push(cause.invalid(`${field}.${key}`, value, problem));
    }
  }
  causes.push(...validateLabels(spec['nodeSelector'], `${field}.nodeSelector`));
  causes.push(...validateTolerations(spec['tolerations'], `${field}.tolerations`));
  asArray(spec['imagePullSecrets']).forEach((s, i) => {
    const name = asObject(s)['name'];
    if (typeof name !== 'string' || name === '')
      causes.push(cause.required(`${field}.imagePullSecrets[${i}].name`));
  });
  return causes;
}
