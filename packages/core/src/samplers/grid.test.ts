import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  SearchExhaustedError,
  SpecError,
  Study,
  createSampler,
  gridSize,
  validateSearchSpace,
} from '../index.js';
import { Rng } from '../rng.js';
import { AffinePermutation } from './grid.js';

const space16 = validateSearchSpace([
  { name: 'depth', type: 'int', low: 1, high: 4 },
  { name: 'opt', type: 'categorical', choices: ['sgd', 'adam'] },
  { name: 'drop', type: 'float', low: 0, high: 0.5, step: 0.5 },
]);

describe('gridSize', () => {
  it('multiplies the value counts of the parameters', () => {
    assert.equal(gridSize(space16), 16);
    const lattice = validateSearchSpace([
      { name: 'n', type: 'int', low: 1, high: 10, step: 3 },
      { name: 'x', type: 'float', low: 0.5, high: 0.9, step: 0.1 },
      { name: 'c', type: 'float', low: 2, high: 2 },
      { name: 'u', type: 'int', low: 1, high: 100, log: true },
    ]);
    assert.equal(gridSize(lattice), 4 * 5 * 1 * 100);
  });

  it('rejects a continuous float, naming the parameter', () => {
    const space = validateSearchSpace([{ name: 'lr', type: 'float', low: 0, high: 1 }]);
    assert.throws(
      () => gridSize(space),
      (err: unknown) => {
        assert.ok(err instanceof SpecError);
        assert.equal(err.field, 'searchSpace.lr.step');
        assert.match(err.message, /grid sampler/);
        return true;
      },
    );
    assert.throws(() => createSampler({ name: 'grid' }, space), SpecError);
  });
});

describe('AffinePermutation', () => {
  it('is a bijection of [0, n) for several sizes', () => {
    for (const n of [1, 2, 3, 16, 97, 360]) {
      const perm = new AffinePermutation(n, Rng.derive(n));
      const seen = new Set(Array.from({ length: n }, (_, i) => perm.at(i)));
      assert.equal(seen.size, n);
      assert.ok([...seen].every((v) => v >= 0 && v < n));
    }
  });
});

describe('grid sampler', () => {
  it('runs each of 16 points exactly once with 4 trials in flight, then reports exhaustion', () => {
    const study = new Study({
      space: space16,
      direction: 'minimize',
      sampler: { name: 'grid' },
      seed: 3,
    });
    const inFlight: number[] = [];
    for (let i = 0; i < 16; i++) {
      inFlight.push(study.ask().number);
      if (inFlight.length === 4) study.tell(inFlight.shift()!, i);
    }
    const keys = study.trials.map((t) => JSON.stringify(t.params));
    assert.equal(new Set(keys).size, 16);
    assert.throws(() => study.ask(), SearchExhaustedError);
  });

  it('finishes a 16-point grid with parallelism 3 as 16 distinct trials', () => {
    const study = new Study({
      space: space16,
      direction: 'maximize',
      sampler: { name: 'grid' },
      seed: 8,
    });
    const running: number[] = [];
    let asked = 0;
    while (asked < 16 || running.length > 0) {
      while (asked < 16 && running.length < 3) {
        running.push(study.ask().number);
        asked += 1;
      }
      study.tell(running.shift()!, asked);
    }
    assert.equal(study.trials.length, 16);
    assert.equal(new Set(study.trials.map((t) => JSON.stringify(t.params))).size, 16);
    assert.ok(study.trials.every((t) => t.state === 'COMPLETED'));
  });

  it('resumes after a restart without repeating a point, failed or in flight', () => {
    const first = new Study({
      space: space16,
      direction: 'minimize',
      sampler: { name: 'grid' },
      seed: 5,
    });
    for (let i = 0; i < 6; i++) first.ask();
    first.tell(0, 1);
    first.tell(1, { state: 'FAILED' });

    const restored = new Study({
      space: space16,
      direction: 'minimize',
      sampler: { name: 'grid' },
      seed: 5,
      trials: [...first.trials],
    });
    const next = restored.ask();
    const uninterrupted = first.ask();
    assert.deepEqual(next, uninterrupted);
    for (let i = 0; i < 9; i++) restored.ask();
    assert.equal(new Set(restored.trials.map((t) => JSON.stringify(t.params))).size, 16);
  });

  it('visits points in an order that depends on the seed', () => {
    const order = (seed: number) => {
      const study = new Study({
        space: space16,
        direction: 'minimize',
        sampler: { name: 'grid' },
        seed,
      });
      return Array.from({ length: 16 }, () => JSON.stringify(study.ask().params));
    };
    assert.deepEqual(order(1), order(1));
    assert.notDeepEqual(order(1), order(2));
  });

  it('ignores history points that are not on the grid', () => {
    const space = validateSearchSpace([{ name: 'n', type: 'int', low: 0, high: 1 }]);
    const sampler = createSampler({ name: 'grid' }, space);
    const history = [{ number: 0, params: { n: 7 }, state: 'COMPLETED' as const, value: 1 }];
    const p = sampler.suggest({ space, direction: 'minimize', seed: 0, trialNumber: 1, history });
    assert.ok(p['n'] === 0 || p['n'] === 1);
  });
});
