/**
 * Kubernetes `Status` objects for failed requests, shaped like the ones kube-apiserver sends
 * (metav1.Status), so that clients classify errors by `code` and `reason` exactly as they
 * would against a real cluster.
 */

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** A request that fails with a Status body; thrown by handlers, written by the router. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  readonly status: KubeStatus;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    };
  }

  get code(): number {
    return this.status.code;
  }
}

/** The resource names the API uses in messages: `pods "x" not found`. */
export interface ResourceRef {
  resource: string;
  name: string;
}

export function notFound({ resource, name }: ResourceRef): KubeApiError {
  return new KubeApiError(404, 'NotFound', `${resource} "${name}" not found`, {
    name,
    kind: resource,
  });
}

export function alreadyExists({ resource, name }: ResourceRef): KubeApiError {
  return new KubeApiError(409, 'AlreadyExists', `${resource} "${name}" already exists`, {
    name,
    kind: resource,
  });
}

export function conflict({ resource, name }: ResourceRef, why: string): KubeApiError {
  return new KubeApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resource} "${name}": ${why}`,
    { name, kind: resource },
  );
}

export function badRequest(message: string, causes?: StatusCause[]): KubeApiError {
  return new KubeApiError(400, 'BadRequest', message, causes ? { causes } : undefined);
}

/**
 * 422 Invalid: the object decoded but failed validation. The message lists every cause the
 * way the apiserver does: `Pod "x" is invalid: [a: Required value, b: Invalid value: ...]`.
 */
export function invalid(kind: string, name: string, causes: StatusCause[]): KubeApiError {
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new KubeApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${joined}`, {
    name,
    kind,
    causes,
  });
}

export function expired(message: string): KubeApiError {
  return new KubeApiError(410, 'Expired', message);
}

export function methodNotAllowed(method: string): KubeApiError {
  return new KubeApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}

export function unsupportedMediaType(contentType: string): KubeApiError {
  return new KubeApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ` +
      `application/json-patch+json, application/merge-patch+json, ` +
      `application/strategic-merge-patch+json (got ${JSON.stringify(contentType)})`,
  );
}

export function unauthorized(): KubeApiError {
  return new KubeApiError(401, 'Unauthorized', 'Unauthorized');
}

export function pathNotFound(path: string): KubeApiError {
  return new KubeApiError(404, 'NotFound', `the server could not find the requested resource`, {
    name: path,
  });
}

/** Causes in the apiserver's vocabulary (field.ErrorType). */
export const cause = {
  required(field: string, detail?: string): StatusCause {
    return {
      reason: 'FieldValueRequired',
      message: detail ? `Required value: ${detail}` : 'Required value',
      field,
    };
  },
  invalid(field: string, value: unknown, detail: string): StatusCause {
    return {
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
      field,
    };
  },
  duplicate(field: string, value: unknown): StatusCause {
    return {
      reason: 'FieldValueDuplicate',
      message: `Duplicate value: ${JSON.stringify(value)}`,
      field,
    };
  },
  notSupported(field: string, value: unknown, supported: readonly string[]): StatusCause {
    const list = supported.map((s) => JSON.stringify(s)).join(', ');
    return {
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${list}`,
      field,
    };
  },
  forbidden(field: string, detail: string): StatusCause {
    return { reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`, field };
  },
  unknownField(field: string): StatusCause {
    return { reason: 'FieldValueInvalid', message: `unknown field "${field}"`, field };
  },
  typeInvalid(field: string, detail: string): StatusCause {
    return { reason: 'FieldValueTypeInvalid', message: detail, field };
  },
};
