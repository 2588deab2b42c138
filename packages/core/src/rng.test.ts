import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Rng } from './rng.js';

describe('Rng', () => {
  it('gives the same stream for the same keys and a different one otherwise', () => {
    const draw = (...keys: number[]) => {
      const rng = Rng.derive(...keys);
      return Array.from({ length: 8 }, () => rng.nextUint32());
    };
    assert.deepEqual(draw(1, 2), draw(1, 2));
    assert.notDeepEqual(draw(1, 2), draw(1, 3));
    assert.notDeepEqual(draw(1, 2), draw(2, 1));
    assert.notDeepEqual(draw(0), draw(2 ** 40));
    assert.notDeepEqual(draw(-1), draw(1));
  });

  it('draws floats in [0, 1) with a mean near 1/2', () => {
    const rng = Rng.derive(7);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = rng.float();
      assert.ok(x >= 0 && x < 1);
      sum += x;
    }
    assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01);
  });

  it('draws standard normals', () => {
    const rng = Rng.derive(3);
    let sum = 0;
    let sq = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
    }
    assert.ok(Math.abs(sum / n) < 0.03);
    assert.ok(Math.abs(sq / n - 1) < 0.05);
  });

  it('covers every integer of int(n) and respects weights', () => {
    const rng = Rng.derive(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[rng.int(3)]! += 1;
    assert.ok(counts.every((c) => c > 900));
    const picks = [0, 0];
    for (let i = 0; i < 2000; i++) picks[rng.weighted([1, 3])]! += 1;
    assert.ok(picks[1]! > 2 * picks[0]!);
    assert.throws(() => rng.int(0), RangeError);
  });

  it('rejects keys that are not safe integers', () => {
    assert.throws(() => Rng.derive(0.5), RangeError);
  });
});
