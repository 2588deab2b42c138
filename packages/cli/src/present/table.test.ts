import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sweep, trial, at } from '../test-support.js';
import { formatFields, formatTable } from './table.js';
import { trialDetails, trialTable, metricTable, ERROR_CELL_CHARS } from './trial-view.js';
import { sweepTable } from './sweep-view.js';

describe('formatTable', () => {
  it('pads every column to its widest cell, two spaces apart', () => {
    const lines = formatTable(
      [{ header: 'A' }, { header: 'LONG' }],
      [
        ['xyz', '1'],
        ['', '22'],
      ],
    );
    assert.deepEqual(lines, ['A    LONG', 'xyz  1', '     22']);
  });

  it('right-aligns numeric columns and leaves no trailing blanks', () => {
    const lines = formatTable(
      [{ header: 'N', align: 'right' }, { header: 'NOTE' }],
      [
        ['7', ''],
        ['123', 'ok'],
      ],
    );
    assert.deepEqual(lines, ['  N  NOTE', '  7', '123  ok']);
  });

  it('counts characters, not UTF-16 units, so an ellipsis takes one column', () => {
    const lines = formatTable(
      [{ header: 'X' }, { header: 'Y' }],
      [
        ['ab…', '1'],
        ['abcd', '2'],
      ],
    );
    assert.deepEqual(lines, ['X     Y', 'ab…   1', 'abcd  2']);
  });
});

describe('formatFields', () => {
  it('aligns the values after the longest key', () => {
    assert.deepEqual(
      formatFields([
        ['id', 'x'],
        ['state', 'RUNNING'],
      ]),
      ['id:    x', 'state: RUNNING'],
    );
  });
});

describe('trialTable', () => {
  it('shows number, state, value, compact params, attempt, worker and a truncated error', () => {
    const error = 'Error: the worker ran out of memory while building layer 3 of the model';
    const lines = trialTable([
      trial(0, { state: 'COMPLETED', value: 0.954123, attempt: 1, workerId: 'w-1' }),
      trial(11, { state: 'FAILED', attempt: 3, workerId: 'w-2', error }),
    ]);
    assert.deepEqual(lines, [
      'NUMBER  STATE       VALUE  PARAMS                                  ATTEMPT  WORKER  ERROR',
      '     0  COMPLETED  0.9541  hidden_units=128 learning_rate=0.00312        1  w-1',
      `    11  FAILED          -  hidden_units=128 learning_rate=0.00312        3  w-2     ${error.slice(0, ERROR_CELL_CHARS - 1)}…`,
    ]);
  });
});

describe('trialTable with a lost worker', () => {
  it('marks the attempt of an interrupted trial, keeping the numbers aligned', () => {
    const lines = trialTable([
      trial(3, {
        state: 'RUNNING',
        attempt: 2,
        workerId: 'w-3',
        interruption: 'worker pod hf-worker-q9m4d OOMKilled (exit 137)',
      }),
      trial(4, { state: 'RUNNING', attempt: 1, workerId: 'w-4' }),
    ]);
    assert.deepEqual(lines.slice(1), [
      '     3  RUNNING      -  hidden_units=128 learning_rate=0.00312      ! 2  w-3',
      '     4  RUNNING      -  hidden_units=128 learning_rate=0.00312        1  w-4',
    ]);
  });
});

describe('trialDetails', () => {
  it('says why the trial was interrupted, when a worker was lost', () => {
    const interruption = 'worker pod hf-worker-q9m4d OOMKilled (exit 137)';
    const lines = trialDetails(trial(3, { state: 'RUNNING', attempt: 2, interruption }));
    assert.ok(lines.includes(`interrupted: ${interruption}`), lines.join('\n'));
  });

  it('has no interrupted line otherwise', () => {
    const lines = trialDetails(trial(3, { state: 'COMPLETED', attempt: 1 }));
    assert.equal(
      lines.some((line) => line.startsWith('interrupted')),
      false,
    );
  });
});

describe('metricTable', () => {
  it('has one row per step and one column per metric name seen in any step', () => {
    const lines = metricTable([
      { attempt: 1, step: 2, values: { loss: 0.31, val_accuracy: 0.91 }, recordedAt: at(20) },
      { attempt: 1, step: 1, values: { loss: 0.52 }, recordedAt: at(10) },
    ]);
    assert.deepEqual(lines, [
      'ATTEMPT  STEP  loss  val_accuracy  RECORDED',
      '      1     1  0.52             -  2025-12-04 10:00:10Z',
      '      1     2  0.31          0.91  2025-12-04 10:00:20Z',
    ]);
  });

  it('groups the steps of each attempt, in attempt order, with the attempt in a column', () => {
    const lines = metricTable([
      { attempt: 2, step: 1, values: { loss: 0.5 }, recordedAt: at(40) },
      { attempt: 1, step: 2, values: { loss: 0.4 }, recordedAt: at(20) },
      { attempt: 1, step: 1, values: { loss: 0.6 }, recordedAt: at(10) },
      { attempt: 2, step: 2, values: { loss: 0.3 }, recordedAt: at(50) },
    ]);
    assert.deepEqual(lines, [
      'ATTEMPT  STEP  loss  RECORDED',
      '      1     1   0.6  2025-12-04 10:00:10Z',
      '      1     2   0.4  2025-12-04 10:00:20Z',
      '      2     1   0.5  2025-12-04 10:00:40Z',
      '      2     2   0.3  2025-12-04 10:00:50Z',
    ]);
  });

  it('shows - for the attempt when a coordinator predating it sends none', () => {
    const lines = metricTable([{ attempt: 0, step: 1, values: { loss: 0.5 }, recordedAt: at(10) }]);
    assert.equal(lines[1], '      -     1   0.5  2025-12-04 10:00:10Z');
  });
});

describe('sweepTable', () => {
  it('shows finished trials against the budget and the best trial', () => {
    const best = trial(2, { state: 'COMPLETED', value: 0.97 });
    const lines = sweepTable([
      sweep({
        counts: {
          queued: 0,
          running: 1,
          completed: 2,
          pruned: 1,
          failed: 0,
          cancelled: 0,
          total: 4,
        },
        bestTrial: best,
      }),
    ]);
    assert.equal(
      lines[1],
      '11111111-1111-4111-8111-111111111111  mnist-mlp  RUNNING     3/4  #2 val_accuracy=0.97  2025-12-04 10:00:00Z',
    );
  });
});
