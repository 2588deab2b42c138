import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createSampler, validateSearchSpace, type TrialRecord } from '../index.js';

describe('random sampler', () => {
  const space = validateSearchSpace([
    { name: 'n', type: 'int', low: 0, high: 2 },
    { name: 'b', type: 'categorical', choices: [true, false] },
  ]);
  const sampler = createSampler({ name: 'random' }, space);

  it('depends only on seed, trial number and history', () => {
    const ctx = { space, direction: 'minimize' as const, seed: 42, trialNumber: 7, history: [] };
    assert.deepEqual(
      sampler.suggest(ctx),
      createSampler({ name: 'random' }, space).suggest({ ...ctx }),
    );
  });

  it('avoids every known point while the space has an unused one', () => {
    const history: TrialRecord[] = [];
    for (let i = 0; i < 6; i++) {
      const params = sampler.suggest({
        space,
        direction: 'minimize',
        seed: 1,
        trialNumber: i,
        history,
      });
      history.push({ number: i, params, state: i % 2 === 0 ? 'RUNNING' : 'FAILED' });
    }
    assert.equal(new Set(history.map((t) => JSON.stringify(t.params))).size, 6);
  });

  it('repeats a point only once the space is used up', () => {
    const history: TrialRecord[] = [];
    for (let i = 0; i < 8; i++) {
      const params = sampler.suggest({
        space,
        direction: 'minimize',
        seed: 2,
        trialNumber: i,
        history,
      });
      history.push({ number: i, params, state: 'COMPLETED', value: i });
    }
    assert.equal(new Set(history.map((t) => JSON.stringify(t.params))).size, 6);
  });
});
