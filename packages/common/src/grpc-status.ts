// The one place where Hyperfleet's errors become gRPC status codes. Anything unrecognised is
// INTERNAL with a generic message, so that no internal detail leaks to a caller.
import { status, type ServiceError, Metadata } from '@grpc/grpc-js';
import { InvalidResultError, SearchExhaustedError, SpecError } from '@hyperfleet/core';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
} from './errors.js';

export function toGrpcCode(error: unknown): status {
  if (error instanceof SpecError || error instanceof InvalidArgumentError || error instanceof InvalidResultError) {
    return status.INVALID_ARGUMENT;
  }
  if (error instanceof NotFoundError) return status.NOT_FOUND;
  if (error instanceof FailedPreconditionError || error instanceof SearchExhaustedError) return status.FAILED_PRECONDITION;
  if (error instanceof UnavailableError) return status.UNAVAILABLE;
  if (error instanceof UnauthenticatedError) return status.UNAUTHENTICATED;
  return status.INTERNAL;
}

export function toServiceError(error: unknown): Partial<ServiceError> {
  const code = toGrpcCode(error);
  const details = code === status.INTERNAL ? 'internal error' : (error as Error).message;
  const metadata = new Metadata();
  if (error instanceof SpecError || error instanceof InvalidArgumentError) metadata.set('hyperfleet-field', error.field);
  return { code, details, metadata };
}
