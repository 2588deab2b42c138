// Refills: bringing a running sweep to where its budget says it should be, in one round
// trip (hf_refill, in the hot-path migration). Under the sweep's row lock it ends the sweep
// FAILED past its failure budget, creates trials from the suggestions offered up to the
// free slots, and ends the sweep once every trial it may create has finished. The counts
// are read under the lock, so neither a race nor a restart can overshoot the budget.
import { NotFoundError } from '@hyperfleet/common';
import type { Params, TrialRecord } from '@hyperfleet/core';
import type { Database } from './client.js';
import type { FinishOutcome, SweepRow, SweepStateName } from './sweep-store.js';
import { trialFromJson } from './trial-rows.js';
import type { TrialRow } from './trial-store.js';

export interface RefillRequest {
  /** The number of the first suggestion: the count of trials created so far, as the caller knows it. */
  firstNumber: number;
  /** Suggestions, in order; those beyond the free slots are not used. */
  params: Params[];
  /** The sampler has no suggestion left beyond these. */
  exhausted: boolean;
}

export interface RefillResult {
  created: TrialRow[];
  /** Every suggestion offered found a slot and the sampler had no more. */
  exhausted: boolean;
  /** Set when this call ended the sweep. */
  finished?: FinishOutcome;
  /** The sweep's state after this call. */
  state: SweepStateName;
  /** Free slots left: more suggestions would have been used. */
  slotsLeft: number;
  /** The sweep's count of created trials after this call. */
  trialsCreated: number;
  /** `firstNumber` was not the stored count, so nothing was created: the caller is behind. */
  stale: boolean;
}

interface RefillRow {
  kind: 'created' | 'status' | 'finished' | 'stale' | 'missing';
  trial: Record<string, unknown> | null;
  detail: { state?: SweepStateName; trialsCreated?: number; slots?: number; exhausted?: boolean; cancelledTrialIds?: string[] } | null;
}

export async function refillSweep(db: Database, sweepId: string, request: RefillRequest): Promise<RefillResult> {
  const rows = await db.$queryRaw<RefillRow[]>`
    SELECT kind, trial, detail FROM hf_refill(${sweepId}::uuid, ${request.firstNumber}::int,
      ${JSON.stringify(request.params)}::jsonb, ${request.exhausted})`;
  const last = rows.at(-1);
  if (!last || last.kind === 'missing') throw new NotFoundError('sweep', sweepId);
  const detail = last.detail ?? {};
  return {
    created: rows.filter((row) => row.kind === 'created').map((row) => trialFromJson(row.trial!)),
    exhausted: detail.exhausted === true,
    finished:
      last.kind === 'finished' ? { state: detail.state!, cancelledTrialIds: detail.cancelledTrialIds ?? [], changed: true } : undefined,
    state: detail.state ?? 'RUNNING',
    slotsLeft: detail.slots ?? 0,
    trialsCreated: detail.trialsCreated ?? request.firstNumber,
    stale: last.kind === 'stale',
  };
}

/** What the caller suggests, given the sweep and its history. */
export type TrialPlanner = (input: { sweep: SweepRow; history: readonly TrialRecord[]; slots: number }) => {
  params: Params[];
  exhausted: boolean;
};

export interface ReconcileOptions {
  plan: TrialPlanner;
  /** The sweep's trials as samplers see them. */
  history: (db: Database, sweep: SweepRow) => Promise<readonly TrialRecord[]>;
}

export interface ReconcileResult {
  created: TrialRow[];
  exhausted: boolean;
  /** Set when this call ended the sweep. */
  finished?: FinishOutcome;
}

/** Rounds after which a sweep that keeps changing underneath is reported instead of retried. */
const MAX_RECONCILE_ROUNDS = 32;

/**
 * A refill for callers without a study of their own (tools, tests): reads the sweep and
 * its history, plans for every slot that may be free, and retries when another writer
 * created trials in between. The coordinator calls refillSweep with its cached study.
 */
export async function reconcileSweep(db: Database, sweepId: string, options: ReconcileOptions): Promise<ReconcileResult> {
  for (let round = 0; round < MAX_RECONCILE_ROUNDS; round++) {
    const sweep = await db.sweep.findUnique({ where: { id: sweepId } });
    if (!sweep) throw new NotFoundError('sweep', sweepId);
    if (sweep.state !== 'RUNNING') return { created: [], exhausted: false };

    const slots = Math.max(0, Math.min(sweep.parallelism, sweep.maxTrials - sweep.trialsCreated));
    const plan = slots > 0 ? options.plan({ sweep, history: await options.history(db, sweep), slots }) : { params: [], exhausted: false };
    const result = await refillSweep(db, sweepId, { firstNumber: sweep.trialsCreated, params: plan.params.slice(0, slots), exhausted: plan.exhausted });
    if (!result.stale) return { created: result.created, exhausted: result.exhausted, finished: result.finished };
  }
  throw new Error(`sweep ${sweepId} kept changing during ${MAX_RECONCILE_ROUNDS} refills`);
}
