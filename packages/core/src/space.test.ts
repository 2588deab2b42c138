import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SpecError } from './errors.js';
import { validateSearchSpace } from './space.js';

function rejects(raw: unknown, field: string, fragment: string): void {
  assert.throws(
    () => validateSearchSpace(raw),
    (err: unknown) => {
      assert.ok(err instanceof SpecError, `expected SpecError, got ${String(err)}`);
      assert.equal(err.name, 'SpecError');
      assert.equal(err.field, field);
      assert.ok(err.message.startsWith(`${field}: `), err.message);
      assert.ok(err.message.includes(fragment), `"${err.message}" lacks "${fragment}"`);
      return true;
    },
  );
}

const lr = { name: 'lr', type: 'float', low: 1e-4, high: 0.1, log: true };

describe('validateSearchSpace', () => {
  it('accepts an array and keeps only the fields that apply', () => {
    const space = validateSearchSpace([
      lr,
      { name: 'layers', type: 'int', low: 1, high: 4, step: null, log: false, choices: [] },
      { name: 'act', type: 'categorical', choices: ['relu', 'tanh'], low: null, log: false },
    ]);
    assert.deepEqual(space, [
      { name: 'lr', type: 'float', low: 1e-4, high: 0.1, log: true },
      { name: 'layers', type: 'int', low: 1, high: 4 },
      { name: 'act', type: 'categorical', choices: ['relu', 'tanh'] },
    ]);
    assert.ok(Object.isFrozen(space) && Object.isFrozen(space[0]));
  });

  it('normalizes an object keyed by name to the array form, in order', () => {
    const space = validateSearchSpace({
      lr: { type: 'float', low: 0.001, high: 0.1, log: true },
      units: { type: 'int', low: 16, high: 256, step: 16 },
    });
    assert.deepEqual(space, [
      { name: 'lr', type: 'float', low: 0.001, high: 0.1, log: true },
      { name: 'units', type: 'int', low: 16, high: 256, step: 16 },
    ]);
  });

  it('accepts low == high and a one-choice categorical', () => {
    const space = validateSearchSpace([
      { name: 'a', type: 'float', low: 2, high: 2, log: true },
      { name: 'b', type: 'categorical', choices: [true] },
    ]);
    assert.equal(space.length, 2);
  });

  it('accepts an int step larger than the range (the lattice is just low)', () => {
    const space = validateSearchSpace([{ name: 'n', type: 'int', low: 2, high: 4, step: 3 }]);
    assert.deepEqual(space[0], { name: 'n', type: 'int', low: 2, high: 4, step: 3 });
  });

  it('rejects a log-scale parameter with low <= 0, naming field, rule and value', () => {
    assert.throws(() => validateSearchSpace([{ ...lr, low: 0 }]), {
      name: 'SpecError',
      message: 'searchSpace.lr.low: must be > 0 for a log-scale parameter (got 0)',
    });
    rejects([{ name: 'n', type: 'int', low: -1, high: 8, log: true }], 'searchSpace.n.low', '> 0');
  });

  it('rejects low > high', () => {
    rejects(
      [{ name: 'x', type: 'float', low: 3, high: 1 }],
      'searchSpace.x.low',
      'must be <= high (1) (got 3)',
    );
  });

  it('rejects non-finite or missing bounds', () => {
    rejects(
      [{ name: 'x', type: 'float', low: 0, high: Infinity }],
      'searchSpace.x.high',
      'finite number (got Infinity)',
    );
    rejects([{ name: 'x', type: 'float', low: NaN, high: 1 }], 'searchSpace.x.low', '(got NaN)');
    rejects(
      [{ name: 'x', type: 'float', low: '0', high: 1 }],
      'searchSpace.x.low',
      'finite number (got "0")',
    );
    rejects([{ name: 'x', type: 'int', high: 1 }], 'searchSpace.x.low', 'is required');
  });

  it('rejects a float range whose width high - low overflows, naming high', () => {
    rejects(
      [{ name: 'x', type: 'float', low: -1e308, high: 1e308 }],
      'searchSpace.x.high',
      'so that high - low is finite (got 1e+308)',
    );
    rejects(
      [{ name: 'x', type: 'float', low: -Number.MAX_VALUE, high: 1e300 }],
      'searchSpace.x.high',
      'above low (-1.7976931348623157e+308)',
    );
    rejects(
      [{ name: 'x', type: 'float', low: -1e308, high: 1e308, step: 1e307 }],
      'searchSpace.x.high',
      'high - low is finite',
    );
    const widest = validateSearchSpace([{ name: 'x', type: 'float', low: -7e307, high: 1e308 }]);
    assert.equal(widest[0]!.type, 'float', 'a width just under Number.MAX_VALUE is accepted');
  });

  it('rejects a step so small that the lattice of a wide range has no finite size', () => {
    rejects(
      [{ name: 'x', type: 'float', low: 0, high: 1e308, step: 1e-10 }],
      'searchSpace.x.step',
      'is too small for the range 0..1e+308: (high - low) / step overflows (got 1e-10)',
    );
  });

  it('rejects int bounds that are not integers', () => {
    rejects([{ name: 'n', type: 'int', low: 0.5, high: 4 }], 'searchSpace.n.low', 'integer');
  });

  it('rejects an empty or duplicated choices list', () => {
    rejects(
      [{ name: 'c', type: 'categorical', choices: [] }],
      'searchSpace.c.choices',
      'must not be empty',
    );
    rejects(
      [{ name: 'c', type: 'categorical', choices: ['a', 'b', 'a'] }],
      'searchSpace.c.choices[2]',
      'duplicates choices[0] (got "a")',
    );
    rejects([{ name: 'c', type: 'categorical' }], 'searchSpace.c.choices', 'is required');
    rejects(
      [{ name: 'c', type: 'categorical', choices: [{}] }],
      'searchSpace.c.choices[0]',
      'string',
    );
  });

  it('treats 1 and "1" as different choices', () => {
    const space = validateSearchSpace([
      { name: 'c', type: 'categorical', choices: [1, '1', true] },
    ]);
    assert.deepEqual(space[0], { name: 'c', type: 'categorical', choices: [1, '1', true] });
  });

  it('rejects duplicate parameter names, pointing at both', () => {
    rejects([lr, { ...lr }], 'searchSpace[1].name', 'first defined at searchSpace[0] (got "lr")');
  });

  it('rejects a missing or unknown type', () => {
    rejects(
      [{ name: 'x', low: 0, high: 1 }],
      'searchSpace.x.type',
      'is required; one of float, int, categorical',
    );
    rejects(
      [{ name: 'x', type: 'double', low: 0, high: 1 }],
      'searchSpace.x.type',
      '(got "double")',
    );
  });

  it('rejects a step <= 0, a fractional int step and a step with log', () => {
    rejects(
      [{ name: 'x', type: 'float', low: 0, high: 1, step: 0 }],
      'searchSpace.x.step',
      'must be > 0 (got 0)',
    );
    rejects(
      [{ name: 'x', type: 'float', low: 0, high: 1, step: -0.1 }],
      'searchSpace.x.step',
      '> 0',
    );
    rejects(
      [{ name: 'n', type: 'int', low: 0, high: 9, step: 1.5 }],
      'searchSpace.n.step',
      'must be an integer for an int parameter (got 1.5)',
    );
    rejects([{ ...lr, step: 0.01 }], 'searchSpace.lr.step', 'cannot be combined with log');
  });

  it('rejects names that are not simple identifiers', () => {
    rejects(
      [{ name: '1x', type: 'float', low: 0, high: 1 }],
      'searchSpace[0].name',
      'must be a simple identifier',
    );
    rejects([{ name: 'a b', type: 'float', low: 0, high: 1 }], 'searchSpace[0].name', 'identifier');
    rejects([{ type: 'float', low: 0, high: 1 }], 'searchSpace[0].name', 'is required');
  });

  it('rejects fields that do not belong to the type, and unknown fields', () => {
    rejects(
      [{ name: 'x', type: 'float', low: 0, high: 1, choices: [1] }],
      'searchSpace.x.choices',
      'only applies',
    );
    rejects(
      [{ name: 'c', type: 'categorical', choices: [1], low: 0 }],
      'searchSpace.c.low',
      'does not apply',
    );
    rejects(
      [{ name: 'x', type: 'float', low: 0, high: 1, lg: true }],
      'searchSpace.x.lg',
      'unknown field',
    );
    rejects(
      [{ name: 'x', type: 'float', low: 0, high: 1, log: 'yes' }],
      'searchSpace.x.log',
      'boolean',
    );
  });

  it('rejects a space that is not a list or map, an empty one, and non-object entries', () => {
    rejects('lr', 'searchSpace', 'must be an array');
    rejects([], 'searchSpace', 'at least one parameter');
    rejects([42], 'searchSpace[0]', 'must be an object (got 42)');
    rejects({ lr: 3 }, 'searchSpace.lr', 'must be an object');
    rejects({ lr: { ...lr, name: 'other' } }, 'searchSpace.lr.name', 'must match its key');
  });

  it('uses the given field prefix', () => {
    assert.throws(() => validateSearchSpace([{ ...lr, low: 0 }], 'spec.space'), {
      message: /^spec\.space\.lr\.low: /,
    });
  });
});
