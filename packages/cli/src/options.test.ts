import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from './errors.js';
import {
  parseAddress,
  parseInteger,
  parseOrderBy,
  parseSweepStates,
  parseTrialStates,
  resolveGlobalOptions,
} from './options.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => error instanceof UsageError && error.message === message);
}

describe('resolveGlobalOptions', () => {
  it('defaults to the loopback ports of the demo', () => {
    assert.deepEqual(resolveGlobalOptions({}, {}), {
      coordinator: '127.0.0.1:50051',
      deploy: '127.0.0.1:50052',
      json: false,
    });
  });

  it('takes the environment, and a flag over it', () => {
    const env = {
      HYPERFLEET_COORDINATOR: 'coord:7000',
      HYPERFLEET_DEPLOY: 'dep:7001',
      HYPERFLEET_TOKEN: 'secret',
    };
    assert.deepEqual(resolveGlobalOptions({}, env), {
      coordinator: 'coord:7000',
      deploy: 'dep:7001',
      token: 'secret',
      json: false,
    });
    assert.equal(
      resolveGlobalOptions({ coordinator: '[::1]:50071', token: 'mine' }, env).coordinator,
      '[::1]:50071',
    );
    assert.equal(resolveGlobalOptions({ token: 'mine' }, env).token, 'mine');
  });

  it('names the flag or the variable that holds a bad address', () => {
    rejects(
      () => resolveGlobalOptions({ coordinator: 'localhost' }, {}),
      '--coordinator: must be HOST:PORT with a port from 1 to 65535 (got "localhost")',
    );
    rejects(
      () => resolveGlobalOptions({}, { HYPERFLEET_DEPLOY: 'h:70000' }),
      'HYPERFLEET_DEPLOY: must be HOST:PORT with a port from 1 to 65535 (got "h:70000")',
    );
  });
});

describe('parseAddress', () => {
  it('accepts host names, IPv4 and bracketed IPv6', () => {
    assert.equal(parseAddress('coordinator.hf:50051', 'x'), 'coordinator.hf:50051');
    assert.equal(parseAddress(' 127.0.0.1:1 ', 'x'), '127.0.0.1:1');
    assert.equal(parseAddress('[::1]:50051', 'x'), '[::1]:50051');
  });

  it('rejects a missing or zero port and a URL', () => {
    for (const bad of ['host:', 'host:0', 'http://host:1', '::1:50051']) {
      assert.throws(() => parseAddress(bad, '--deploy'), UsageError, bad);
    }
  });
});

describe('parseInteger', () => {
  it('states the range it wanted', () => {
    rejects(
      () => parseInteger('abc', '--limit', { min: 1, max: 1000 }),
      '--limit: must be an integer from 1 to 1000 (got "abc")',
    );
    rejects(
      () => parseInteger('1001', '--limit', { min: 1, max: 1000 }),
      '--limit: must be an integer from 1 to 1000 (got "1001")',
    );
    rejects(
      () => parseInteger('2.5', '--digits', { min: 1 }),
      '--digits: must be an integer >= 1 (got "2.5")',
    );
    assert.equal(parseInteger('12', '--digits', { min: 1 }), 12);
  });
});

describe('state and order flags', () => {
  it('take trial states in any case, repeated or comma-separated', () => {
    assert.deepEqual(parseTrialStates(['failed,Pruned', 'RUNNING']), [
      'FAILED',
      'PRUNED',
      'RUNNING',
    ]);
    assert.deepEqual(parseTrialStates(undefined), []);
  });

  it('list the allowed trial states when one is unknown', () => {
    rejects(
      () => parseTrialStates(['done']),
      '--state: must be one of queued, running, completed, pruned, failed, cancelled (got "done")',
    );
  });

  it('map sweep states to the API enum, with or without its prefix', () => {
    assert.deepEqual(parseSweepStates(['running', 'SWEEP_FAILED']), [
      'SWEEP_RUNNING',
      'SWEEP_FAILED',
    ]);
    rejects(
      () => parseSweepStates(['queued']),
      '--state: must be one of running, completed, failed, cancelled (got "queued")',
    );
  });

  it('order trials by number unless asked for value', () => {
    assert.equal(parseOrderBy(undefined), 'number');
    assert.equal(parseOrderBy('VALUE'), 'value');
    rejects(() => parseOrderBy('score'), '--order-by: must be one of number, value (got "score")');
  });
});
