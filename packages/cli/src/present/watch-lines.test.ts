import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, event, sweep, trial, trialCounts } from '../test-support.js';
import { sweepDetails } from './sweep-view.js';
import { WatchLines } from './watch-lines.js';

const best0 = trial(0, {
  state: 'COMPLETED',
  value: 0.91,
  attempt: 1,
  workerId: 'w-1',
  startedAt: at(1),
  finishedAt: at(30),
});

/** A small sweep from start to end, as WatchSweep streams it. */
const script = [
  event('SNAPSHOT', sweep()),
  event('TRIAL_QUEUED', sweep({ counts: trialCounts({ queued: 1, total: 1 }) }), trial(0)),
  event(
    'TRIAL_STARTED',
    sweep({ counts: trialCounts({ running: 1, total: 1 }) }),
    trial(0, { state: 'RUNNING', attempt: 1, workerId: 'w-1', startedAt: at(1) }),
  ),
  event(
    'TRIAL_PROGRESS',
    sweep({ counts: trialCounts({ running: 1, total: 1 }) }),
    trial(0, { state: 'RUNNING', attempt: 1, workerId: 'w-1', startedAt: at(1) }),
  ),
  event(
    'TRIAL_PROGRESS',
    sweep({ counts: trialCounts({ running: 1, total: 1 }) }),
    trial(0, { state: 'RUNNING', attempt: 1, workerId: 'w-1', startedAt: at(1) }),
  ),
  event(
    'TRIAL_COMPLETED',
    sweep({ counts: trialCounts({ completed: 1, total: 1 }), bestTrial: best0 }),
    best0,
  ),
  event(
    'TRIAL_QUEUED',
    sweep({ counts: trialCounts({ completed: 1, queued: 1, total: 2 }), bestTrial: best0 }),
    trial(1),
  ),
  event(
    'TRIAL_STARTED',
    sweep({ counts: trialCounts({ completed: 1, running: 1, total: 2 }), bestTrial: best0 }),
    trial(1, { state: 'RUNNING', attempt: 1, workerId: 'w-2', startedAt: at(31) }),
  ),
  // The same state again (a duplicate delivery) prints nothing; a new attempt on another worker does.
  event(
    'TRIAL_STARTED',
    sweep({ counts: trialCounts({ completed: 1, running: 1, total: 2 }), bestTrial: best0 }),
    trial(1, { state: 'RUNNING', attempt: 1, workerId: 'w-2', startedAt: at(31) }),
  ),
  event(
    'TRIAL_STARTED',
    sweep({ counts: trialCounts({ completed: 1, running: 1, total: 2 }), bestTrial: best0 }),
    trial(1, {
      state: 'RUNNING',
      attempt: 2,
      workerId: 'w-3',
      startedAt: at(95),
      interruption: 'worker w-2 stopped answering',
    }),
  ),
  event(
    'TRIAL_PRUNED',
    sweep({ counts: trialCounts({ completed: 1, pruned: 1, total: 2 }), bestTrial: best0 }),
    trial(1, {
      state: 'PRUNED',
      attempt: 2,
      workerId: 'w-3',
      value: 0.5,
      lastStep: 2,
      finishedAt: at(100),
    }),
  ),
  event(
    'TRIAL_FAILED',
    sweep({
      counts: trialCounts({ completed: 1, pruned: 1, failed: 1, total: 3 }),
      bestTrial: best0,
    }),
    trial(2, {
      state: 'FAILED',
      attempt: 3,
      workerId: 'w-1',
      error: 'out of memory\n  at train.ts:10',
      finishedAt: at(125),
    }),
  ),
  event(
    'SWEEP_FINISHED',
    sweep({
      state: 'SWEEP_COMPLETED',
      counts: trialCounts({ completed: 1, pruned: 1, failed: 1, cancelled: 1, total: 4 }),
      bestTrial: best0,
      finishedAt: at(192),
      promotedVersion: 3,
      promotionState: 'DONE',
    }),
  ),
];

describe('WatchLines', () => {
  it('prints one line per trial state change and none per progress event', () => {
    const lines = new WatchLines(() => 0);
    assert.deepEqual(
      script.flatMap((e) => lines.render(e)),
      [
        'sweep 11111111-1111-4111-8111-111111111111 (mnist-mlp) RUNNING: 0/4 done, 0 running, 0 queued; best -',
        '[0:00] trial #0 queued hidden_units=128 learning_rate=0.00312',
        '[0:01] trial #0 running on w-1 (attempt 1)',
        '[0:30] trial #0 completed val_accuracy=0.91 (new best)',
        '[0:01] trial #1 queued hidden_units=128 learning_rate=0.00312',
        '[0:31] trial #1 running on w-2 (attempt 1)',
        '[1:35] trial #1 restarted on w-3 (attempt 2): worker w-2 stopped answering',
        '[1:40] trial #1 pruned at step 2 val_accuracy=0.5',
        '[2:05] trial #2 failed (attempt 3): out of memory at train.ts:10',
        'sweep COMPLETED after 3m12s: 1 completed, 1 pruned, 1 failed, 1 cancelled; best #0 val_accuracy=0.91; hidden_units=128 learning_rate=0.00312; promotion version 3',
      ],
    );
  });

  it('does not call a trial a new best when the watch started with it as the best', () => {
    const lines = new WatchLines(() => 0);
    lines.render(event('SNAPSHOT', sweep({ bestTrial: best0 })));
    assert.deepEqual(lines.render(event('TRIAL_COMPLETED', sweep({ bestTrial: best0 }), best0)), [
      '[0:30] trial #0 completed val_accuracy=0.91',
    ]);
  });

  it('says why a sweep ended FAILED', () => {
    const failed = sweep({
      state: 'SWEEP_FAILED',
      stateReason: '3 trials failed (budget.maxFailedTrials is 2)',
      finishedAt: at(60),
    });
    assert.deepEqual(new WatchLines().render(event('SWEEP_FINISHED', failed)), [
      'sweep FAILED after 1m00s (3 trials failed (budget.maxFailedTrials is 2)): 0 completed, 0 pruned, 0 failed, 0 cancelled; best -',
    ]);
  });

  it('ends a sweep of command trials with nothing to promote, not a failed promotion', () => {
    const base = sweep();
    const done = sweep({
      spec: {
        ...base.spec!,
        trial: {
          maxAttempts: 3,
          command: { argv: ['train'], env: {}, timeoutSeconds: 60 },
          kind: 'command',
        },
      },
      state: 'SWEEP_COMPLETED',
      counts: trialCounts({ completed: 4, total: 4 }),
      finishedAt: at(60),
      promotionState: 'NO_MODEL',
    });
    const [line] = new WatchLines().render(event('SWEEP_FINISHED', done));
    assert.ok(line!.endsWith('; promotion none (command trials produce no model)'), line);
    assert.ok(
      sweepDetails(done).includes('promotion:   none (command trials produce no model)'),
      sweepDetails(done).join('\n'),
    );
  });

  it('stamps a requeue, which has no timestamp of its own, with the clock', () => {
    const lines = new WatchLines(() => Date.parse(at(50)));
    lines.render(event('SNAPSHOT', sweep()));
    lines.render(
      event(
        'TRIAL_STARTED',
        sweep(),
        trial(0, { state: 'RUNNING', attempt: 1, startedAt: at(1), workerId: 'w-1' }),
      ),
    );
    assert.deepEqual(
      lines.render(
        event('TRIAL_QUEUED', sweep(), trial(0, { state: 'QUEUED', attempt: 1, startedAt: at(1) })),
      ),
      ['[0:50] trial #0 requeued'],
    );
  });
});
