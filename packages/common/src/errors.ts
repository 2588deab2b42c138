// The error vocabulary shared by Hyperfleet's services. Each case is its own class with a
// stable `name`, so that one place (grpc-status.ts) can translate them to status codes.

/** A request or spec is wrong; `field` names the part at fault, e.g. "budget.maxTrials". */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`${kind} ${id} not found`);
  }
}

/** The request is valid but the target's state does not allow it (e.g. cancel a finished sweep). */
export class FailedPreconditionError extends Error {
  override readonly name = 'FailedPreconditionError';
}

/** A dependency (database, NATS, another service) could not be reached; retrying may help. */
export class UnavailableError extends Error {
  override readonly name = 'UnavailableError';
}

export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}
