import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createPruner, validatePrunerConfig, type TrialRecord } from '../index.js';

function trial(
  number: number,
  values: number[],
  state: TrialRecord['state'] = 'COMPLETED',
): TrialRecord {
  return {
    number,
    params: {},
    state,
    intermediates: values.map((value, i) => ({ step: i + 1, value })),
  };
}

// Five completed trials; at step 3 their values are 3, 4, 5, 6, 7 (median 5).
const completed = [0, 1, 2, 3, 4].map((n) => trial(n, [10, 8, 3 + n, 2, 1]));

describe('median pruner', () => {
  const median = createPruner({ name: 'median' });

  it('prunes a trial whose best so far is worse than the median at its step', () => {
    assert.equal(
      median.shouldPrune({
        direction: 'minimize',
        trial: trial(9, [9, 9, 5.5], 'RUNNING'),
        history: completed,
      }),
      true,
    );
    assert.equal(
      median.shouldPrune({
        direction: 'minimize',
        trial: trial(9, [9, 9, 4.5], 'RUNNING'),
        history: completed,
      }),
      false,
    );
    // Its best so far counts, not only its latest value.
    assert.equal(
      median.shouldPrune({
        direction: 'minimize',
        trial: trial(9, [4, 9, 5.5], 'RUNNING'),
        history: completed,
      }),
      false,
    );
  });

  it('waits for nStartupTrials completed trials, ignoring running and pruned ones', () => {
    const few = [
      ...completed.slice(0, 4),
      trial(5, [0, 0, 0], 'RUNNING'),
      trial(6, [0, 0, 0], 'PRUNED'),
    ];
    assert.equal(
      median.shouldPrune({
        direction: 'minimize',
        trial: trial(9, [9, 9, 9], 'RUNNING'),
        history: few,
      }),
      false,
    );
  });

  it('spares warm-up steps and steps between intervals', () => {
    const warm = createPruner({ name: 'median', nWarmupSteps: 3 });
    assert.equal(
      warm.shouldPrune({
        direction: 'minimize',
        trial: trial(9, [99, 99], 'RUNNING'),
        history: completed,
      }),
      false,
    );
    assert.equal(
      warm.shouldPrune({
        direction: 'minimize',
        trial: trial(9, [99, 99, 99], 'RUNNING'),
        history: completed,
      }),
      true,
    );
    const every2 = createPruner({ name: 'median', intervalSteps: 2 });
    assert.equal(
      every2.shouldPrune({
        direction: 'minimize',
        trial: trial(9, [99, 99, 99], 'RUNNING'),
        history: completed,
      }),
      false,
    );
    assert.equal(
      every2.shouldPrune({
        direction: 'minimize',
        trial: trial(9, [99, 99, 99, 99], 'RUNNING'),
        history: completed,
      }),
      true,
    );
  });

  it('compares only with trials that reached the step', () => {
    const short = [0, 1, 2, 3, 4].map((n) => trial(n, [1, 1]));
    assert.equal(
      median.shouldPrune({
        direction: 'minimize',
        trial: trial(9, [9, 9, 9], 'RUNNING'),
        history: short,
      }),
      false,
    );
  });

  it('honours the maximize direction', () => {
    assert.equal(
      median.shouldPrune({
        direction: 'maximize',
        trial: trial(9, [1, 1, 5.5], 'RUNNING'),
        history: completed,
      }),
      false,
    );
    assert.equal(
      median.shouldPrune({
        direction: 'maximize',
        trial: trial(9, [1, 1, 4.5], 'RUNNING'),
        history: completed,
      }),
      true,
    );
  });

  it('fills defaults and rejects bad options', () => {
    assert.deepEqual(validatePrunerConfig({ name: 'median' }), {
      name: 'median',
      nStartupTrials: 5,
      nWarmupSteps: 0,
      intervalSteps: 1,
      nMinTrials: 1,
    });
    assert.throws(() => validatePrunerConfig({ name: 'median', intervalSteps: 0 }), {
      message: 'pruner.intervalSteps: must be >= 1 (got 0)',
    });
  });
});
