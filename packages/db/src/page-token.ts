// Opaque page tokens for keyset pagination: a caller hands back what it got, and a page
// deep in a 100,000-trial history costs the same as the first.
import { InvalidArgumentError } from '@hyperfleet/common';

export function encodePageToken(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodePageToken<T extends Record<string, unknown>>(
  token: string,
  isValid: (position: Record<string, unknown>) => position is T,
): T | undefined {
  if (token === '') return undefined;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidArgumentError('pageToken', 'is not a token this server issued');
  }
  if (typeof position !== 'object' || position === null || !isValid(position as Record<string, unknown>)) {
    throw new InvalidArgumentError('pageToken', 'is not a token this server issued for this listing');
  }
  return position as T;
}
