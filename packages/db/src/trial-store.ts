// Trials in PostgreSQL: queries of the history, and the writes of worker events (batched, in
// event-writes.ts) and of refills (sweep-reconcile.ts). Every write applies only where it fits
// the stored state and attempt, so a repeated or stale event changes nothing.
import { NotFoundError } from '@hyperfleet/common';
import type { Params, TrialRecord } from '@hyperfleet/core';
import type { Database } from './client.js';
import type { Prisma, Trial, TrialMetric, TrialState } from './generated/client.js';
import { listTrialPage } from './trial-pages.js';
import { isUuid, lockSweep, type SweepRow } from './sweep-store.js';
import {
  applyEventBatch,
  type AppliedEvents,
  type AppliedOutcome,
  type EventBatch,
  type OutcomeWrite,
  type ProgressWrite,
  type StartedWrite,
  type StoredMetric,
} from './event-writes.js';
import {
  reconcileSweep,
  refillSweep,
  type ReconcileOptions,
  type ReconcileResult,
  type RefillRequest,
  type RefillResult,
} from './sweep-reconcile.js';

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

  /** Applies a whole batch of worker events in one round trip (see event-writes.ts). */
  applyEvents(batch: EventBatch): Promise<AppliedEvents> {
    return applyEventBatch(this.db, batch);
  }

  async applyStarted(writes: StartedWrite[]): Promise<TrialRow[]> {
    return (await this.applyEvents({ started: writes })).started;
  }

  async applyProgress(writes: ProgressWrite[]): Promise<StoredMetric[]> {
    return (await this.applyEvents({ progress: writes })).progress;
  }

  async applyOutcomes(writes: OutcomeWrite[]): Promise<AppliedOutcome[]> {
    return (await this.applyEvents({ outcomes: writes })).outcomes;
  }

  /** Creates trials from the suggestions up to parallelism and budget, or ends the sweep (see sweep-reconcile.ts). */
  refill(sweepId: string, request: RefillRequest): Promise<RefillResult> {
    return refillSweep(this.db, sweepId, request);
  }

  /** A refill that reads the sweep and plans for it, retrying while others create trials. */
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
  async historyWithIntermediates(sweepId: string, metric: string, db: Tx | Database = this.db): Promise<TrialRecord[]> {
    const [history, rows] = await Promise.all([
      loadHistory(db, sweepId),
      db.$queryRaw<{ number: number; step: number; value: number | null }[]>`
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
   * Reads a sweep and its history under the sweep's row lock and hands them to `use`
   * before the lock is released, so that no outcome is stored between the read and what
   * `use` does with it. Where `intermediatesOf` names a metric, each trial carries its
   * reported values of it.
   */
  async withLockedHistory(
    sweepId: string,
    intermediatesOf: (sweep: SweepRow) => string | undefined,
    use: (sweep: SweepRow, history: TrialRecord[]) => void,
  ): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const sweep = await lockSweep(tx, sweepId);
      const metric = intermediatesOf(sweep);
      const history = metric === undefined ? await loadHistory(tx, sweepId) : await this.historyWithIntermediates(sweepId, metric, tx);
      use(sweep, history);
    });
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
