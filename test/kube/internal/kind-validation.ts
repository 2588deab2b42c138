/**
 * Semantic rules per kind, beyond what the JSON schema states: the checks a real apiserver
 * makes on the objects the Helm chart ships and the pool creates.
 */
import { cause, type StatusCause } from './status.js';
import { validateObjectMeta, validateLabels, type ObjectMetaRules } from './meta-validation.js';
import { validatePodSpec } from './pod-validation.js';
import { matchesLabels, type LabelSelector, type Operator } from './label-selector.js';

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'Node',
  'PersistentVolume',
  'StorageClass',
]);
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
const SUBJECT_KINDS = ['Group', 'ServiceAccount', 'User'] as const;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const WORKLOADS_WITH_SELECTOR = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

function metaRules(kind: string): ObjectMetaRules {
  return {
    nameRule: kind === 'Namespace' ? 'label' : kind === 'Service' ? 'dns1035' : 'subdomain',
    namespaced: !CLUSTER_SCOPED.has(kind),
  };
}

const OPERATORS: Record<string, Operator> = {
  In: 'in',
  NotIn: 'notIn',
  Exists: 'exists',
  DoesNotExist: 'doesNotExist',
};

/** A metav1.LabelSelector object as the selector requirements it stands for. */
export function selectorFromObject(selector: unknown): LabelSelector {
  const s = asObject(selector);
  const requirements: LabelSelector = Object.entries(asObject(s['matchLabels'])).map(
    ([key, value]) => ({ key, operator: 'equals', values: [String(value)] }),
  );
  for (const raw of asArray(s['matchExpressions'])) {
    const e = asObject(raw);
    const operator = OPERATORS[String(e['operator'])];
    if (operator === undefined) continue;
    requirements.push({
      key: String(e['key']),
      operator,
      values: asArray(e['values']).map(String),
    });
  }
  return requirements;
}

function validateWorkload(kind: string, spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const template = asObject(spec['template']);
  const templateLabels = asObject(asObject(template['metadata'])['labels']);
  causes.push(...validateLabels(templateLabels, 'spec.template.metadata.labels'));
  causes.push(...validatePodSpec(template['spec'], 'spec.template.spec'));

  if (WORKLOADS_WITH_SELECTOR.has(kind)) {
    const selector = spec['selector'];
    const requirements = selectorFromObject(selector);
    if (selector !== undefined && requirements.length === 0) {
      causes.push(
        cause.invalid('spec.selector', selector, 'empty selector is invalid for deployment'),
      );
    } else if (
      selector !== undefined &&
      !matchesLabels(requirements, templateLabels as Record<string, string>)
    ) {
      causes.push(
        cause.invalid(
          'spec.template.metadata.labels',
          templateLabels,
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  if (kind === 'Job' || kind === 'CronJob') {
    const policy = asObject(template['spec'])['restartPolicy'];
    if (policy !== 'Never' && policy !== 'OnFailure') {
      causes.push(
        cause.notSupported('spec.template.spec.restartPolicy', policy ?? 'Always', [
          'OnFailure',
          'Never',
        ]),
      );
    }
  }
  return causes;
}

function validateService(spec: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const type = spec['type'] ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type as never))
    causes.push(cause.notSupported('spec.type', type, SERVICE_TYPES));
  const ports = asArray(spec['ports']);
  if (ports.length === 0 && type !== 'ExternalName' && spec['clusterIP'] !== 'None') {
    causes.push(cause.required('spec.ports'));
  }
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const p = asObject(raw);
    const name = p['name'];
    if (ports.length > 1 && (typeof name !== 'string' || name === '')) {
      causes.push(cause.required(`spec.ports[${i}].name`));
    }
    if (typeof name === 'string' && name !== '') {
      if (names.has(name)) causes.push(cause.duplicate(`spec.ports[${i}].name`, name));
      names.add(name);
    }
    const port = p['port'];
    if (typeof port === 'number' && (port < 1 || port > 65535)) {
      causes.push(
        cause.invalid(`spec.ports[${i}].port`, port, 'must be between 1 and 65535, inclusive'),
      );
    }
  });
  causes.push(...validateLabels(spec['selector'], 'spec.selector'));
  return causes;
}

function validateKeys(data: unknown, field: string): StatusCause[] {
  return Object.keys(asObject(data))
    .filter((key) => !CONFIG_KEY.test(key) || key.length > 253)
    .map((key) =>
      cause.invalid(
        `${field}[${key}]`,
        key,
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
      ),
    );
}

function validateRules(rules: unknown): StatusCause[] {
  const causes: StatusCause[] = [];
  asArray(rules).forEach((raw, i) => {
    const rule = asObject(raw);
    if (asArray(rule['verbs']).length === 0)
      causes.push(cause.required(`rules[${i}].verbs`, 'verbs must contain at least one value'));
    const hasResources = asArray(rule['resources']).length > 0;
    const hasUrls = asArray(rule['nonResourceURLs']).length > 0;
    if (!hasResources && !hasUrls) {
      causes.push(
        cause.required(`rules[${i}].resources`, 'resource rules must supply at least one resource'),
      );
    }
    if (hasResources && rule['apiGroups'] === undefined) {
      causes.push(
        cause.required(
          `rules[${i}].apiGroups`,
          'resource rules must supply at least one api group',
        ),
      );
    }
  });
  return causes;
}

function validateBinding(obj: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const roleRef = asObject(obj['roleRef']);
  if (roleRef['kind'] !== 'Role' && roleRef['kind'] !== 'ClusterRole') {
    causes.push(cause.notSupported('roleRef.kind', roleRef['kind'], ['ClusterRole', 'Role']));
  }
  if (typeof roleRef['name'] !== 'string' || roleRef['name'] === '')
    causes.push(cause.required('roleRef.name'));
  asArray(obj['subjects']).forEach((raw, i) => {
    const subject = asObject(raw);
    if (!SUBJECT_KINDS.includes(subject['kind'] as never)) {
      causes.push(cause.notSupported(`subjects[${i}].kind`, subject['kind'], SUBJECT_KINDS));
    }
    if (typeof subject['name'] !== 'string' || subject['name'] === '')
      causes.push(cause.required(`subjects[${i}].name`));
  });
  return causes;
}

/** Semantic problems of one manifest; the schema check runs separately. */
export function validateKind(obj: unknown): StatusCause[] {
  const o = asObject(obj);
  const kind = String(o['kind']);
  const spec = asObject(o['spec']);
  const causes = validateObjectMeta(o['metadata'], metaRules(kind));

  if (kind === 'Pod') causes.push(...validatePodSpec(o['spec']));
  else if (kind === 'CronJob')
    causes.push(...validateWorkload('CronJob', asObject(asObject(spec['jobTemplate'])['spec'])));
  else if (asObject(spec)['template'] !== undefined) causes.push(...validateWorkload(kind, spec));
  else if (kind === 'Service') causes.push(...validateService(spec));
  else if (kind === 'Secret' || kind === 'ConfigMap') {
    causes.push(...validateKeys(o['data'], 'data'));
    causes.push(
      ...validateKeys(
        kind === 'Secret' ? o['stringData'] : o['binaryData'],
        kind === 'Secret' ? 'stringData' : 'binaryData',
      ),
    );
  } else if (kind === 'Role' || kind === 'ClusterRole') causes.push(...validateRules(o['rules']));
  else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding')
    causes.push(...validateBinding(o));
  return causes;
}
