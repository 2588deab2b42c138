import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatClock, formatDuration, formatNumber, formatParams, truncate } from './format.js';

describe('formatNumber', () => {
  it('keeps integers, rounds others to four significant digits', () => {
    assert.equal(formatNumber(128), '128');
    assert.equal(formatNumber(0.954123), '0.9541');
    assert.equal(formatNumber(0.5), '0.5');
  });

  it('writes tiny and huge values in e-notation', () => {
    assert.equal(formatNumber(0.000312), '3.12e-4');
    assert.equal(formatNumber(0.0003), '3e-4');
    assert.equal(formatNumber(1234567.8), '1.23e6');
  });
});

describe('formatParams', () => {
  it('lists plain values sorted by name', () => {
    const params = {
      lr: { numberValue: 0.00123456, kind: 'numberValue' as const },
      activation: { stringValue: 'relu', kind: 'stringValue' as const },
      batch_norm: { boolValue: true, kind: 'boolValue' as const },
    };
    assert.equal(formatParams(params), 'activation=relu batch_norm=true lr=0.001235');
  });
});

describe('truncate', () => {
  it('leaves short texts alone and marks a cut with an ellipsis', () => {
    assert.equal(truncate('short', 10), 'short');
    assert.equal(truncate('a long error message', 8), 'a long …');
  });

  it('puts a multi-line error on one line', () => {
    assert.equal(truncate('Error: boom\n    at x.js:1', 100), 'Error: boom at x.js:1');
  });
});

describe('formatClock and formatDuration', () => {
  it('reads like a stopwatch while running and in words once finished', () => {
    assert.equal(formatClock(5_400), '0:05');
    assert.equal(formatClock(3_723_000), '1:02:03');
    assert.equal(formatDuration(45_000), '45s');
    assert.equal(formatDuration(192_000), '3m12s');
    assert.equal(formatDuration(7_500_000), '2h05m');
  });
});
