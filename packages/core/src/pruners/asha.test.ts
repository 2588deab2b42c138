import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  createPruner,
  Study,
  validatePrunerConfig,
  type Pruner,
  type TrialRecord,
} from '../index.js';
import { bracketCount, HyperbandPruner, rungSteps } from './asha.js';

/** A trial that reported `value(step)` at every step 1..last. */
function trial(
  number: number,
  last: number,
  value: (step: number) => number,
  state: TrialRecord['state'] = 'COMPLETED',
): TrialRecord {
  const intermediates = Array.from({ length: last }, (_, i) => ({
    step: i + 1,
    value: value(i + 1),
  }));
  return { number, params: {}, state, intermediates };
}

/** Steps at which the pruner says prune while `subject` reports 1..last against `history`. */
function pruneSteps(
  pruner: Pruner,
  history: TrialRecord[],
  value: (s: number) => number,
  last: number,
  direction: 'minimize' | 'maximize' = 'minimize',
): number[] {
  const steps: number[] = [];
  for (let s = 1; s <= last; s++) {
    const subject = trial(99, s, value, 'RUNNING');
    if (pruner.shouldPrune({ direction, trial: subject, history })) steps.push(s);
  }
  return steps;
}

describe('ASHA', () => {
  const asha = createPruner({ name: 'asha', minResource: 10, reductionFactor: 4 });
  const strong = [0, 1, 2, 3, 4].map((n) => trial(n, 200, () => 0.1 * n));

  it('places rungs at minResource * reductionFactor^k exactly', () => {
    const config = {
      minResource: 10,
      reductionFactor: 4,
      minEarlyStoppingRate: 0,
      minTrialsPerRung: 4,
    };
    assert.deepEqual(rungSteps(config, 1000), [10, 40, 160, 640]);
    assert.deepEqual(rungSteps({ ...config, minEarlyStoppingRate: 1 }, 1000), [40, 160, 640]);
    assert.deepEqual(rungSteps({ ...config, maxResource: 160 }, 1000), [10, 40]);
  });

  it('with minimum resource 10 and factor 4 decides at exactly steps 10, 40 and 160', () => {
    assert.deepEqual(
      pruneSteps(asha, strong, () => 5, 200),
      [10, 40, 160],
    );
  });

  it('lets the first trials to reach a rung go on until it holds enough to compare', () => {
    const history: TrialRecord[] = [];
    const decisions: boolean[] = [];
    // Each arrival is worse than all before it; only the 4th arrival meets a full rung.
    for (let n = 0; n < 5; n++) {
      const t = trial(n, 10, () => 1 + n, 'RUNNING');
      decisions.push(asha.shouldPrune({ direction: 'minimize', trial: t, history }));
      history.push({ ...t, state: 'COMPLETED' });
    }
    assert.deepEqual(decisions, [false, false, false, true, true]);
  });

  it('keeps the top quarter of a full rung', () => {
    const history = [0, 1, 2, 3, 4, 5, 6].map((n) => trial(n, 10, () => n + 1));
    // 8 at the rung with the subject, floor(8/4) = 2 go on: values 1 and 2 beat 1.5 only once.
    assert.equal(
      asha.shouldPrune({ direction: 'minimize', trial: trial(9, 10, () => 1.5), history }),
      false,
    );
    assert.equal(
      asha.shouldPrune({ direction: 'minimize', trial: trial(9, 10, () => 2.5), history }),
      true,
    );
  });

  it('does not prune a trial alone at its rung', () => {
    const history = [0, 1, 2, 3].map((n) => trial(n, 10, () => 0));
    // Beaten at rung 10 by all four, yet the subject got past it (e.g. promoted earlier);
    // at rung 40 nobody else has arrived.
    const subject = trial(9, 40, () => 1);
    assert.equal(asha.shouldPrune({ direction: 'minimize', trial: subject, history }), false);
  });

  it('judges every rung a single report jumps over', () => {
    const history = [0, 1, 2, 3].map((n) => ({
      number: n,
      params: {},
      state: 'COMPLETED' as const,
      intermediates: [
        { step: 10, value: 0 },
        { step: 40, value: 5 },
      ],
    }));
    const jumping = {
      number: 9,
      params: {},
      state: 'RUNNING' as const,
      intermediates: [
        { step: 5, value: 1 },
        { step: 50, value: 1 },
      ],
    };
    // Worse than all at 10 (0 < 1) although better than all at 40.
    assert.equal(asha.shouldPrune({ direction: 'minimize', trial: jumping, history }), true);
  });

  it('honours the maximize direction', () => {
    assert.deepEqual(
      pruneSteps(asha, strong, () => 5, 200, 'maximize'),
      [],
    );
    assert.deepEqual(
      pruneSteps(asha, strong, () => -1, 60, 'maximize'),
      [10, 40],
    );
  });

  it('validates its options with named fields', () => {
    assert.deepEqual(validatePrunerConfig('asha'), {
      name: 'asha',
      minResource: 1,
      reductionFactor: 3,
      minTrialsPerRung: 3,
      minEarlyStoppingRate: 0,
    });
    assert.throws(() => validatePrunerConfig({ name: 'asha', reductionFactor: 1 }), {
      message: 'pruner.reductionFactor: must be >= 2 (got 1)',
    });
    assert.throws(() => validatePrunerConfig({ name: 'asha', minResource: 2.5 }), {
      message: 'pruner.minResource: must be an integer (got 2.5)',
    });
    assert.throws(() => validatePrunerConfig({ name: 'asha', minResource: 10, maxResource: 5 }), {
      message: /^pruner\.maxResource: must be > minResource \(10\)/,
    });
  });

  it('drives Study.report, and a pruned trial keeps its last value', () => {
    const study = new Study({
      space: [{ name: 'x', type: 'float', low: 0, high: 1 }],
      direction: 'minimize',
      pruner: { name: 'asha', minResource: 2, reductionFactor: 2, minTrialsPerRung: 2 },
    });
    const a = study.ask().number;
    assert.equal(study.report(a, 1, 0.5).prune, false);
    assert.equal(study.report(a, 2, 0.4).prune, false);
    study.tell(a, 0.3);
    const b = study.ask().number;
    assert.equal(study.report(b, 1, 0.9).prune, false);
    assert.equal(study.report(b, 2, 0.8).prune, true);
    study.tell(b, { state: 'PRUNED' });
    assert.deepEqual(
      { state: study.trials[b]!.state, value: study.trials[b]!.value },
      { state: 'PRUNED', value: 0.8 },
    );
  });
});

describe('Hyperband', () => {
  const config = {
    name: 'hyperband' as const,
    minResource: 1,
    maxResource: 81,
    reductionFactor: 3,
    minTrialsPerRung: 3,
  };

  it('has floor(log_eta(max/min)) + 1 brackets', () => {
    assert.equal(bracketCount(config), 5);
    assert.equal(bracketCount({ ...config, maxResource: 80 }), 4);
    assert.equal(bracketCount({ ...config, minResource: 10, maxResource: 11 }), 1);
  });

  it('assigns brackets by trial number, most trials to the most aggressive one', () => {
    const hb = new HyperbandPruner(config);
    const counts = [0, 0, 0, 0, 0];
    for (let n = 0; n < 4000; n++) counts[hb.bracketOf(n)]! += 1;
    assert.equal(hb.bracketOf(17), new HyperbandPruner(config).bracketOf(17));
    // Weights 81, 34, 15, 8, 5 of 143.
    assert.ok(
      counts[0]! > counts[1]! && counts[1]! > counts[2]! && counts[2]! > counts[4]!,
      String(counts),
    );
    assert.ok(Math.abs(counts[0]! / 4000 - 81 / 143) < 0.04, String(counts));
  });

  it("compares a trial only with trials of its own bracket, from that bracket's first rung", () => {
    const hb = new HyperbandPruner(config);
    const numbers = Array.from({ length: 400 }, (_, n) => n);
    const subject = numbers.find((n) => hb.bracketOf(n) === 1)!;
    const same = numbers.filter((n) => n !== subject && hb.bracketOf(n) === 1).slice(0, 4);
    const other = numbers.filter((n) => hb.bracketOf(n) === 0).slice(0, 4);
    const good = (n: number) => trial(n, 81, () => 0);
    const run = (history: TrialRecord[]) => {
      const steps: number[] = [];
      for (let s = 1; s <= 40; s++) {
        if (
          hb.shouldPrune({
            direction: 'minimize',
            trial: trial(subject, s, () => 1, 'RUNNING'),
            history,
          })
        )
          steps.push(s);
      }
      return steps;
    };
    assert.deepEqual(run(other.map(good)), []);
    assert.deepEqual(run(same.map(good)), [3, 9, 27]);
  });

  it('requires maxResource', () => {
    assert.throws(() => validatePrunerConfig({ name: 'hyperband' }), {
      message: /^pruner\.maxResource: is required/,
    });
  });
});
