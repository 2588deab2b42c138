/**
 * Name, label and annotation rules of k8s.io/apimachinery validation, with its wording, so
 * that a bad pool template fails here with the message a real apiserver would give.
 */
import { cause, type StatusCause } from './status.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(value)) {
    return (
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
      "and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', " +
      "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    );
  }
  return undefined;
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Service names must be DNS-1035 labels: they start with a letter. */
export function dns1035LabelProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!DNS1035_LABEL.test(value)) {
    return (
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with " +
      "an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or " +
      "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    );
  }
  return undefined;
}

export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return (
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' " +
      "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', " +
      "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    );
  }
  return undefined;
}

/** A qualified name such as a label or annotation key: `[prefix/]name`. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return "a qualified name must consist of an optional DNS subdomain prefix and a name, separated by '/'";
  }
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') return 'prefix part must be non-empty';
    const problem = dns1123SubdomainProblem(prefix);
    if (problem) return `prefix part ${problem}`;
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME_PART.test(name)) {
    return (
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and " +
      "end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex " +
      "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    );
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return (
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' " +
      "or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or " +
      "'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    );
  }
  return undefined;
}

export function validateLabels(labels: unknown, field: string): StatusCause[] {
  if (labels === undefined || labels === null) return [];
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) causes.push(cause.invalid(field, key, keyProblem));
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : 'must be a string';
    if (valueProblem) causes.push(cause.invalid(`${field}[${key}]`, value, valueProblem));
  }
  return causes;
}

export function validateAnnotations(annotations: unknown, field: string): StatusCause[] {
  if (annotations === undefined || annotations === null) return [];
  const causes: StatusCause[] = [];
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations as Record<string, unknown>)) {
    const keyProblem = labelKeyProblem(key.toLowerCase());
    if (keyProblem) causes.push(cause.invalid(field, key, keyProblem));
    bytes += key.length + String(value).length;
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    causes.push(cause.invalid(field, '', `must have at most ${ANNOTATIONS_MAX_BYTES} bytes`));
  }
  return causes;
}

export interface ObjectMetaRules {
  /** `subdomain` for most kinds, `label` for namespaces, `dns1035` for services. */
  nameRule: 'subdomain' | 'label' | 'dns1035';
  namespaced: boolean;
}

export function validateObjectMeta(meta: unknown, rules: ObjectMetaRules): StatusCause[] {
  const m = (meta ?? {}) as Record<string, unknown>;
  const causes: StatusCause[] = [];
  const name = m['name'];
  const generateName = m['generateName'];

  if ((name === undefined || name === '') && (generateName === undefined || generateName === '')) {
    causes.push(cause.required('metadata.name', 'name or generateName is required'));
  } else if (typeof name === 'string' && name !== '') {
    const check =
      rules.nameRule === 'label'
        ? dns1123LabelProblem
        : rules.nameRule === 'dns1035'
          ? dns1035LabelProblem
          : dns1123SubdomainProblem;
    const problem = check(name);
    if (problem) causes.push(cause.invalid('metadata.name', name, problem));
  } else if (typeof generateName === 'string') {
    // generateName is checked with room for the five random characters the server appends.
    const problem = dns1123SubdomainProblem(`${generateName}xxxxx`);
    if (problem) causes.push(cause.invalid('metadata.generateName', generateName, problem));
  }

  if (rules.namespaced && typeof m['namespace'] === 'string' && m['namespace'] !== '') {
    const problem = dns1123LabelProblem(m['namespace']);
    if (problem) causes.push(cause.invalid('metadata.namespace', m['namespace'], problem));
  }
  causes.push(...validateLabels(m['labels'], 'metadata.labels'));
  causes.push(...validateAnnotations(m['annotations'], 'metadata.annotations'));
  return causes;
}
