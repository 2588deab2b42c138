// The CLI's error vocabulary and the one place where an error becomes what the user sees
// on stderr and the process's exit code. Expected failures (a bad flag, a bad spec file,
// a gRPC status) print a short message; only a bug prints a stack trace.
import { status } from '@grpc/grpc-js';
import { SpecFileError } from '@hyperfleet/client';

/** Exit codes, fixed so that scripts can branch on them. */
export const EXIT = {
  ok: 0,
  /** The sweep ended FAILED or CANCELLED, or any error not listed below. */
  failure: 1,
  /** The request was wrong: a flag, a spec file, INVALID_ARGUMENT or NOT_FOUND. */
  badRequest: 2,
  /** The service could not be reached (UNAVAILABLE). */
  unavailable: 3,
  /** Stopped by Ctrl-C, as shells report SIGINT. */
  interrupted: 130,
} as const;

/** A flag, argument, environment variable or input file the CLI rejects before any call. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    /** The flag or variable at fault, e.g. "--limit" or "HYPERFLEET_COORDINATOR". */
    readonly field: string,
    readonly rule: string,
    readonly value?: unknown,
  ) {
    super(`${field}: ${rule}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`);
  }
}

/** An expected failure that is neither a usage error nor a gRPC status, e.g. nothing deployed. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The reason a command's signal is aborted with when the user presses Ctrl-C. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor() {
    super('interrupted');
  }
}

/** Which service a call went to, so that an error can say where it came from. */
export interface ServiceTarget {
  /** "coordinator" or "deploy service". */
  service: string;
  address: string;
}

/** A gRPC status from a service, tagged with the service it came from. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  /** What the call was about, when the details alone do not say, e.g. the spec file. */
  readonly context: string | undefined;

  constructor(
    readonly target: ServiceTarget,
    readonly code: status,
    readonly details: string,
    options?: { cause?: unknown; context?: string },
  ) {
    super(details, options);
    this.context = options?.context;
  }

  withContext(context: string): RemoteError {
    return new RemoteError(this.target, this.code, this.details, { cause: this.cause, context });
  }

  get codeName(): string {
    return status[this.code] ?? `code ${this.code}`;
  }
}

/** A grpc-js ServiceError, recognised by shape: grpc-js exports no class to test against. */
export function isServiceError(
  error: unknown,
): error is { code: number; details: string; message: string } {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Record<string, unknown>;
  return typeof candidate.code === 'number' && 'metadata' in candidate;
}

export function toRemoteError(error: unknown, target: ServiceTarget): unknown {
  if (!isServiceError(error)) return error;
  // grpc-js puts "<code> <NAME>: " before the details in `message`; `details` is the server's
  // own text. A failed connection ends in an empty "Resolution note: ", worth nothing to read.
  const details = (error.details || error.message).replace(/\s*Resolution note:\s*$/, '');
  return new RemoteError(target, error.code, details, { cause: error });
}

/** A watched sweep's end as an exit code: only COMPLETED is a success. */
export function exitCodeForSweep(state: string): number {
  return state === 'SWEEP_COMPLETED' ? EXIT.ok : EXIT.failure;
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof SpecFileError) return EXIT.badRequest;
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof InterruptedError) return EXIT.interrupted;
  if (error instanceof RemoteError) {
    if (error.code === status.INVALID_ARGUMENT || error.code === status.NOT_FOUND) {
      return EXIT.badRequest;
    }
    if (error.code === status.UNAVAILABLE) return EXIT.unavailable;
  }
  return EXIT.failure;
}

/** The lines to print on stderr for an error, without a stack trace unless it is a bug. */
export function errorLines(error: unknown): string[] {
  if (error instanceof UsageError || error instanceof SpecFileError || error instanceof CliError) {
    return [`error: ${error.message}`];
  }
  if (error instanceof InterruptedError) return ['interrupted'];
  if (error instanceof RemoteError) {
    const context = error.context ? [`  ${error.context}`] : [];
    return [`error: ${error.details}`, `  ${error.codeName}: ${remoteHint(error)}`, ...context];
  }
  if (error instanceof Error) {
    return [`error: ${error.message}`, ...(error.stack ? [error.stack] : [])];
  }
  return [`error: ${String(error)}`];
}

function remoteHint(error: RemoteError): string {
  const { service, address } = error.target;
  switch (error.code) {
    case status.UNAVAILABLE:
      return `is the ${service} running at ${address}?`;
    case status.UNAUTHENTICATED:
      return `the ${service} at ${address} wants a token: pass --token or set HYPERFLEET_TOKEN`;
    case status.DEADLINE_EXCEEDED:
      return `the ${service} at ${address} did not answer in time`;
    default:
      return `from the ${service} at ${address}`;
  }
}
