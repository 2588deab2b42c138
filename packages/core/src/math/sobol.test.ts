import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isPrimitive, sobolPolynomial, SobolSequence } from './sobol.js';

describe('Sobol sequence', () => {
  it('generates primitive polynomials in Joe & Kuo order', () => {
    const expected = [
      [1, 0],
      [2, 1],
      [3, 1],
      [3, 2],
      [4, 1],
      [4, 4],
      [5, 2],
      [5, 4],
      [5, 7],
    ];
    const got = expected.map((_, i) => {
      const p = sobolPolynomial(i + 2);
      return [p.degree, p.a];
    });
    assert.deepEqual(got, expected);
    assert.equal(isPrimitive(0b10011, 4), true); // x^4 + x + 1
    assert.equal(isPrimitive(0b11111, 4), false); // x^4 + x^3 + x^2 + x + 1 has order 5
  });

  it('starts with the textbook unscrambled points', () => {
    const sobol = new SobolSequence(3);
    const points = Array.from({ length: 5 }, (_, i) => sobol.point(i));
    assert.deepEqual(points, [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
    ]);
  });

  for (const seed of [undefined, 1, 2]) {
    it(`puts exactly one of the first 2^m points in each 1/2^m slice of every dimension (seed ${seed})`, () => {
      const sobol = new SobolSequence(12, seed);
      const m = 6;
      const points = Array.from({ length: 2 ** m }, (_, i) => sobol.point(i));
      for (let d = 0; d < 12; d++) {
        const cells = new Set(points.map((p) => Math.floor(p[d]! * 2 ** m)));
        assert.equal(cells.size, 2 ** m, `dimension ${d}`);
      }
    });
  }

  it('stratifies the first two dimensions jointly into 4 x 4 boxes', () => {
    const sobol = new SobolSequence(2, 9);
    const boxes = new Set(
      Array.from({ length: 16 }, (_, i) => {
        const [x, y] = sobol.point(i);
        return `${Math.floor(x! * 4)},${Math.floor(y! * 4)}`;
      }),
    );
    assert.equal(boxes.size, 16);
  });

  it('scrambles differently per seed and identically for the same seed', () => {
    assert.deepEqual(new SobolSequence(4, 3).point(5), new SobolSequence(4, 3).point(5));
    assert.notDeepEqual(new SobolSequence(4, 3).point(5), new SobolSequence(4, 4).point(5));
  });

  it('supports well over a hundred dimensions', () => {
    const p = new SobolSequence(150, 1).point(3);
    assert.equal(p.length, 150);
    assert.ok(p.every((x) => x >= 0 && x < 1));
  });
});
