// The sweeps the benchmarks submit, and the checks they run on what got stored.
import { specToMessage } from '@hyperfleet/common';
import type { SweepSpec } from '@hyperfleet/proto';
import type { BenchCluster, FinishedSweep } from './cluster.js';

/** The space of the Optuna peer script (optuna_overhead.py), so both sample the same thing. */
export const PEER_SPACE = {
  x0: { type: 'float', low: -5, high: 5 },
  x1: { type: 'float', low: -5, high: 5 },
  x2: { type: 'float', low: -5, high: 5 },
  x3: { type: 'float', low: -5, high: 5 },
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
};

export interface SyntheticSweep {
  name: string;
  trials: number;
  parallelism: number;
  /** Each trial sleeps this long in total, spread over its steps. */
  durationMs: number;
  /** Metric reports per trial; the last one is the result. */
  steps: number;
  algorithm?: string;
  seed?: number;
}

export function syntheticSpec(sweep: SyntheticSweep): SweepSpec {
  return specToMessage({
    name: sweep.name,
    objective: { metric: 'objective', direction: 'minimize' },
    searchSpace: PEER_SPACE,
    algorithm: sweep.algorithm ?? 'random',
    budget: { maxTrials: sweep.trials, maxFailedTrials: sweep.trials },
    parallelism: sweep.parallelism,
    seed: sweep.seed ?? 1,
    trial: { maxAttempts: 3, synthetic: { durationMs: sweep.durationMs, steps: sweep.steps } },
  });
}

export interface RunResult extends FinishedSweep {
  sweepId: string;
  /** From just before CreateSweep to the sweep's stored finish, in seconds. */
  wallSeconds: number;
}

/** Submits the sweep and waits until it is no longer running. */
export async function runSweep(
  cluster: BenchCluster,
  spec: SweepSpec,
  timeoutMs: number,
): Promise<RunResult> {
  const submitted = Date.now();
  const { id } = await cluster.sweeps.createSweep(spec);
  const finished = await cluster.waitForSweep(id, timeoutMs);
  return {
    sweepId: id,
    ...finished,
    wallSeconds: (finished.finishedAt.getTime() - submitted) / 1000,
  };
}

export interface StoredCounts {
  /** Trials by state. */
  states: Record<string, number>;
  trials: number;
  /** trial_metrics rows of the sweep. */
  metrics: number;
  /** Trials whose stored metric rows are not exactly 1..last_step of their attempt. */
  gappedTrials: number;
  maxAttempt: number;
}

/** What PostgreSQL holds for a sweep: the evidence that nothing was lost or doubled. */
export async function storedCounts(cluster: BenchCluster, sweepId: string): Promise<StoredCounts> {
  const states = await cluster.db.query<{ state: string; n: number }>(
    'SELECT state::text, count(*)::int AS n FROM trials WHERE sweep_id = $1 GROUP BY state',
    [sweepId],
  );
  const [row] = await cluster.db.query<{
    trials: number;
    metrics: number;
    gapped: number;
    max_attempt: number;
  }>(
    `SELECT count(*)::int AS trials,
            coalesce(sum(m.rows), 0)::int AS metrics,
            count(*) FILTER (WHERE coalesce(m.rows, 0) <> coalesce(t.last_step, 0)
                                OR coalesce(m.max_step, 0) <> coalesce(t.last_step, 0))::int AS gapped,
            coalesce(max(t.attempt), 0)::int AS max_attempt
     FROM trials t
     LEFT JOIN LATERAL (
       SELECT count(*) AS rows, max(step) AS max_step FROM trial_metrics
       WHERE trial_id = t.id AND attempt = t.attempt
     ) m ON true
     WHERE t.sweep_id = $1`,
    [sweepId],
  );
  return {
    states: Object.fromEntries(states.map((s) => [s.state, s.n])),
    trials: row!.trials,
    metrics: row!.metrics,
    gappedTrials: row!.gapped,
    maxAttempt: row!.max_attempt,
  };
}
