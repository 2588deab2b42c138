// Trials in PostgreSQL: queries of the history, and the writes of worker events (batched, in
// event-writes.ts) and of refills (sweep-reconcile.ts). Every write applies only where it fits
// the stored state and attempt, so a repeated or stale event changes nothing.
import { NotFoundError } from '@hyperfleet/common';
import type { Params, TrialRecord } from '@hyperfleet/core';
import type { Database } from './client.js';
import type { Prisma, Trial, TrialMetric, TrialState } from './generated/client.js';
import { listTrialPage } from './trial-pages.js';
import { isUuid, type SweepRow } from './sweep-store.js';
import {
  applyOutcomeBatch,
  applyProgressBatch,
  applyStartedBatch,
  type AppliedOutcome,
  type OutcomeWrite,
  type ProgressWrite,
  type StartedWrite,
  type StoredMetric,
} from './event-writes.js';
import { reconcileSweep, type ReconcileOptions, type ReconcileResult } from './sweep-reconcile.js';

export type TrialRow = Trial;
export type TrialMetricRow = TrialMetric;
type Tx = Prisma.TransactionClient;


export interface ListTrialsOptions {
  sweep: Pick<SweepRow, 'id' | 'direction'>;
  states: TrialState[];
  orderBy: 'number' | 'value';
  pageSize: number;
  pageToken: string;
}

export class TrialStore {
  constructor(private readonly db: Database) {}

  async markDispatched(trialIds: string[]): Promise<void> {
    if (trialIds.length === 0) return;
    await this.db.$executeRaw`UPDATE trials SET dispatched_at = now() WHERE id = ANY(${trialIds}::uuid[]) AND dispatched_at IS NULL`;
  }

  /** Queued trials whose assignment JetStream never acknowledged: publish them (again). */
  async undispatched(): Promise<TrialRow[]> {
    return this.db.trial.findMany({
      where: { state: 'QUEUED', dispatchedAt: null, sweep: { state: 'RUNNING' } },
      orderBy: [{ sweepId: 'asc' }, { number: 'asc' }],
    });
  }

  /** See event-writes.ts: each applies a whole batch of worker events in one statement. */
  applyStarted(writes: StartedWrite[]): Promise<TrialRow[]> {
    return applyStartedBatch(this.db, writes);
  }

  applyProgress(writes: ProgressWrite[]): Promise<StoredMetric[]> {
    return applyProgressBatch(this.db, writes);
  }

  applyOutcomes(writes: OutcomeWrite[]): Promise<AppliedOutcome[]> {
    return applyOutcomeBatch(this.db, writes);
  }

  /** Creates trials up to parallelism and budget, or ends the sweep (see sweep-reconcile.ts). */
  reconcile(sweepId: string, options: ReconcileOptions): Promise<ReconcileResult> {
    return reconcileSweep(this.db, sweepId, options);
  }

  /** The stored states of some trials, to explain events that changed nothing. */
  async states(trialIds: string[]): Promise<Map<string, Pick<TrialRow, 'state' | 'attempt' | 'sweepId'>>> {
    const rows = await this.db.trial.findMany({ where: { id: { in: trialIds } }, select: { id: true, state: true, attempt: true, sweepId: true } });
    return new Map(rows.map((row) => [row.id, row]));
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
   * A page of a sweep's trials, ordered by number or by value (best first for the sweep's
   * direction, trials without a value last); see trial-pages.ts. `totalSize` is counted for
   * the first page only.
   */
  list(options: ListTrialsOptions): Promise<{ trials: TrialRow[]; nextPageToken: string; totalSize: number }> {
    return listTrialPage(this.db, options);
  }
}

export async function loadHistory(db: Tx | Database, sweepId: string): Promise<TrialRecord[]> {
  const rows = await db.trial.findMany({
    where: { sweepId },
    select: { number: true, params: true, state: true, value: true },
    orderBy: { number: 'asc' },
  });
  return rows.map((row) => ({ number: row.number, params: row.params as Params, state: row.state, value: row.value }));
}
