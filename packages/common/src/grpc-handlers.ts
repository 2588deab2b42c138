// Adapts async functions to grpc-js handlers: errors become status codes in one place
// (toServiceError), and an unexpected one is logged with the method that raised it.
import type { sendUnaryData, ServerUnaryCall, ServerWritableStream, ServiceError } from '@grpc/grpc-js';
import { toGrpcCode, toServiceError } from './grpc-status.js';
import type { Logger } from './logger.js';
import { status } from '@grpc/grpc-js';

export function unaryHandler<Req, Res>(method: string, logger: Logger, handle: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    handle(call.request, call).then(
      (response) => callback(null, response),
      (error: unknown) => {
        logFailure(method, logger, error);
        callback(toServiceError(error) as ServiceError);
      },
    );
  };
}

export function streamHandler<Req, Res>(method: string, logger: Logger, handle: (call: ServerWritableStream<Req, Res>) => Promise<void>) {
  return (call: ServerWritableStream<Req, Res>) => {
    handle(call).then(
      () => call.end(),
      (error: unknown) => {
        logFailure(method, logger, error);
        // A server stream ends with a status only through its 'error' event.
        call.emit('error', toServiceError(error));
      },
    );
  };
}

function logFailure(method: string, logger: Logger, error: unknown): void {
  if (toGrpcCode(error) === status.INTERNAL) logger.error('request failed', { method, error });
  else logger.info('request rejected', { method, error: (error as Error).message });
}

/**
 * Stops a gRPC server: lets calls in progress finish for up to `graceMs`, then ends the rest.
 * A WatchSweep stream never ends on its own, so a plain tryShutdown could wait forever.
 */
export function shutdownServer(server: { tryShutdown(cb: (error?: Error) => void): void; forceShutdown(): void } | undefined, graceMs = 5_000): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.forceShutdown(), graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
