// Throughput: trials that return at once (synthetic, 0 ms, one report) through the whole
// path: suggest, store, dispatch, run, result, store. Trials per second for a few sweep
// sizes, the rate along the largest sweep (does it slow as history grows?), the CPU the
// coordinator spends per trial, and Optuna 3.1's RDB storage on the same machine.
import { listFlag, numberFlag, type BenchArgs } from './harness/args.js';
import { startCluster, type BenchCluster } from './harness/cluster.js';
import { optunaRdb } from './harness/optuna.js';
import { verdict, type Output } from './harness/output.js';
import { fixed, round, roundAll } from './harness/stats.js';
import { runSweep, storedCounts, syntheticSpec } from './harness/sweeps.js';

export interface ThroughputOptions {
  sizes: number[];
  workers: number;
  workerProcesses: number;
  /**
   * Trials in flight per sweep. Trials of 0 ms keep workers busy only with some queued
   * behind the running ones: at parallelism = workers, every hand-over waits for a whole
   * round trip (result stored, next trial created and published, pulled).
   */
  parallelism: number;
  /** Also runs the largest size at parallelism = workers, to show that round trip's cost. */
  compareAtWorkers: boolean;
  sampler: string;
  /** Optuna runs as (sampler, trials); none to skip the peer. */
  optuna: Array<{ sampler: string; trials: number }>;
  profile?: boolean;
}

export const TARGET_TRIALS_PER_SECOND = 500;

export interface ThroughputRun {
  trials: number;
  parallelism: number;
  wallSeconds: number;
  trialsPerSecond: number;
  completed: number;
  metrics: number;
  coordinatorCpuMsPerTrial: number;
  workerCpuMsPerTrial: number;
}

export async function throughput(options: ThroughputOptions, out: Output) {
  const slots = Math.ceil(options.workers / options.workerProcesses);
  const cluster = await startCluster({
    workers: { processes: options.workerProcesses, slots },
    profile: options.profile,
  });
  const runs: ThroughputRun[] = [];
  let segments: Array<{ from: number; to: number; trialsPerSecond: number }> = [];
  try {
    out.note(
      `throughput: trials of 0 ms with one report, ${options.sampler} sampler, ` +
        `${options.workerProcesses * slots} workers (${options.workerProcesses} processes x ${slots} slots)`,
    );
    const workers = options.workerProcesses * slots;
    const plans = options.sizes.map((trials) => ({ trials, parallelism: options.parallelism }));
    const largest = Math.max(...options.sizes);
    if (options.compareAtWorkers && options.parallelism !== workers) plans.push({ trials: largest, parallelism: workers });
    for (const { trials, parallelism } of plans) {
      const cpuBefore = cpuOf(cluster);
      const spec = syntheticSpec({
        name: `throughput-${trials}-p${parallelism}`,
        trials,
        parallelism,
        durationMs: 0,
        steps: 1,
        algorithm: options.sampler,
      });
      const result = await runSweep(cluster, spec, Math.max(120_000, trials * 100));
      const cpuAfter = cpuOf(cluster);
      const stored = await storedCounts(cluster, result.sweepId);
      const run: ThroughputRun = {
        trials,
        parallelism,
        wallSeconds: result.wallSeconds,
        trialsPerSecond: trials / result.wallSeconds,
        completed: stored.states.COMPLETED ?? 0,
        metrics: stored.metrics,
        coordinatorCpuMsPerTrial: (cpuAfter.coordinator - cpuBefore.coordinator) / trials,
        workerCpuMsPerTrial: (cpuAfter.workers - cpuBefore.workers) / trials,
      };
      runs.push(run);
      out.row(
        {
          kind: 'hyperfleet',
          ...roundAll(run),
          state: result.state,
          target: TARGET_TRIALS_PER_SECOND,
        },
        `  hyperfleet ${String(trials).padStart(6)} trials, parallelism ${String(parallelism).padStart(3)}: ${fixed(run.wallSeconds)} s, ` +
          `${fixed(run.trialsPerSecond)} trials/s (coordinator ${fixed(run.coordinatorCpuMsPerTrial, 2)} ms CPU/trial, ` +
          `workers ${fixed(run.workerCpuMsPerTrial, 2)}); ${run.completed}/${trials} completed, ${run.metrics} reports stored`,
      );
      if (trials === largest && parallelism === options.parallelism)
        segments = await segmentRates(cluster, result.sweepId, trials);
    }
  } finally {
    await cluster.stop();
  }

  out.note('  rate along the largest sweep (by finishing order):');
  for (const segment of segments) {
    out.row(
      { kind: 'segment', ...segment, trialsPerSecond: round(segment.trialsPerSecond) },
      `    trials ${String(segment.from).padStart(5)}-${String(segment.to).padEnd(5)} ${fixed(segment.trialsPerSecond)} trials/s`,
    );
  }

  let peers: Awaited<ReturnType<typeof optunaRdb>> | undefined;
  if (options.optuna.length > 0) {
    peers = await optunaRdb(options.optuna, 2);
    if ('skipped' in peers)
      out.row({ kind: 'optuna', skipped: peers.skipped }, `  optuna: skipped (${peers.skipped})`);
    else
      for (const peer of peers.results) {
        out.row(
          { kind: 'optuna', ...peer },
          `  optuna 3.1 rdb ${peer.sampler.padEnd(6)} ${String(peer.trials).padStart(5)} trials, ${peer.processes} processes: ` +
            `${fixed(peer.seconds)} s, ${fixed(peer.trialsPerSecond)} trials/s`,
        );
      }
  }

  const largest = runs.filter((run) => run.parallelism === options.parallelism).at(-1);
  if (largest) {
    const pass = largest.trialsPerSecond >= TARGET_TRIALS_PER_SECOND;
    out.row(
      {
        kind: 'target',
        trials: largest.trials,
        parallelism: largest.parallelism,
        trialsPerSecond: round(largest.trialsPerSecond),
        target: TARGET_TRIALS_PER_SECOND,
        pass,
      },
      `  target >= ${TARGET_TRIALS_PER_SECOND} trials/s over ${largest.trials} trials (parallelism ${largest.parallelism}): ` +
        `${fixed(largest.trialsPerSecond)} ${verdict(pass)}`,
    );
  }
  return { runs, segments, peers };
}

function cpuOf(cluster: BenchCluster) {
  return {
    coordinator: cluster.coordinator.cpuMs(),
    workers: cluster.workers.reduce((sum, worker) => sum + worker.cpuMs(), 0),
  };
}

/** Trials per second over each fifth of the sweep, in the order the trials finished. */
async function segmentRates(cluster: BenchCluster, sweepId: string, trials: number) {
  const rows = await cluster.db.query<{ finished_at: Date }>(
    'SELECT finished_at FROM trials WHERE sweep_id = $1 AND finished_at IS NOT NULL ORDER BY finished_at',
    [sweepId],
  );
  const [sweep] = await cluster.db.query<{ created_at: Date }>(
    'SELECT created_at FROM sweeps WHERE id = $1',
    [sweepId],
  );
  const bounds = [0, 0.2, 0.4, 0.6, 0.8, 1].map((f) =>
    Math.round(f * Math.min(trials, rows.length)),
  );
  const segments: Array<{ from: number; to: number; trialsPerSecond: number }> = [];
  for (let i = 1; i < bounds.length; i++) {
    const from = bounds[i - 1]!;
    const to = bounds[i]!;
    if (to <= from) continue;
    const start = from === 0 ? sweep!.created_at.getTime() : rows[from - 1]!.finished_at.getTime();
    const end = rows[to - 1]!.finished_at.getTime();
    segments.push({
      from: from + 1,
      to,
      trialsPerSecond: ((to - from) * 1000) / Math.max(1, end - start),
    });
  }
  return segments;
}

export function throughputFromArgs(args: BenchArgs, out: Output) {
  const quick = args.quick;
  const optunaSizes = listFlag(args, 'optuna-sizes', quick ? [100] : [100, 200, 400]);
  const workers = numberFlag(args, 'workers', 8);
  return throughput(
    {
      sizes: listFlag(args, 'sizes', quick ? [250, 500, 1000] : [1000, 2500, 5000]),
      workers,
      workerProcesses: numberFlag(args, 'worker-processes', 2),
      parallelism: numberFlag(args, 'parallelism', workers * 8),
      compareAtWorkers: !args.values.has('no-compare'),
      sampler: args.values.get('sampler') ?? 'random',
      optuna: args.values.has('no-optuna')
        ? []
        : ['random', 'tpe'].flatMap((sampler) =>
            optunaSizes.map((trials) => ({ sampler, trials })),
          ),
      profile: args.values.has('profile'),
    },
    out,
  );
}
