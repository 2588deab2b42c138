import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sweep, trial, trialCounts } from '../test-support.js';
import { bar, progressLine } from './progress.js';

const running = sweep({
  counts: trialCounts({ completed: 1, failed: 1, running: 2, total: 4 }),
  bestTrial: trial(0, { state: 'COMPLETED', value: 0.95412 }),
});

describe('progressLine', () => {
  it('shows done/total, running, failed, pruned, the best so far and the elapsed time', () => {
    assert.equal(
      progressLine(running, 83_000, 120),
      'mnist-mlp ████████████░░░░░░░░░░░░ 2/4 done · 2 running · 1 failed · 0 pruned · best 0.9541 (#0) · 1:23',
    );
  });

  it('says "best -" before any trial completed', () => {
    assert.match(progressLine(sweep(), 0, 120), /· best - · 0:00$/);
  });

  it('narrows the bar, then drops it, and never fills the last column', () => {
    const narrow = progressLine(running, 83_000, 95);
    assert.equal([...narrow].length, 94);
    assert.match(narrow, /^mnist-mlp █+░+ 2\/4 done/);

    const tiny = progressLine(running, 83_000, 40);
    assert.equal([...tiny].length, 39);
    assert.ok(!tiny.includes('█'));
    assert.ok(tiny.endsWith('…'));
  });
});

describe('bar', () => {
  it('fills in proportion and never overflows', () => {
    assert.equal(bar(1, 4, 8), '██░░░░░░');
    assert.equal(bar(9, 4, 4), '████');
    assert.equal(bar(0, 0, 4), '░░░░');
  });
});
