import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../errors.js';
import { eventLimit, limitsRequest } from './pool.js';
import { predictRequest } from './predict.js';
import { listRequest } from './trials.js';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => error instanceof UsageError && error.message === message);
}

describe('trials list flags', () => {
  it('let --limit exceed one page only with --all', () => {
    assert.equal(listRequest('s', { all: true, limit: '5000' }).limit, 5000);
    rejects(
      () => listRequest('s', { limit: '5000' }),
      '--limit: must be an integer from 1 to 1000 (got "5000")',
    );
  });

  it('refuse --page-token with --all', () => {
    rejects(
      () => listRequest('s', { all: true, pageToken: 'x' }),
      '--page-token: cannot be combined with --all, which reads every page from the first',
    );
  });
});

describe('predict flags', () => {
  it('take --digits with an optional --seed and --version', () => {
    assert.deepEqual(predictRequest({ digits: '100', seed: '7', version: '2' }), {
      digits: 100,
      seed: 7,
      version: 2,
    });
    assert.deepEqual(predictRequest({ file: 'rows.json' }), { file: 'rows.json', version: 0 });
  });

  it('name the flag that does not fit', () => {
    rejects(
      () => predictRequest({ digits: '5', file: 'x.json' }),
      '--digits, --file: give exactly one of them',
    );
    rejects(
      () => predictRequest({ file: 'x.json', seed: '3' }),
      '--seed: only applies with --digits',
    );
    rejects(() => predictRequest({ digits: '0' }), '--digits: must be an integer >= 1 (got "0")');
    rejects(
      () => predictRequest({ digits: '5', version: '0' }),
      '--version: must be an integer from 1 to 2147483647 (got "0")',
    );
  });
});

describe('pool flags', () => {
  it('ask for 20 events unless --events says otherwise, and at most 200', () => {
    assert.equal(eventLimit({}), 20);
    assert.equal(eventLimit({ events: '200' }), 200);
    rejects(
      () => eventLimit({ events: '201' }),
      '--events: must be an integer from 1 to 200 (got "201")',
    );
    rejects(
      () => eventLimit({ events: '0' }),
      '--events: must be an integer from 1 to 200 (got "0")',
    );
  });

  it('send only the bounds given, zero included', () => {
    assert.deepEqual(limitsRequest({ max: '8' }), { max: 8 });
    assert.deepEqual(limitsRequest({ min: '0', max: '8' }), { min: 0, max: 8 });
  });

  it('want at least one bound, each a non-negative integer that fits the wire', () => {
    rejects(() => limitsRequest({}), '--min, --max: give at least one of them');
    rejects(
      () => limitsRequest({ min: '-1' }),
      '--min: must be an integer from 0 to 2147483647 (got "-1")',
    );
    rejects(
      () => limitsRequest({ min: '1', max: '2.5' }),
      '--max: must be an integer from 0 to 2147483647 (got "2.5")',
    );
    rejects(
      () => limitsRequest({ max: '4294967297' }),
      '--max: must be an integer from 0 to 2147483647 (got "4294967297")',
    );
  });
});
