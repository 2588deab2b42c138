import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  InvalidResultError,
  SpecError,
  Study,
  TrialFinishedError,
  UnknownTrialError,
} from './index.js';

const space = [{ name: 'x', type: 'float', low: -1, high: 1 }];

describe('Study', () => {
  it('numbers trials in ask order and keeps them RUNNING until told', () => {
    const study = new Study({ space, direction: 'minimize' });
    assert.equal(study.ask().number, 0);
    assert.equal(study.ask().number, 1);
    assert.deepEqual(
      study.trials.map((t) => t.state),
      ['RUNNING', 'RUNNING'],
    );
    study.tell(1, 0.5);
    assert.equal(study.trials[1]!.state, 'COMPLETED');
    assert.equal(study.trials[1]!.value, 0.5);
  });

  it('withdraws its last unused asks, and asks them again the same way', () => {
    const study = new Study({ space, direction: 'minimize', sampler: { name: 'random' }, seed: 3 });
    const first = study.ask();
    const second = study.ask();
    study.ask();
    study.withdraw(1);
    assert.equal(study.trials.length, 1);
    assert.deepEqual(study.ask(), second, 'same number, same params');
    study.tell(first.number, 0.5);
    assert.throws(() => study.withdraw(0), TrialFinishedError);
    study.report(1, 1, 0.7);
    assert.throws(() => study.withdraw(1), InvalidResultError);
    assert.throws(() => study.withdraw(5), UnknownTrialError);
  });

  it('picks the best trial for each direction, earliest on a tie', () => {
    for (const [direction, expected] of [
      ['minimize', 1],
      ['maximize', 2],
    ] as const) {
      const study = new Study({ space, direction });
      for (const v of [3, 1, 5, 1]) study.tell(study.ask().number, v);
      assert.equal(study.bestTrial()!.number, expected);
    }
    assert.equal(new Study({ space, direction: 'minimize' }).bestTrial(), undefined);
  });

  it('ignores failed and pruned trials when picking the best', () => {
    const study = new Study({ space, direction: 'minimize' });
    const a = study.ask().number;
    const b = study.ask().number;
    study.report(a, 1, -100);
    study.tell(a, { state: 'PRUNED' });
    study.tell(b, 2);
    assert.equal(study.bestTrial()!.number, b);
  });

  it('rejects NaN and Infinity results with a clear error', () => {
    const study = new Study({ space, direction: 'minimize' });
    const { number } = study.ask();
    assert.throws(
      () => study.tell(number, NaN),
      (err: unknown) => {
        assert.ok(err instanceof InvalidResultError);
        assert.equal(err.trialNumber, 0);
        assert.equal(err.message, 'trial 0: the objective value must be a finite number (got NaN)');
        return true;
      },
    );
    assert.throws(() => study.tell(number, Infinity), InvalidResultError);
    assert.throws(() => study.tell(number, { state: 'FAILED', value: NaN }), InvalidResultError);
    assert.equal(study.trials[0]!.state, 'RUNNING');
  });

  it('refuses to tell a trial twice or tell an unknown trial', () => {
    const study = new Study({ space, direction: 'minimize' });
    const { number } = study.ask();
    study.tell(number, 1);
    assert.throws(() => study.tell(number, 2), TrialFinishedError);
    assert.throws(() => study.tell(number, { state: 'FAILED' }), /already COMPLETED/);
    assert.throws(() => study.tell(7, 1), UnknownTrialError);
    assert.throws(() => study.report(number, 1, 1), TrialFinishedError);
  });

  it('stores a pruned trial with its last reported value', () => {
    const study = new Study({ space, direction: 'minimize' });
    const { number } = study.ask();
    study.report(number, 1, 0.9);
    study.report(number, 2, 0.7);
    study.tell(number, { state: 'PRUNED' });
    const trial = study.trials[0]!;
    assert.equal(trial.state, 'PRUNED');
    assert.equal(trial.value, 0.7);
    assert.deepEqual(trial.intermediates, [
      { step: 1, value: 0.9 },
      { step: 2, value: 0.7 },
    ]);
  });

  it('stores a failed trial without a value unless one is given', () => {
    const study = new Study({ space, direction: 'minimize' });
    study.ask();
    study.ask();
    study.tell(0, { state: 'FAILED' });
    study.tell(1, { state: 'FAILED', value: 3 });
    assert.equal(study.trials[0]!.value, null);
    assert.equal(study.trials[1]!.value, 3);
  });

  it('accepts a repeated report, rejects going back and bad steps', () => {
    const study = new Study({ space, direction: 'minimize' });
    const { number } = study.ask();
    assert.deepEqual(study.report(number, 3, 0.5), { prune: false });
    assert.deepEqual(study.report(number, 3, 0.5), { prune: false });
    assert.equal(study.trials[0]!.intermediates!.length, 1);
    assert.throws(() => study.report(number, 2, 0.4), /steps must increase/);
    assert.throws(() => study.report(number, 3, 0.4), InvalidResultError);
    assert.throws(() => study.report(number, -1, 0.4), /non-negative integer/);
    assert.throws(() => study.report(number, 4, NaN), /finite/);
  });

  it('hands out immutable trial snapshots', () => {
    const study = new Study({ space, direction: 'minimize' });
    const { number, params } = study.ask();
    params['x'] = 99;
    const before = study.trials[0]!;
    assert.notEqual(before.params['x'], 99);
    study.tell(number, 1);
    assert.equal(before.state, 'RUNNING');
    assert.throws(() => {
      (study.trials[0]!.params as Record<string, unknown>)['x'] = 1;
    }, TypeError);
  });

  it('restores stored trials and continues their numbering and sampling', () => {
    const a = new Study({ space, direction: 'minimize', seed: 3 });
    a.tell(a.ask().number, 1);
    a.ask();
    const b = new Study({ space, direction: 'minimize', seed: 3, trials: [...a.trials].reverse() });
    assert.deepEqual(b.ask(), a.ask());
    assert.throws(
      () =>
        new Study({
          space,
          direction: 'minimize',
          trials: [{ number: 1, params: {}, state: 'QUEUED' }],
        }),
      { name: 'SpecError', message: /trials\[0\]\.number: trial numbers must be 0\.\.0/ },
    );
  });

  it('validates its options', () => {
    assert.throws(() => new Study({ space: [], direction: 'minimize' }), SpecError);
    assert.throws(() => new Study({ space, direction: 'down' as 'minimize' }), {
      message: /^direction: must be one of minimize, maximize/,
    });
    assert.throws(() => new Study({ space, direction: 'minimize', seed: 1.5 }), {
      message: 'seed: must be an integer (got 1.5)',
    });
    assert.throws(
      () => new Study({ space, direction: 'minimize', sampler: { name: 'nope' } as never }),
      {
        message: /^algorithm\.name: must be one of random, grid/,
      },
    );
  });
});
