// Bearer-token authentication for gRPC services, applied to a whole service implementation
// at once so that no handler can forget it. Tokens are compared in constant time.
import { timingSafeEqual, createHash } from 'node:crypto';
import { status, type Metadata, type UntypedServiceImplementation } from '@grpc/grpc-js';

export function requireBearerToken(service: UntypedServiceImplementation, tokens: string[]): UntypedServiceImplementation {
  if (tokens.length === 0) return service;
  const digests = tokens.map(digest);
  const allowed = (metadata: Metadata) => {
    const header = String(metadata.get('authorization')[0] ?? '');
    // Auth schemes are case-insensitive (RFC 7235 section 2.1), and 1*SP separates the
    // scheme from the token (RFC 6750 section 2.1).
    const match = /^bearer +(\S.*)$/i.exec(header);
    if (!match) return false;
    const presented = digest(match[1]!);
    return digests.some((known) => timingSafeEqual(known, presented));
  };
  const denied = { code: status.UNAUTHENTICATED, details: 'a valid bearer token is required (authorization: Bearer <token>)' };

  const guarded: UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(service)) {
    guarded[name] = ((call: { metadata: Metadata; emit(event: 'error', error: unknown): void }, callback?: (e: unknown) => void) => {
      if (allowed(call.metadata)) return (handler as (...a: unknown[]) => unknown)(call, callback);
      if (callback) return callback(denied);
      // A server stream ends with a status only through its 'error' event.
      call.emit('error', denied);
    }) as never;
  }
  return guarded;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
