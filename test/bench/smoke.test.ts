// The service benchmarks at a tiny size, so that a change that breaks one (or loses a trial
// or a report under load) fails `npm test`. Correctness only: counts, nothing lost, every
// trial finished. Speed is the benchmarks' business (npm run bench), never asserted here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bookkeeping } from '../../bench/bookkeeping.js';
import { collectingOutput } from '../../bench/harness/output.js';
import { latency } from '../../bench/latency.js';
import { metrics } from '../../bench/metrics.js';
import { scale } from '../../bench/scale.js';
import { throughput } from '../../bench/throughput.js';

describe('benchmark smoke runs', () => {
  it('bookkeeping completes every trial and stores one report per step', async () => {
    const { runs } = await bookkeeping(
      { sizes: [8, 16], workers: 4, workerProcesses: 1, durationMs: 200, steps: 2 },
      collectingOutput(),
    );
    assert.equal(runs.length, 2);
    for (const run of runs) {
      assert.equal(run.completed, run.trials);
      assert.equal(run.metrics, run.expectedMetrics);
      assert.equal(run.gappedTrials, 0);
      assert.ok(run.ratio > 0 && Number.isFinite(run.ratio));
    }
  });

  it('throughput completes every trial of each size with its one report', async () => {
    const { runs } = await throughput(
      { sizes: [20, 40], workers: 4, workerProcesses: 1, parallelism: 16, compareAtWorkers: true, sampler: 'random', optuna: [] },
      collectingOutput(),
    );
    assert.deepEqual(
      runs.map((run) => [run.trials, run.parallelism, run.completed, run.metrics]),
      [
        [20, 16, 20, 20],
        [40, 16, 40, 40],
        [40, 4, 40, 40],
      ],
    );
  });

  it('metrics stores exactly the reports the workers published', async () => {
    const { runs } = await metrics(
      { runs: [{ concurrency: 4, seconds: 2 }], stepMs: 5, steps: 20, workerProcesses: 1 },
      collectingOutput(),
    );
    const [run] = runs;
    assert.ok(run && run.rows > 0, 'some reports were stored');
    assert.equal(run.lost, 0);
    assert.equal(run.rows, run.progressEvents);
    assert.equal(run.gappedTrials, 0);
  });

  it('latency pairs every hand-over of a worker slot with a finite, non-negative delay', async () => {
    const { results } = await latency(
      { trials: 24, workers: 4, workerProcesses: 1, durationMs: 10, modes: ['refill'] },
      collectingOutput(),
    );
    const [refill] = results;
    assert.ok(refill);
    assert.equal(refill.completed, 24);
    // Each slot hands over after every trial but its last: at least trials - slots samples.
    assert.ok(refill.samples.length >= 24 - 4, `${refill.samples.length} samples`);
    assert.ok(refill.samples.every((s) => Number.isFinite(s.ms) && s.ms >= 0));
  });

  it('scale finishes every sweep and pages through the whole history in order', async () => {
    const { concurrent, history } = await scale(
      {
        sweepCounts: [3],
        inFlight: 2,
        trialsPerSweep: 4,
        durationMs: 100,
        steps: 2,
        slotsPerProcess: 10,
        historySizes: [300, 2000],
        pageSize: 100,
      },
      collectingOutput(),
    );
    const [run] = concurrent;
    assert.ok(run);
    assert.equal(run.finishedSweeps, 3);
    assert.equal(run.completedTrials, run.expectedTrials);
    assert.equal(run.metrics, run.expectedMetrics);
    assert.ok(run.peakRssMb > 0);
    assert.equal(history.length, 2);
    for (const h of history) {
      assert.ok(h.top20Correct, `top 20 of ${h.historySize}`);
      for (const walk of [h.byNumber, h.byValue]) {
        assert.equal(walk.rows, h.historySize);
        assert.ok(walk.ordered);
        assert.equal(walk.pages, Math.ceil(h.historySize / 100));
      }
    }
  });
});
