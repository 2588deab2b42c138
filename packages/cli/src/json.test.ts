import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toJson } from './json.js';

describe('toJson', () => {
  it('turns Value wrappers into plain values and drops oneof markers', () => {
    const trial = {
      number: 3,
      value: 0.9,
      _value: 'value',
      params: {
        lr: { numberValue: 0.01, kind: 'numberValue' },
        act: { stringValue: 'relu', kind: 'stringValue' },
      },
      template: { tfjs: { epochs: 5 }, kind: 'tfjs', maxAttempts: 3 },
    };
    assert.deepEqual(toJson(trial), {
      number: 3,
      value: 0.9,
      params: { lr: 0.01, act: 'relu' },
      template: { tfjs: { epochs: 5 }, maxAttempts: 3 },
    });
  });

  it('keeps a field that only looks like a marker', () => {
    assert.deepEqual(toJson({ kind: 'custom', _note: 'other' }), {
      kind: 'custom',
      _note: 'other',
    });
  });
});
