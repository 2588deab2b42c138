import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata, status } from '@grpc/grpc-js';
import { requireBearerToken } from './auth.js';

const TOKEN = 'sekret-token';

/** Calls a guarded unary handler with one authorization header; says whether it got through. */
function admits(authorization: string | undefined): boolean {
  let reached = false;
  const guarded = requireBearerToken({ Get: () => (reached = true) }, [TOKEN]);
  const metadata = new Metadata();
  if (authorization !== undefined) metadata.set('authorization', authorization);
  let denial: { code?: number } | undefined;
  (guarded.Get as (call: unknown, callback: (e: { code?: number }) => void) => void)(
    { metadata, emit: () => {} },
    (error) => (denial = error),
  );
  if (!reached) assert.equal(denial?.code, status.UNAUTHENTICATED);
  return reached;
}

test('the bearer scheme is accepted in any case, as RFC 7235 has auth schemes', () => {
  for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
    assert.ok(admits(`${scheme} ${TOKEN}`), `scheme ${scheme}`);
  }
  assert.ok(admits(`Bearer   ${TOKEN}`), 'several spaces may separate scheme and token');
});

test('a wrong token, another scheme or no header is refused', () => {
  assert.equal(admits(`Bearer ${TOKEN}x`), false);
  assert.equal(admits(`Basic ${TOKEN}`), false);
  assert.equal(admits(`Bearer${TOKEN}`), false);
  assert.equal(admits(TOKEN), false);
  assert.equal(admits(undefined), false);
});
