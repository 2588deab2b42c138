import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { minimizeLbfgs } from './lbfgs.js';

describe('L-BFGS', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const result = minimizeLbfgs(
      (x, g) => {
        const [a, b] = [x[0]!, x[1]!];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      [-1.2, 1],
      { maxIterations: 500, relativeTolerance: 0 },
    );
    assert.ok(
      Math.abs(result.x[0]! - 1) < 1e-4 && Math.abs(result.x[1]! - 1) < 1e-4,
      String(result.x),
    );
  });

  it('stops at a box bound when the minimum lies outside', () => {
    const result = minimizeLbfgs(
      (x, g) => {
        g[0] = 2 * (x[0]! - 3);
        g[1] = 2 * (x[1]! - 0.25);
        return (x[0]! - 3) ** 2 + (x[1]! - 0.25) ** 2;
      },
      [0.5, 0.5],
      { maxIterations: 100, lower: 0, upper: 1 },
    );
    assert.ok(Math.abs(result.x[0]! - 1) < 1e-9);
    assert.ok(Math.abs(result.x[1]! - 0.25) < 1e-6);
  });
});
