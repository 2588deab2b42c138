/**
 * Checks a Kubernetes manifest the way `kubectl apply` against a real apiserver would:
 * the JSON schema of its kind (from the Kubernetes OpenAPI spec, via `kubernetes-models`),
 * unknown fields as strict field validation reports them, and the apiserver's semantic
 * rules for names, labels, pod specs, services, RBAC objects, secrets and config maps.
 */
import { checkSchema, knownKinds } from './internal/schema.js';
import { validateKind } from './internal/kind-validation.js';

export interface ManifestValidation {
  valid: boolean;
  /** One line per problem: `Deployment "api": spec.template.spec.containers[0].image: Required value`. */
  errors: string[];
}

export interface ValidateManifestOptions {
  /** Report undeclared fields (default true, as kubectl's default `--validate=strict`). */
  strict?: boolean;
}

function describe(obj: Record<string, unknown>): string {
  const meta = (obj['metadata'] ?? {}) as Record<string, unknown>;
  const name = meta['name'] ?? meta['generateName'] ?? '';
  return `${String(obj['kind'])} "${String(name)}"`;
}

export function validateManifest(
  obj: unknown,
  options: ValidateManifestOptions = {},
): ManifestValidation {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { valid: false, errors: ['manifest must be an object'] };
  }
  const manifest = obj as Record<string, unknown>;
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    return { valid: false, errors: ['apiVersion: Required value'] };
  }
  if (typeof kind !== 'string' || kind === '') {
    return { valid: false, errors: ['kind: Required value'] };
  }
  if (kind === 'List' && apiVersion === 'v1') {
    const items = Array.isArray(manifest['items']) ? manifest['items'] : [];
    const errors = items.flatMap((item, i) =>
      validateManifest(item, options).errors.map((e) => `items[${i}]: ${e}`),
    );
    return { valid: errors.length === 0, errors };
  }

  const schemaIssues = checkSchema(obj, { strict: options.strict ?? true });
  if (schemaIssues === undefined) {
    return {
      valid: false,
      errors: [`no schema for ${apiVersion} ${kind}; covered kinds: ${knownKinds().join(', ')}`],
    };
  }

  // The schema and the semantic rules can both report one field; the first report stands.
  const seen = new Set<string>();
  const errors: string[] = [];
  const prefix = describe(manifest);
  const add = (field: string, reason: string, message: string): void => {
    const key = `${field}|${reason}`;
    if (seen.has(key)) return;
    seen.add(key);
    const unknownField = message.startsWith('unknown field');
    errors.push(unknownField ? `${prefix}: ${message}` : `${prefix}: ${field}: ${message}`);
  };
  for (const issue of schemaIssues) add(issue.field, issue.reason, issue.message);
  for (const c of validateKind(obj)) add(c.field ?? '', c.reason, c.message);
  return { valid: errors.length === 0, errors };
}
