// Early stopping on real training: the MNIST sweep of examples/mnist-mlp.yaml, given more
// epochs so that pruning has room, once with ASHA and once without, one after the other on
// the same workers. Same seed, so both sweeps try the same configurations in the same
// order; only the pruner differs. Compared: best validation accuracy, and epochs trained
// (the sum of every trial's last step).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { specToMessage } from '@hyperfleet/common';
import { parse } from 'yaml';
import { numberFlag, type BenchArgs } from './harness/args.js';
import { startCluster, type BenchCluster } from './harness/cluster.js';
import { verdict, type Output } from './harness/output.js';
import { REPO_ROOT } from './harness/processes.js';
import { fixed, round } from './harness/stats.js';
import { runSweep } from './harness/sweeps.js';

export interface PruningOptions {
  trials: number;
  epochs: number;
  workers: number;
  pruner: Record<string, unknown>;
}

export const TARGET = { maxAccuracyLossPoints: 0.5, maxEpochFraction: 0.5 };

interface SweepOutcome {
  label: string;
  state: string;
  wallSeconds: number;
  best: number;
  epochs: number;
  states: Record<string, number>;
  trials: Array<{
    number: number;
    state: string;
    value: number | null;
    lastStep: number;
    params: unknown;
  }>;
}

export async function pruning(options: PruningOptions, out: Output) {
  const base = parse(
    await readFile(path.join(REPO_ROOT, 'examples/mnist-mlp.yaml'), 'utf8'),
  ) as Record<string, any>;
  base.budget = { ...base.budget, maxTrials: options.trials };
  base.trial.tfjs.epochs = options.epochs;
  const cluster = await startCluster({
    workers: { processes: options.workers, slots: 1 },
    deploy: true,
  });
  const outcomes: SweepOutcome[] = [];
  try {
    out.note(
      `pruning: ${options.trials} trials x ${options.epochs} epochs of the tfjs MLP on MNIST (examples/mnist-mlp.yaml), ` +
        `parallelism ${base.parallelism}, ${options.workers} workers; ${JSON.stringify(options.pruner)} against no pruner`,
    );
    for (const [label, pruner] of [
      ['asha', options.pruner],
      ['none', 'none'],
    ] as const) {
      const spec = specToMessage({ ...base, name: `pruning-${label}`, pruner });
      const run = await runSweep(cluster, spec, 3_600_000);
      outcomes.push(await outcomeOf(cluster, label, run.sweepId, run.state, run.wallSeconds));
    }
  } finally {
    await cluster.stop();
  }

  const [asha, none] = outcomes as [SweepOutcome, SweepOutcome];
  for (const o of outcomes) {
    out.row(
      {
        kind: 'sweep',
        pruner: o.label,
        state: o.state,
        best: round(o.best),
        epochs: o.epochs,
        wallSeconds: round(o.wallSeconds),
        states: o.states,
      },
      `  ${o.label.padEnd(5)} best val_accuracy ${fixed(o.best, 4)}, ${o.epochs} epochs trained, ${fixed(o.wallSeconds)} s ` +
        `(${Object.entries(o.states)
          .map(([s, n]) => `${n} ${s.toLowerCase()}`)
          .join(', ')})`,
    );
  }
  // The same comparison after the first trials: how the saving grows with the sweep.
  for (const k of [Math.ceil(options.trials / 4), Math.ceil(options.trials / 2), options.trials]) {
    const a = prefix(asha, k);
    const n = prefix(none, k);
    out.row(
      {
        kind: 'prefix',
        trials: k,
        ashaBest: round(a.best),
        noneBest: round(n.best),
        ashaEpochs: a.epochs,
        noneEpochs: n.epochs,
      },
      `    first ${String(k).padStart(3)} trials: asha best ${fixed(a.best, 4)} in ${a.epochs} epochs, none best ${fixed(n.best, 4)} in ${n.epochs} epochs`,
    );
  }
  const sameConfigs = asha.trials.every(
    (t, i) => JSON.stringify(t.params) === JSON.stringify(none.trials[i]?.params),
  );
  const lossPoints = (none.best - asha.best) * 100;
  const fraction = asha.epochs / none.epochs;
  const pass = lossPoints <= TARGET.maxAccuracyLossPoints && fraction <= TARGET.maxEpochFraction;
  out.row(
    {
      kind: 'target',
      lossPoints: round(lossPoints),
      epochFraction: round(fraction),
      sameConfigs,
      target: TARGET,
      pass,
    },
    `  target best within ${TARGET.maxAccuracyLossPoints} points with at most half the epochs: ` +
      `${fixed(lossPoints, 2)} points behind, ${fixed(fraction * 100, 0)}% of the epochs ${verdict(pass)}` +
      `${sameConfigs ? '' : ' (the two sweeps did not try the same configurations)'}`,
  );
  return { asha, none, lossPoints, fraction, sameConfigs };
}

async function outcomeOf(
  cluster: BenchCluster,
  label: string,
  sweepId: string,
  state: string,
  wallSeconds: number,
): Promise<SweepOutcome> {
  const [sweep] = await cluster.db.query<{ best_value: number | null }>(
    'SELECT best_value FROM sweeps WHERE id = $1',
    [sweepId],
  );
  const trials = await cluster.db.query<{
    number: number;
    state: string;
    value: number | null;
    last_step: number | null;
    params: unknown;
  }>(
    'SELECT number, state::text, value, last_step, params FROM trials WHERE sweep_id = $1 ORDER BY number',
    [sweepId],
  );
  const states: Record<string, number> = {};
  for (const t of trials) states[t.state] = (states[t.state] ?? 0) + 1;
  return {
    label,
    state,
    wallSeconds,
    best: sweep?.best_value ?? Number.NaN,
    epochs: trials.reduce((sum, t) => sum + (t.last_step ?? 0), 0),
    states,
    trials: trials.map((t) => ({
      number: t.number,
      state: t.state,
      value: t.value,
      lastStep: t.last_step ?? 0,
      params: t.params,
    })),
  };
}

/** Best completed value and epochs over the trials numbered below k. */
function prefix(outcome: SweepOutcome, k: number) {
  const first = outcome.trials.filter((t) => t.number < k);
  const values = first
    .filter((t) => t.state === 'COMPLETED' && t.value !== null)
    .map((t) => t.value!);
  return {
    best: values.length ? Math.max(...values) : Number.NaN,
    epochs: first.reduce((sum, t) => sum + t.lastStep, 0),
  };
}

export function pruningFromArgs(args: BenchArgs, out: Output) {
  return pruning(
    {
      trials: numberFlag(args, 'trials', args.quick ? 8 : 16),
      epochs: numberFlag(args, 'epochs', args.quick ? 4 : 8),
      workers: numberFlag(args, 'workers', 2),
      pruner: { name: 'asha', minResource: 1, reductionFactor: 3 },
    },
    out,
  );
}
