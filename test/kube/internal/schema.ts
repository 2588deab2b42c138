/**
 * Schema checks for built-in Kubernetes kinds, from two published sources:
 * - `kubernetes-models`: JSON-schema validators generated from the Kubernetes OpenAPI spec
 *   (types, formats such as quantities, enums, required fields), compiled with ajv;
 * - `@kubernetes/client-node`: the model attribute maps generated from the same spec, which
 *   name every declared field and so find the unknown fields strict decoding rejects (the
 *   OpenAPI spec itself allows additional properties, so the JSON schemas cannot).
 */
import * as clientModels from '@kubernetes/client-node';
import * as coreV1 from 'kubernetes-models/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as schedulingV1 from 'kubernetes-models/scheduling.k8s.io/v1';
import * as coordinationV1 from 'kubernetes-models/coordination.k8s.io/v1';
import { QUANTITY_RULE } from './quantity.js';

/** `decode` problems are 400 BadRequest on a real apiserver, `invalid` ones 422 Invalid. */
export interface SchemaIssue {
  field: string;
  message: string;
  level: 'decode' | 'invalid';
  reason: string;
}

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: object): { validate(): void };
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const MODEL_MODULES: readonly object[] = [
  coreV1,
  appsV1,
  batchV1,
  rbacV1,
  networkingV1,
  policyV1,
  autoscalingV2,
  schedulingV1,
  coordinationV1,
];

function isModelClass(value: unknown): value is ModelClass {
  const candidate = value as Partial<ModelClass> | undefined;
  return (
    typeof value === 'function' &&
    typeof candidate?.apiVersion === 'string' &&
    typeof candidate.kind === 'string'
  );
}

const MODELS = new Map<string, ModelClass>();
for (const mod of MODEL_MODULES) {
  for (const value of Object.values(mod)) {
    if (isModelClass(value)) MODELS.set(`${value.apiVersion}/${value.kind}`, value);
  }
}

export function isKnownKind(apiVersion: string, kind: string): boolean {
  return MODELS.has(`${apiVersion}/${kind}`);
}

export function knownKinds(): string[] {
  return [...MODELS.keys()].sort();
}

// ---- field paths and declared fields, from the client's generated models ----

interface AttributeType {
  baseName: string;
  type: string;
}

type TypeMapped = { getAttributeTypeMap(): AttributeType[] };

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function attributesOf(typeName: string): Map<string, string> | undefined {
  const model = (clientModels as unknown as Record<string, Partial<TypeMapped> | undefined>)[
    typeName
  ];
  if (typeof model?.getAttributeTypeMap !== 'function') return undefined;
  return new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
}

/** The client's model name for a kind: `apps/v1 Deployment` is `V1Deployment`. */
export function clientTypeName(apiVersion: string, kind: string): string | undefined {
  const [groupOrVersion, maybeVersion] = apiVersion.split('/');
  const version = maybeVersion ?? groupOrVersion!;
  const group = maybeVersion === undefined ? 'core' : groupOrVersion!.split('.')[0]!;
  const v = version.charAt(0).toUpperCase() + version.slice(1);
  const g = group.charAt(0).toUpperCase() + group.slice(1);
  return [`${v}${kind}`, `${g}${v}${kind}`].find((name) => attributesOf(name) !== undefined);
}

function childType(type: string | undefined, segment: string): string | undefined {
  if (type === undefined) return undefined;
  const array = ARRAY.exec(type);
  if (array) return array[1];
  const map = MAP.exec(type);
  if (map) return map[1];
  return attributesOf(type)?.get(segment);
}

function joinField(path: string, segment: string, parentType: string | undefined): string {
  const indexed =
    parentType !== undefined && (ARRAY.test(parentType) || MAP.test(parentType))
      ? true
      : parentType === undefined && /^\d+$/.test(segment);
  if (indexed) return `${path}[${segment}]`;
  return path === '' ? segment : `${path}.${segment}`;
}

/** `/spec/containers/0/resources/limits/nvidia.com~1gpu` as `spec.containers[0]...[nvidia.com/gpu]`. */
function fieldPathOf(instancePath: string, rootType: string | undefined): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '';
  let type = rootType;
  for (const segment of segments) {
    path = joinField(path, segment, type);
    type = childType(type, segment);
  }
  return path;
}

/** Every field of `value` that its type does not declare, as `spec.containers[0].bogus`. */
export function unknownFields(value: unknown, typeName: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown, type: string, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    const array = ARRAY.exec(type);
    if (array) {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, array[1]!, `${path}[${i}]`));
      return;
    }
    const map = MAP.exec(type);
    if (map) {
      for (const [key, item] of Object.entries(node)) walk(item, map[1]!, `${path}[${key}]`);
      return;
    }
    const attributes = attributesOf(type);
    if (attributes === undefined || Array.isArray(node)) return;
    for (const [key, item] of Object.entries(node)) {
      const field = path === '' ? key : `${path}.${key}`;
      const childTypeName = attributes.get(key);
      if (childTypeName === undefined) found.push(field);
      else walk(item, childTypeName, field);
    }
  };
  walk(value, typeName, '');
  return found;
}

// ---- JSON-schema validation ----

function valueAt(root: unknown, instancePath: string): unknown {
  let node = root;
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node =
      node === null || typeof node !== 'object'
        ? undefined
        : (node as Record<string, unknown>)[segment];
  }
  return node;
}

function issuesFromAjv(
  errors: AjvError[],
  root: unknown,
  rootType: string | undefined,
): SchemaIssue[] {
  const byPath = new Map<string, AjvError[]>();
  for (const error of errors) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }

  const issues: SchemaIssue[] = [];
  for (const [instancePath, list] of byPath) {
    const field = fieldPathOf(instancePath, rootType);
    const required = list.filter((e) => e.keyword === 'required');
    for (const e of required) {
      const missing = String(e.params['missingProperty']);
      issues.push({
        field: field === '' ? missing : `${field}.${missing}`,
        message: 'Required value',
        level: 'invalid',
        reason: 'FieldValueRequired',
      });
    }
    const rest = list.filter((e) => e.keyword !== 'required');
    if (rest.length === 0) continue;

    const enumError = rest.find((e) => e.keyword === 'enum');
    const quantity = rest.some((e) => e.keyword === 'format' && e.params['format'] === 'quantity');
    const types = rest.filter((e) => e.keyword === 'type').map((e) => String(e.params['type']));
    const formats = rest
      .filter((e) => e.keyword === 'format')
      .map((e) => String(e.params['format']));
    if (quantity) {
      issues.push({ field, message: QUANTITY_RULE, level: 'decode', reason: 'FieldValueInvalid' });
    } else if (enumError) {
      const allowed = (enumError.params['allowedValues'] as unknown[]).map((v) =>
        JSON.stringify(v),
      );
      issues.push({
        field,
        message:
          `Unsupported value: ${JSON.stringify(valueAt(root, instancePath))}: ` +
          `supported values: ${allowed.join(', ')}`,
        level: 'invalid',
        reason: 'FieldValueNotSupported',
      });
    } else if (types.length > 0 || formats.length > 0) {
      const expected = [...types, ...formats.map((f) => `format ${f}`)].join(' or ');
      issues.push({
        field,
        message: `must be ${expected}`,
        level: 'decode',
        reason: 'FieldValueTypeInvalid',
      });
    } else {
      for (const e of rest.filter((x) => x.keyword !== 'oneOf' && x.keyword !== 'anyOf')) {
        issues.push({
          field,
          message: e.message ?? e.keyword,
          level: 'invalid',
          reason: 'FieldValueInvalid',
        });
      }
    }
  }
  return issues;
}

export interface SchemaCheckOptions {
  /** Report fields the kind does not declare, as `fieldValidation=Strict` and kubectl do. */
  strict?: boolean;
}

/**
 * Checks a manifest against the schema of its kind. Returns undefined for a kind that no
 * bundled schema covers, so the caller can say so instead of passing it silently.
 */
export function checkSchema(
  obj: unknown,
  options: SchemaCheckOptions = {},
): SchemaIssue[] | undefined {
  const manifest = obj as { apiVersion?: unknown; kind?: unknown };
  if (typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string') {
    return undefined;
  }
  const Model = MODELS.get(`${manifest.apiVersion}/${manifest.kind}`);
  if (Model === undefined) return undefined;
  const rootType = clientTypeName(manifest.apiVersion, manifest.kind);

  const issues: SchemaIssue[] = [];
  try {
    new Model(obj as object).validate();
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    issues.push(...issuesFromAjv(errors, obj, rootType));
  }
  if (options.strict && rootType !== undefined) {
    for (const field of unknownFields(obj, rootType)) {
      issues.push({
        field,
        message: `unknown field "${field}"`,
        level: 'decode',
        reason: 'FieldValueInvalid',
      });
    }
  }
  return issues;
}
