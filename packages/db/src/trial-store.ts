// Trials in PostgreSQL: created under the sweep's budget, then moved by worker events.
// Every event names the trial and the attempt; a write applies only when it fits the stored
// state, so a repeated or stale event changes nothing.
import { NotFoundError } from '@hyperfleet/common';
import type { Params, TrialRecord } from '@hyperfleet/core';
import type { Database } from './client.js';
import type { Prisma, Trial, TrialMetric, TrialState } from './generated/client.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { isUuid, lockSweep, type SweepRow } from './sweep-store.js';

export type TrialRow = Trial;
export type TrialMetricRow = TrialMetric;
type Tx = Prisma.TransactionClient;

const IN_FLIGHT: TrialState[] = ['QUEUED', 'RUNNING'];

/** What the caller decides, given the sweep and its history, inside the creating transaction. */
export type TrialPlanner = (input: { sweep: SweepRow; history: TrialRecord[]; slots: number }) => {
  params: Params[];
  exhausted: boolean;
};

export type TrialOutcome =
  | { state: 'COMPLETED'; value: number; step?: number; artifactKey?: string; artifactDigest?: string }
  | { state: 'PRUNED'; value?: number; step?: number }
  | { state: 'FAILED'; error: string; step?: number }
  | { state: 'CANCELLED'; error: string };

export type ApplyResult =
  | { applied: true; trial: TrialRow; newBest: boolean }
  | { applied: false; reason: 'unknown-trial' | 'already-finished' | 'stale-attempt' | 'no-change'; trial?: TrialRow };

export interface ListTrialsOptions {
  sweep: Pick<SweepRow, 'id' | 'direction'>;
  states: TrialState[];
  orderBy: 'number' | 'value';
  pageSize: number;
  pageToken: string;
}

export class TrialStore {
  constructor(private readonly db: Database) {}

  /**
   * Creates as many trials as parallelism and the budget allow, numbered after the last,
   * with params from `plan`. Counts are read under the sweep's row lock in the same
   * transaction that inserts, so the budget cannot be overshot by a race or a restart.
   */
  async createTrials(sweepId: string, plan: TrialPlanner): Promise<{ created: TrialRow[]; exhausted: boolean }> {
    return this.db.$transaction(async (tx) => {
      const sweep = await lockSweep(tx, sweepId);
      if (sweep.state !== 'RUNNING') return { created: [], exhausted: false };

      const inFlight = await tx.trial.count({ where: { sweepId, state: { in: IN_FLIGHT } } });
      const slots = Math.min(sweep.parallelism - inFlight, sweep.maxTrials - sweep.trialsCreated);
      if (slots <= 0) return { created: [], exhausted: false };

      const history = await loadHistory(tx, sweepId);
      const { params, exhausted } = plan({ sweep, history, slots });
      const batch = params.slice(0, slots);
      if (batch.length === 0) return { created: [], exhausted };

      const created = await tx.trial.createManyAndReturn({
        data: batch.map((trialParams, index) => ({
          sweepId,
          number: sweep.trialsCreated + index,
          params: trialParams as Prisma.InputJsonValue,
        })),
      });
      await tx.sweep.update({ where: { id: sweepId }, data: { trialsCreated: sweep.trialsCreated + batch.length } });
      return { created: created.sort((a, b) => a.number - b.number), exhausted };
    });
  }

  async markDispatched(trialIds: string[]): Promise<void> {
    if (trialIds.length === 0) return;
    await this.db.trial.updateMany({ where: { id: { in: trialIds }, dispatchedAt: null }, data: { dispatchedAt: new Date() } });
  }

  /** Queued trials whose assignment JetStream never acknowledged: publish them (again). */
  async undispatched(): Promise<TrialRow[]> {
    return this.db.trial.findMany({
      where: { state: 'QUEUED', dispatchedAt: null, sweep: { state: 'RUNNING' } },
      orderBy: [{ sweepId: 'asc' }, { number: 'asc' }],
    });
  }

  async applyStarted(trialId: string, attempt: number, workerId: string, at: Date): Promise<ApplyResult> {
    const updated = await this.db.trial.updateMany({
      where: {
        id: trialId,
        state: { in: IN_FLIGHT },
        attempt: { lte: attempt },
        NOT: { state: 'RUNNING', attempt, workerId },
      },
      data: { state: 'RUNNING', attempt, workerId, startedAt: at },
    });
    const trial = await this.db.trial.findUnique({ where: { id: trialId } });
    if (!trial) return { applied: false, reason: 'unknown-trial' };
    if (updated.count === 1) return { applied: true, trial, newBest: false };
    if (!IN_FLIGHT.includes(trial.state)) return { applied: false, reason: 'already-finished', trial };
    return { applied: false, reason: trial.attempt > attempt ? 'stale-attempt' : 'no-change', trial };
  }

  /** Stores one step's metrics; a repeat of (trial, attempt, step) is ignored. */
  async applyProgress(trialId: string, attempt: number, step: number, values: Record<string, number>): Promise<ApplyResult> {
    return this.db.$transaction(async (tx) => {
      const trial = await tx.trial.findUnique({ where: { id: trialId } });
      if (!trial) return { applied: false, reason: 'unknown-trial' };
      if (!IN_FLIGHT.includes(trial.state)) return { applied: false, reason: 'already-finished', trial };
      if (attempt < trial.attempt) return { applied: false, reason: 'stale-attempt', trial };

      const inserted = await tx.trialMetric.createMany({
        data: [{ trialId, attempt, step, values: values as Prisma.InputJsonValue }],
        skipDuplicates: true,
      });
      if (inserted.count === 0) return { applied: false, reason: 'no-change', trial };
      const updated = await tx.trial.update({ where: { id: trialId }, data: { lastStep: step } });
      return { applied: true, trial: updated, newBest: false };
    });
  }

  /**
   * Records a trial's terminal outcome. The first outcome wins: a trial that is already
   * finished keeps its state, whichever attempt the late outcome came from.
   */
  async applyOutcome(trialId: string, attempt: number, outcome: TrialOutcome): Promise<ApplyResult> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM trials WHERE id = ${trialId}::uuid FOR UPDATE`;
      const trial = await tx.trial.findUnique({ where: { id: trialId } });
      if (!trial) return { applied: false, reason: 'unknown-trial' };
      if (!IN_FLIGHT.includes(trial.state)) return { applied: false, reason: 'already-finished', trial };

      const value = 'value' in outcome && typeof outcome.value === 'number' && Number.isFinite(outcome.value) ? outcome.value : null;
      const updated = await tx.trial.update({
        where: { id: trialId },
        data: {
          state: outcome.state,
          attempt: Math.max(trial.attempt, attempt),
          value,
          ...('step' in outcome && outcome.step !== undefined ? { lastStep: outcome.step } : {}),
          error: 'error' in outcome ? outcome.error : null,
          artifactKey: outcome.state === 'COMPLETED' ? (outcome.artifactKey ?? null) : null,
          artifactDigest: outcome.state === 'COMPLETED' ? (outcome.artifactDigest ?? null) : null,
          finishedAt: new Date(),
        },
      });
      const newBest = outcome.state === 'COMPLETED' && value !== null && (await updateBest(tx, updated, value));
      return { applied: true, trial: updated, newBest };
    });
  }

  async get(trialId: string): Promise<TrialRow & { metrics: TrialMetricRow[] }> {
    const trial = isUuid(trialId)
      ? await this.db.trial.findUnique({
          where: { id: trialId },
          include: { metrics: { orderBy: [{ attempt: 'asc' }, { step: 'asc' }] } },
        })
      : null;
    if (!trial) throw new NotFoundError('trial', trialId);
    return trial;
  }

  async findById(trialId: string): Promise<TrialRow | null> {
    return isUuid(trialId) ? this.db.trial.findUnique({ where: { id: trialId } }) : null;
  }

  async history(sweepId: string): Promise<TrialRecord[]> {
    return loadHistory(this.db, sweepId);
  }

  /**
   * The history with each trial's reported values of `metric` (from its current attempt),
   * as pruners read it.
   */
  async historyWithIntermediates(sweepId: string, metric: string): Promise<TrialRecord[]> {
    const [history, rows] = await Promise.all([
      loadHistory(this.db, sweepId),
      this.db.$queryRaw<{ number: number; step: number; value: number | null }[]>`
        SELECT t.number, m.step, (m.values ->> ${metric})::float8 AS value
        FROM trial_metrics m JOIN trials t ON t.id = m.trial_id
        WHERE t.sweep_id = ${sweepId}::uuid AND m.attempt = t.attempt
        ORDER BY t.number, m.step`,
    ]);
    const byNumber = new Map<number, { step: number; value: number }[]>();
    for (const row of rows) {
      if (row.value === null || !Number.isFinite(row.value)) continue;
      const list = byNumber.get(row.number) ?? [];
      list.push({ step: row.step, value: row.value });
      byNumber.set(row.number, list);
    }
    return history.map((trial) => ({ ...trial, intermediates: byNumber.get(trial.number) ?? [] }));
  }

  /**
   * A page of a sweep's trials. Ordered by number, or by value (best first for the sweep's
   * direction, trials without a value last). Keyset pagination: every page is an index range.
   */
  async list(options: ListTrialsOptions): Promise<{ trials: TrialRow[]; nextPageToken: string; totalSize: number }> {
    const { sweep, states, orderBy, pageSize } = options;
    const base: Prisma.TrialWhereInput = { sweepId: sweep.id, ...(states.length > 0 ? { state: { in: states } } : {}) };
    const after = decodePageToken(options.pageToken, (p): p is { o: string; n: number; v: number | null } =>
      p.o === orderBy && Number.isInteger(p.n) && (p.v === null || typeof p.v === 'number' || p.v === undefined),
    );
    const ascending = sweep.direction === 'MINIMIZE';

    let where: Prisma.TrialWhereInput = base;
    let order: Prisma.TrialOrderByWithRelationInput[] = [{ number: 'asc' }];
    if (orderBy === 'number') {
      if (after) where = { ...base, number: { gt: after.n } };
    } else {
      order = [{ value: { sort: ascending ? 'asc' : 'desc', nulls: 'last' } }, { number: 'asc' }];
      if (after) where = { AND: [base, afterValue(after.v ?? null, after.n, ascending)] };
    }

    const [rows, totalSize] = await Promise.all([
      this.db.trial.findMany({ where, orderBy: order, take: pageSize + 1 }),
      this.db.trial.count({ where: base }),
    ]);
    const trials = rows.slice(0, pageSize);
    const last = trials.at(-1);
    const nextPageToken =
      rows.length > pageSize && last ? encodePageToken({ o: orderBy, n: last.number, v: last.value }) : '';
    return { trials, nextPageToken, totalSize };
  }
}

function afterValue(value: number | null, number: number, ascending: boolean): Prisma.TrialWhereInput {
  if (value === null) return { value: null, number: { gt: number } };
  return {
    OR: [
      { value: ascending ? { gt: value } : { lt: value } },
      { value, number: { gt: number } },
      { value: null },
    ],
  };
}

async function updateBest(tx: Tx, trial: TrialRow, value: number): Promise<boolean> {
  const sweep = await lockSweep(tx, trial.sweepId);
  const better =
    sweep.bestValue === null || (sweep.direction === 'MINIMIZE' ? value < sweep.bestValue : value > sweep.bestValue);
  if (!better) return false;
  await tx.sweep.update({ where: { id: sweep.id }, data: { bestTrialId: trial.id, bestValue: value } });
  return true;
}

async function loadHistory(db: Tx | Database, sweepId: string): Promise<TrialRecord[]> {
  const rows = await db.trial.findMany({
    where: { sweepId },
    select: { number: true, params: true, state: true, value: true },
    orderBy: { number: 'asc' },
  });
  return rows.map((row) => ({ number: row.number, params: row.params as Params, state: row.state, value: row.value }));
}
