// One transaction that brings a running sweep to where its budget says it should be: ended
// FAILED past its failure budget, ended once every trial it may create has finished, or
// topped up to its parallelism with trials the planner suggests. The counts are read under
// the sweep's row lock, so neither a race nor a restart can overshoot the budget.
import type { Params, TrialRecord } from '@hyperfleet/core';
import type { Database } from './client.js';
import type { Prisma } from './generated/client.js';
import { endSweep, lockSweep, type FinishOutcome, type SweepRow } from './sweep-store.js';
import { trialFromRaw, type RawTrialRow } from './trial-rows.js';
import type { TrialRow } from './trial-store.js';

type Tx = Prisma.TransactionClient;

/** What the caller decides, given the sweep and its history, inside the transaction. */
export type TrialPlanner = (input: { sweep: SweepRow; history: TrialRecord[]; slots: number }) => {
  params: Params[];
  exhausted: boolean;
};

export interface ReconcileOptions {
  plan: TrialPlanner;
  /** The sweep's trials as samplers see them; the caller may serve them from a cache. */
  history: (tx: Tx, sweep: SweepRow) => Promise<TrialRecord[]>;
}

export interface ReconcileResult {
  created: TrialRow[];
  exhausted: boolean;
  /** Set when this call ended the sweep. */
  finished?: FinishOutcome;
}

export async function reconcileSweep(db: Database, sweepId: string, options: ReconcileOptions): Promise<ReconcileResult> {
  return db.$transaction(async (tx) => {
    const sweep = await lockSweep(tx, sweepId);
    if (sweep.state !== 'RUNNING') return { created: [], exhausted: false };

    // Counted in a statement of its own, after the lock is held: a statement that waited for
    // the lock would still count with the snapshot it started with (READ COMMITTED), and
    // concurrent reconciles would overshoot. Each count is an index range bounded by
    // parallelism or the failure budget, never a scan of the sweep's history.
    const [counts] = await tx.$queryRaw<{ in_flight: number; failed: number; any_completed: boolean }[]>`
      SELECT (SELECT count(*)::int FROM trials WHERE sweep_id = ${sweepId}::uuid AND state IN ('QUEUED', 'RUNNING')) AS in_flight,
             (SELECT count(*)::int FROM trials WHERE sweep_id = ${sweepId}::uuid AND state = 'FAILED') AS failed,
             EXISTS (SELECT 1 FROM trials WHERE sweep_id = ${sweepId}::uuid AND state = 'COMPLETED') AS any_completed`;
    const { in_flight: inFlight, failed, any_completed: anyCompleted } = counts!;

    if (failed > sweep.maxFailedTrials) {
      const reason = `${failed} trials failed, more than budget.maxFailedTrials (${sweep.maxFailedTrials})`;
      return { created: [], exhausted: false, finished: await endSweep(tx, sweepId, 'FAILED', reason) };
    }

    let created: TrialRow[] = [];
    let exhausted = false;
    const slots = Math.min(sweep.parallelism - inFlight, sweep.maxTrials - sweep.trialsCreated);
    if (slots > 0) {
      const plan = options.plan({ sweep, history: await options.history(tx, sweep), slots });
      exhausted = plan.exhausted;
      created = await insertTrials(tx, sweep, plan.params.slice(0, slots));
    }

    const allCreated = sweep.trialsCreated + created.length >= sweep.maxTrials || exhausted;
    if (!allCreated || inFlight + created.length > 0) return { created, exhausted };
    const reason = exhausted && sweep.trialsCreated < sweep.maxTrials ? 'search space exhausted' : 'budget reached';
    const finished = anyCompleted
      ? await endSweep(tx, sweepId, 'COMPLETED', reason)
      : await endSweep(tx, sweepId, 'FAILED', `${reason} with no completed trial`);
    return { created, exhausted, finished };
  });
}

async function insertTrials(tx: Tx, sweep: SweepRow, params: Params[]): Promise<TrialRow[]> {
  if (params.length === 0) return [];
  const numbers = params.map((_, index) => sweep.trialsCreated + index);
  const rows = await tx.$queryRaw<RawTrialRow[]>`
    WITH counter AS (
      UPDATE sweeps SET trials_created = ${sweep.trialsCreated + params.length}, updated_at = now() WHERE id = ${sweep.id}::uuid
    )
    INSERT INTO trials (id, sweep_id, number, params, updated_at)
    SELECT gen_random_uuid(), ${sweep.id}::uuid, v.number, v.params, now()
    FROM unnest(${numbers}::int[], ${params.map((p) => JSON.stringify(p))}::jsonb[]) AS v(number, params)
    RETURNING *`;
  return rows.map(trialFromRaw).sort((a, b) => a.number - b.number);
}
