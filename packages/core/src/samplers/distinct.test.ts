import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { paramsKey } from '../codec.js';
import { validateSearchSpace } from '../space.js';
import type { TrialRecord } from '../trial.js';
import { knownKeys } from './distinct.js';

describe('knownKeys', () => {
  const space = validateSearchSpace([{ name: 'n', type: 'int', low: 0, high: 9 }]);
  const trial = (number: number, n: number): TrialRecord => ({ number, params: { n }, state: 'RUNNING' });
  const key = (n: number) => paramsKey(space, { n });

  it('keys the trials appended to a history since the last call', () => {
    const history: TrialRecord[] = [trial(0, 3)];
    assert.equal(knownKeys(space, history).has(key(3)), true);
    assert.equal(knownKeys(space, history).has(key(5)), false);
    history.push(trial(1, 5), trial(2, 7));
    const known = knownKeys(space, history);
    assert.deepEqual([3, 5, 7, 8].map((n) => known.has(key(n))), [true, true, true, false]);
  });

  it('forgets trials taken off the end, keeping a point another trial still holds', () => {
    const history: TrialRecord[] = [trial(0, 1), trial(1, 2), trial(2, 1)];
    knownKeys(space, history);
    history.length = 1;
    const known = knownKeys(space, history);
    assert.deepEqual([1, 2].map((n) => known.has(key(n))), [true, false]);
    history.length = 0;
    assert.equal(knownKeys(space, history).has(key(1)), false);
  });

  it('starts over for another space', () => {
    const history: TrialRecord[] = [trial(0, 8)];
    knownKeys(space, history);
    const other = validateSearchSpace([{ name: 'n', type: 'int', low: 0, high: 99 }]);
    assert.equal(knownKeys(other, history).has(paramsKey(other, { n: 8 })), true);
  });
});
