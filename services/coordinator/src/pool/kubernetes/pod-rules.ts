// The checks kube-apiserver makes on a Pod that a worker template can break, run before the
// pool creates anything: the Pod's JSON schema (kubernetes-models, generated from the
// Kubernetes OpenAPI spec), fields the schema does not declare (the typed client would drop
// them silently), and the semantic rules of the apiserver's pod validation (names, labels,
// images, resources with `nvidia.com/gpu` requests equal to limits, env sources,
// tolerations). test/kube's API server enforces the same rules independently; a test holds
// the two to the same answers.
import * as clientModels from '@kubernetes/client-node';
import { Pod } from 'kubernetes-models/v1/Pod';

export interface PodProblem {
  /** `spec.containers[0].resources.limits`, as the apiserver names fields. */
  field: string;
  message: string;
}

type Json = Record<string, unknown>;

const RESTART_POLICIES = ['Always', 'Never', 'OnFailure'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUANTITY = /^([+-]?(?:\d+|\d+\.\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const BINARY_SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const asObject = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const show = (value: unknown): string => JSON.stringify(value);

/** A Kubernetes quantity (`500m`, `2Gi`, `1`) as a number, or undefined when it is not one. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const base = Number(match[1]);
  const suffix = match[2] ?? '';
  if (suffix in BINARY_SUFFIX) return base * BINARY_SUFFIX[suffix]!;
  if (suffix in DECIMAL_SUFFIX) return base * DECIMAL_SUFFIX[suffix]!;
  return base * 10 ** Number(suffix.slice(1));
}

/** Every problem the apiserver would report for this Pod; empty when it would accept it. */
export function podProblems(pod: unknown): PodProblem[] {
  const problems = [...schemaProblems(pod), ...unknownFieldProblems(pod), ...semanticProblems(pod)];
  // The schema and the semantic rules can both flag one field; the first report stands.
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}|${problem.message.split(':')[0]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- schema ----

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function schemaProblems(pod: unknown): PodProblem[] {
  try {
    new Pod(pod as ConstructorParameters<typeof Pod>[0]).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    return fromAjv(errors);
  }
}

function fromAjv(errors: AjvError[]): PodProblem[] {
  const byPath = new Map<string, AjvError[]>();
  for (const error of errors)
    byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);

  const problems: PodProblem[] = [];
  for (const [instancePath, list] of byPath) {
    const field = fieldPath(instancePath);
    for (const error of list.filter((e) => e.keyword === 'required')) {
      const missing = String(error.params['missingProperty']);
      problems.push({
        field: field === '' ? missing : `${field}.${missing}`,
        message: 'Required value',
      });
    }
    const rest = list.filter(
      (e) => e.keyword !== 'required' && e.keyword !== 'oneOf' && e.keyword !== 'anyOf',
    );
    if (rest.length === 0) continue;
    if (rest.some((e) => e.keyword === 'format' && e.params['format'] === 'quantity')) {
      problems.push({
        field,
        message:
          "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      });
      continue;
    }
    const enumError = rest.find((e) => e.keyword === 'enum');
    if (enumError) {
      const allowed = (enumError.params['allowedValues'] as unknown[]).map(show).join(', ');
      problems.push({ field, message: `Unsupported value: supported values: ${allowed}` });
      continue;
    }
    const types = rest.filter((e) => e.keyword === 'type').map((e) => String(e.params['type']));
    if (types.length > 0) {
      problems.push({ field, message: `must be ${types.join(' or ')}` });
      continue;
    }
    for (const error of rest) problems.push({ field, message: error.message ?? error.keyword });
  }
  return problems;
}

/** `/spec/containers/0/resources/limits/nvidia.com~1gpu` as `spec.containers[0].resources.limits[nvidia.com/gpu]`. */
function fieldPath(instancePath: string): string {
  let path = '';
  let type: string | undefined = 'V1Pod';
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const container = type !== undefined && (ARRAY.test(type) || MAP.test(type));
    path =
      container || (type === undefined && /^\d+$/.test(segment))
        ? `${path}[${segment}]`
        : path === ''
          ? segment
          : `${path}.${segment}`;
    type = childType(type, segment);
  }
  return path;
}

// ---- unknown fields, from the client's generated models ----

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function attributesOf(typeName: string): Map<string, string> | undefined {
  const model = (
    clientModels as unknown as Record<
      string,
      { getAttributeTypeMap?: () => { baseName: string; type: string }[] }
    >
  )[typeName];
  if (typeof model?.getAttributeTypeMap !== 'function') return undefined;
  return new Map(
    model.getAttributeTypeMap().map((attribute) => [attribute.baseName, attribute.type]),
  );
}

function childType(type: string | undefined, segment: string): string | undefined {
  if (type === undefined) return undefined;
  const array = ARRAY.exec(type) ?? MAP.exec(type);
  if (array) return array[1];
  return attributesOf(type)?.get(segment);
}

function unknownFieldProblems(pod: unknown): PodProblem[] {
  const found: PodProblem[] = [];
  const walk = (node: unknown, type: string, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    const element = ARRAY.exec(type);
    if (element) {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, element[1]!, `${path}[${i}]`));
      return;
    }
    const value = MAP.exec(type);
    if (value) {
      for (const [key, item] of Object.entries(node)) walk(item, value[1]!, `${path}[${key}]`);
      return;
    }
    const attributes = attributesOf(type);
    if (attributes === undefined || Array.isArray(node)) return;
    for (const [key, item] of Object.entries(node)) {
      const field = path === '' ? key : `${path}.${key}`;
      const child = attributes.get(key);
      if (child === undefined) found.push({ field, message: `unknown field "${field}"` });
      else walk(item, child, field);
    }
  };
  walk(pod, 'V1Pod', '');
  return found;
}

// ---- the apiserver's semantic rules ----

function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  return DNS1123_LABEL.test(value)
    ? undefined
    : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
}

function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return 'must be no more than 253 characters';
  return DNS1123_SUBDOMAIN.test(value)
    ? undefined
    : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
}

function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2)
    return "a qualified name must consist of an optional DNS subdomain prefix and a name, separated by '/'";
  if (parts.length === 2) {
    if (parts[0] === '') return 'prefix part must be non-empty';
    const problem = dns1123SubdomainProblem(parts[0]!);
    if (problem) return `prefix part ${problem}`;
  }
  const name = parts.at(-1)!;
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  return QUALIFIED_NAME.test(name)
    ? undefined
    : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
}

function labelProblems(labels: unknown, field: string): PodProblem[] {
  const problems: PodProblem[] = [];
  for (const [key, value] of Object.entries(asObject(labels))) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) problems.push({ field, message: `Invalid value: ${show(key)}: ${keyProblem}` });
    if (typeof value !== 'string')
      problems.push({ field: `${field}[${key}]`, message: 'must be a string' });
    else if (value.length > 63 || !LABEL_VALUE.test(value)) {
      problems.push({
        field: `${field}[${key}]`,
        message: `Invalid value: ${show(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', at most 63`,
      });
    }
  }
  return problems;
}

const isExtendedResource = (name: string): boolean =>
  name.includes('/') && !name.startsWith('kubernetes.io/') && !name.includes('.kubernetes.io/');
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');

function resourceProblems(resources: unknown, field: string): PodProblem[] {
  const limits = asObject(asObject(resources)['limits']);
  const requests = asObject(asObject(resources)['requests']);
  const problems: PodProblem[] = [];

  for (const [group, values] of [
    ['limits', limits],
    ['requests', requests],
  ] as const) {
    for (const [name, raw] of Object.entries(values)) {
      const at = `${field}.${group}[${name}]`;
      const standard = STANDARD_RESOURCES.has(name) || isHugePages(name);
      const keyProblem = standard ? undefined : qualifiedNameProblem(name);
      if (keyProblem)
        problems.push({ field: at, message: `Invalid value: ${show(name)}: ${keyProblem}` });
      if (!standard && !name.includes('/'))
        problems.push({
          field: at,
          message: `Invalid value: ${show(name)}: must be a standard resource type or fully qualified`,
        });
      const value = parseQuantity(raw);
      if (value === undefined) continue; // not a quantity: the schema check reports it
      if (value < 0)
        problems.push({
          field: at,
          message: `Invalid value: ${show(raw)}: must be greater than or equal to 0`,
        });
      if (isExtendedResource(name) && !Number.isInteger(value))
        problems.push({ field: at, message: `Invalid value: ${show(raw)}: must be an integer` });
    }
  }

  for (const [name, raw] of Object.entries(requests)) {
    const request = parseQuantity(raw);
    if (request === undefined) continue;
    const limitRaw = limits[name];
    const limit = parseQuantity(limitRaw);
    if (isExtendedResource(name) || isHugePages(name)) {
      if (limitRaw === undefined)
        problems.push({
          field: `${field}.limits`,
          message: 'Required value: Limit must be set for non overcommitable resources',
        });
      else if (limit !== undefined && limit !== request) {
        problems.push({
          field: `${field}.requests[${name}]`,
          message: `Invalid value: ${show(raw)}: must be equal to ${name} limit of ${String(limitRaw)}`,
        });
      }
    } else if (limit !== undefined && request > limit) {
      problems.push({
        field: `${field}.requests[${name}]`,
        message: `Invalid value: ${show(raw)}: must be less than or equal to ${name} limit of ${String(limitRaw)}`,
      });
    }
  }
  return problems;
}

function envProblems(env: unknown, field: string): PodProblem[] {
  const problems: PodProblem[] = [];
  asArray(env).forEach((raw, i) => {
    const entry = asObject(raw);
    const at = `${field}[${i}]`;
    const name = entry['name'];
    if (typeof name !== 'string' || name === '')
      problems.push({ field: `${at}.name`, message: 'Required value' });
    else if (name.includes('='))
      problems.push({
        field: `${at}.name`,
        message: `Invalid value: ${show(name)}: a valid environment variable name must not contain '='`,
      });
    if (entry['valueFrom'] === undefined) return;

    const from = asObject(entry['valueFrom']);
    const sources = Object.keys(from);
    if (typeof entry['value'] === 'string' && entry['value'] !== '')
      problems.push({
        field: `${at}.valueFrom`,
        message: 'Invalid value: may not be specified when `value` is not empty',
      });
    if (sources.length === 0)
      problems.push({
        field: `${at}.valueFrom`,
        message:
          'Invalid value: must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      });
    else if (sources.length > 1)
      problems.push({
        field: `${at}.valueFrom`,
        message: 'Invalid value: may not have more than one field specified at a time',
      });
    for (const source of ['secretKeyRef', 'configMapKeyRef'] as const) {
      if (from[source] === undefined) continue;
      const ref = asObject(from[source]);
      if (typeof ref['key'] !== 'string' || ref['key'] === '')
        problems.push({ field: `${at}.valueFrom.${source}.key`, message: 'Required value' });
      if (typeof ref['name'] !== 'string' || ref['name'] === '')
        problems.push({ field: `${at}.valueFrom.${source}.name`, message: 'Required value' });
    }
  });
  return problems;
}

function containerProblems(
  containers: unknown[],
  field: string,
  volumes: Set<string>,
  names: Set<string>,
): PodProblem[] {
  const problems: PodProblem[] = [];
  containers.forEach((raw, i) => {
    const container = asObject(raw);
    const at = `${field}[${i}]`;
    const name = container['name'];
    if (typeof name !== 'string' || name === '')
      problems.push({ field: `${at}.name`, message: 'Required value' });
    else {
      const problem = dns1123LabelProblem(name);
      if (problem)
        problems.push({ field: `${at}.name`, message: `Invalid value: ${show(name)}: ${problem}` });
      if (names.has(name))
        problems.push({ field: `${at}.name`, message: `Duplicate value: ${show(name)}` });
      names.add(name);
    }
    if (typeof container['image'] !== 'string' || container['image'].trim() === '')
      problems.push({ field: `${at}.image`, message: 'Required value' });
    problems.push(...resourceProblems(container['resources'], `${at}.resources`));
    problems.push(...envProblems(container['env'], `${at}.env`));
    asArray(container['ports']).forEach((p, j) => {
      const port = asObject(p)['containerPort'];
      if (typeof port === 'number' && (port < 1 || port > 65535 || !Number.isInteger(port))) {
        problems.push({
          field: `${at}.ports[${j}].containerPort`,
          message: `Invalid value: ${port}: must be between 1 and 65535, inclusive`,
        });
      }
    });
    asArray(container['volumeMounts']).forEach((m, j) => {
      const mount = asObject(m);
      if (typeof mount['name'] === 'string' && !volumes.has(mount['name']))
        problems.push({
          field: `${at}.volumeMounts[${j}].name`,
          message: `Not found: ${show(mount['name'])}`,
        });
      if (typeof mount['mountPath'] !== 'string' || mount['mountPath'] === '')
        problems.push({ field: `${at}.volumeMounts[${j}].mountPath`, message: 'Required value' });
    });
  });
  return problems;
}

function tolerationProblems(tolerations: unknown, field: string): PodProblem[] {
  const problems: PodProblem[] = [];
  asArray(tolerations).forEach((raw, i) => {
    const toleration = asObject(raw);
    const at = `${field}[${i}]`;
    const operator = toleration['operator'] ?? 'Equal';
    const key = toleration['key'];
    if (typeof key === 'string' && key !== '') {
      const problem = qualifiedNameProblem(key);
      if (problem)
        problems.push({ field: `${at}.key`, message: `Invalid value: ${show(key)}: ${problem}` });
    } else if (operator !== 'Exists') {
      problems.push({
        field: `${at}.operator`,
        message: `Invalid value: ${show(operator)}: operator must be Exists when \`key\` is empty`,
      });
    }
    if (!TOLERATION_OPERATORS.includes(operator as string))
      problems.push({
        field: `${at}.operator`,
        message: `Unsupported value: ${show(operator)}: supported values: "Equal", "Exists"`,
      });
    if (
      operator === 'Exists' &&
      typeof toleration['value'] === 'string' &&
      toleration['value'] !== ''
    ) {
      problems.push({
        field: `${at}.operator`,
        message: `Invalid value: ${show(toleration['value'])}: value must be empty when \`operator\` is 'Exists'`,
      });
    }
    const effect = toleration['effect'];
    if (effect !== undefined && effect !== '' && !TAINT_EFFECTS.includes(effect as string)) {
      problems.push({
        field: `${at}.effect`,
        message: `Unsupported value: ${show(effect)}: supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"`,
      });
    }
  });
  return problems;
}

function semanticProblems(podValue: unknown): PodProblem[] {
  const pod = asObject(podValue);
  const meta = asObject(pod['metadata']);
  const spec = asObject(pod['spec']);
  const problems: PodProblem[] = [];

  const name = meta['name'];
  if (typeof name === 'string' && name !== '') {
    const problem = dns1123SubdomainProblem(name);
    if (problem)
      problems.push({
        field: 'metadata.name',
        message: `Invalid value: ${show(name)}: ${problem}`,
      });
  } else if (typeof meta['generateName'] !== 'string' || meta['generateName'] === '') {
    problems.push({
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  }
  problems.push(...labelProblems(meta['labels'], 'metadata.labels'));
  for (const key of Object.keys(asObject(meta['annotations']))) {
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem)
      problems.push({
        field: 'metadata.annotations',
        message: `Invalid value: ${show(key)}: ${problem}`,
      });
  }

  const volumes = new Set<string>();
  asArray(spec['volumes']).forEach((v, i) => {
    const volume = asObject(v)['name'];
    if (typeof volume !== 'string' || volume === '')
      problems.push({ field: `spec.volumes[${i}].name`, message: 'Required value' });
    else if (volumes.has(volume))
      problems.push({
        field: `spec.volumes[${i}].name`,
        message: `Duplicate value: ${show(volume)}`,
      });
    else volumes.add(volume);
  });
  const containers = asArray(spec['containers']);
  if (containers.length === 0)
    problems.push({ field: 'spec.containers', message: 'Required value' });
  const containerNames = new Set<string>();
  problems.push(...containerProblems(containers, 'spec.containers', volumes, containerNames));
  problems.push(
    ...containerProblems(
      asArray(spec['initContainers']),
      'spec.initContainers',
      volumes,
      containerNames,
    ),
  );

  const restartPolicy = spec['restartPolicy'];
  if (restartPolicy !== undefined && !RESTART_POLICIES.includes(restartPolicy as string)) {
    problems.push({
      field: 'spec.restartPolicy',
      message: `Unsupported value: ${show(restartPolicy)}: supported values: "Always", "Never", "OnFailure"`,
    });
  }
  for (const [key, min] of [
    ['terminationGracePeriodSeconds', 0],
    ['activeDeadlineSeconds', 1],
  ] as const) {
    const value = spec[key];
    if (typeof value === 'number' && value < min)
      problems.push({
        field: `spec.${key}`,
        message: `Invalid value: ${value}: must be greater than or equal to ${min}`,
      });
  }
  for (const key of ['serviceAccountName', 'nodeName', 'priorityClassName'] as const) {
    const value = spec[key];
    const problem =
      typeof value === 'string' && value !== '' ? dns1123SubdomainProblem(value) : undefined;
    if (problem)
      problems.push({ field: `spec.${key}`, message: `Invalid value: ${show(value)}: ${problem}` });
  }
  problems.push(...labelProblems(spec['nodeSelector'], 'spec.nodeSelector'));
  problems.push(...tolerationProblems(spec['tolerations'], 'spec.tolerations'));
  asArray(spec['imagePullSecrets']).forEach((s, i) => {
    const secret = asObject(s)['name'];
    if (typeof secret !== 'string' || secret === '')
      problems.push({ field: `spec.imagePullSecrets[${i}].name`, message: 'Required value' });
  });
  return problems;
}
