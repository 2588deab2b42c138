// Bookkeeping overhead, the shape of Ray Tune's release test scaled to this machine: trials
// of 1 s that report a metric once a second, on 16 workers. The ideal wall time is
// trials x duration / workers; the ratio to it is the cluster's own cost. Ray Tune's
// published run: 715 s against 625 s ideal (1.14), pass line 1.28.
import { listFlag, numberFlag, type BenchArgs } from './harness/args.js';
import { startCluster } from './harness/cluster.js';
import { verdict, type Output } from './harness/output.js';
import { fixed, round, roundAll } from './harness/stats.js';
import { runSweep, storedCounts, syntheticSpec } from './harness/sweeps.js';

export interface BookkeepingOptions {
  sizes: number[];
  workers: number;
  workerProcesses: number;
  durationMs: number;
  /** Reports per trial: one a second by default. */
  steps?: number;
  profile?: boolean;
}

export const TARGET_RATIO = 1.03;
export const RAY_TUNE = { wallSeconds: 715, idealSeconds: 625, ratio: 1.14, passLine: 1.28 };

export interface BookkeepingRun {
  trials: number;
  wallSeconds: number;
  idealSeconds: number;
  ratio: number;
  /** Wall time beyond the ideal, per trial a worker ran in turn (per "round"). */
  overheadMsPerRound: number;
  completed: number;
  metrics: number;
  expectedMetrics: number;
  gappedTrials: number;
}

export async function bookkeeping(options: BookkeepingOptions, out: Output) {
  const slots = Math.ceil(options.workers / options.workerProcesses);
  const workers = slots * options.workerProcesses;
  const steps = options.steps ?? Math.max(1, Math.round(options.durationMs / 1000));
  const cluster = await startCluster({
    workers: { processes: options.workerProcesses, slots },
    profile: options.profile,
  });
  const runs: BookkeepingRun[] = [];
  try {
    out.note(
      `bookkeeping: trials of ${options.durationMs} ms with ${steps} report(s) each, ${workers} workers ` +
        `(${options.workerProcesses} processes x ${slots} slots); ideal = trials x duration / workers`,
    );
    for (const trials of options.sizes) {
      const spec = syntheticSpec({
        name: `bookkeeping-${trials}`,
        trials,
        parallelism: workers,
        durationMs: options.durationMs,
        steps,
      });
      const idealSeconds = (trials * options.durationMs) / workers / 1000;
      const result = await runSweep(cluster, spec, idealSeconds * 3000 + 120_000);
      const stored = await storedCounts(cluster, result.sweepId);
      const rounds = trials / workers;
      const run: BookkeepingRun = {
        trials,
        wallSeconds: result.wallSeconds,
        idealSeconds,
        ratio: result.wallSeconds / idealSeconds,
        overheadMsPerRound: ((result.wallSeconds - idealSeconds) * 1000) / rounds,
        completed: stored.states.COMPLETED ?? 0,
        metrics: stored.metrics,
        expectedMetrics: trials * steps,
        gappedTrials: stored.gappedTrials,
      };
      runs.push(run);
      out.row(
        { kind: 'hyperfleet', ...roundAll(run), state: result.state, target: TARGET_RATIO },
        `  ${String(trials).padStart(5)} trials: wall ${fixed(run.wallSeconds, 2)} s, ideal ${fixed(idealSeconds, 2)} s, ` +
          `ratio ${fixed(run.ratio, 3)} (+${fixed(run.overheadMsPerRound)} ms per round); ` +
          `${run.completed}/${trials} completed, ${run.metrics}/${run.expectedMetrics} reports stored`,
      );
    }
  } finally {
    await cluster.stop();
  }

  out.row(
    { kind: 'ray-tune', ...RAY_TUNE, source: 'published release test, quoted in issue 6' },
    `  ray tune (published): wall ${RAY_TUNE.wallSeconds} s, ideal ${RAY_TUNE.idealSeconds} s, ratio ${RAY_TUNE.ratio}, pass line ${RAY_TUNE.passLine}`,
  );
  const largest = runs.at(-1);
  if (largest) {
    const pass = largest.ratio <= TARGET_RATIO;
    out.row(
      {
        kind: 'target',
        trials: largest.trials,
        ratio: round(largest.ratio),
        target: TARGET_RATIO,
        pass,
      },
      `  target ratio <= ${TARGET_RATIO} at ${largest.trials} trials: ${fixed(largest.ratio, 3)} ${verdict(pass)}`,
    );
  }
  return { runs };
}

export function bookkeepingFromArgs(args: BenchArgs, out: Output) {
  return bookkeeping(
    {
      sizes: listFlag(args, 'sizes', args.quick ? [48, 96, 208] : [320, 800, 2000]),
      workers: numberFlag(args, 'workers', 16),
      workerProcesses: numberFlag(args, 'worker-processes', 2),
      durationMs: numberFlag(args, 'duration-ms', 1000),
      profile: args.values.has('profile'),
    },
    out,
  );
}
