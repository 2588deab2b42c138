import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  cholesky,
  choleskyInverse,
  choleskyLogDet,
  choleskySolve,
  NotPositiveDefiniteError,
} from './linalg.js';

const a = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);

describe('linear algebra', () => {
  it('factors, solves and inverts a positive-definite matrix', () => {
    const { l, jitter } = cholesky(a, 3);
    assert.equal(jitter, 0);
    const x = choleskySolve(l, 3, [1, 2, 3]);
    for (let i = 0; i < 3; i++) {
      const row = a[i * 3]! * x[0]! + a[i * 3 + 1]! * x[1]! + a[i * 3 + 2]! * x[2]!;
      assert.ok(Math.abs(row - (i + 1)) < 1e-12);
    }
    const inv = choleskyInverse(l, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k]! * inv[k * 3 + j]!;
        assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-12);
      }
    }
    // det = 4*(15-1) - 2*(6-0.4) + 0.4*(2-2) = 44.8
    assert.ok(Math.abs(choleskyLogDet(l, 3) - Math.log(44.8)) < 1e-12);
  });

  it('adds jitter to a singular matrix and gives up on an indefinite one', () => {
    const singular = Float64Array.from([1, 1, 1, 1]);
    assert.ok(cholesky(singular, 2).jitter > 0);
    assert.throws(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2), NotPositiveDefiniteError);
  });
});
