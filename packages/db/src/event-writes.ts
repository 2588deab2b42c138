// Worker events applied to PostgreSQL a batch at a time: one statement per kind of event,
// whatever the batch size. Each write applies only where it fits the stored state, so a
// repeated or stale event changes nothing, and the first terminal outcome of a trial wins.
import type { Database } from './client.js';
import type { Prisma, TrialMetric } from './generated/client.js';
import { trialFromRaw, type RawTrialRow } from './trial-rows.js';
import type { TrialRow } from './trial-store.js';

type Tx = Prisma.TransactionClient;

export interface StartedWrite {
  trialId: string;
  attempt: number;
  workerId: string;
  at: Date;
}

export interface ProgressWrite {
  trialId: string;
  attempt: number;
  step: number;
  values: Record<string, number>;
}

export type TrialOutcome =
  | { state: 'COMPLETED'; value: number; step?: number; artifactKey?: string; artifactDigest?: string }
  | { state: 'PRUNED'; value?: number; step?: number }
  | { state: 'FAILED'; error: string; step?: number }
  | { state: 'CANCELLED'; error: string };

export interface OutcomeWrite {
  sweepId: string;
  trialId: string;
  attempt: number;
  outcome: TrialOutcome;
}

export interface StoredMetric {
  trial: TrialRow;
  metric: Pick<TrialMetric, 'attempt' | 'step' | 'values' | 'recordedAt'>;
}

export interface AppliedOutcome {
  trial: TrialRow;
  /** The attempt stored before this outcome: higher than the outcome's when a newer attempt still runs. */
  previousAttempt: number;
  newBest: boolean;
}

/** Moves trials to RUNNING under the attempt and worker their `started` event names. */
export async function applyStartedBatch(db: Database | Tx, writes: StartedWrite[]): Promise<TrialRow[]> {
  const latest = lastPerTrial(writes, (a, b) => b.attempt >= a.attempt);
  if (latest.length === 0) return [];
  const rows = await db.$queryRaw<RawTrialRow[]>`
    UPDATE trials t
    SET state = 'RUNNING', attempt = v.attempt, worker_id = v.worker_id, started_at = v.at, updated_at = now()
    FROM unnest(${latest.map((w) => w.trialId)}::uuid[], ${latest.map((w) => w.attempt)}::int[],
                ${latest.map((w) => w.workerId)}::text[], ${latest.map((w) => w.at)}::timestamptz[])
         AS v(id, attempt, worker_id, at)
    WHERE t.id = v.id AND t.state IN ('QUEUED', 'RUNNING') AND t.attempt <= v.attempt
      AND NOT (t.state = 'RUNNING' AND t.attempt = v.attempt AND t.worker_id IS NOT DISTINCT FROM v.worker_id)
    RETURNING t.*`;
  return rows.map(trialFromRaw);
}

/**
 * Stores step metrics of trials in flight, and late ones of the attempt a finished trial
 * stored (a report that was redelivered after its result); a repeat of (trial, attempt,
 * step) adds nothing.
 */
export async function applyProgressBatch(db: Database | Tx, writes: ProgressWrite[]): Promise<StoredMetric[]> {
  if (writes.length === 0) return [];
  const rows = await db.$queryRaw<(RawTrialRow & { m_attempt: number; m_step: number; m_values: unknown; m_recorded_at: Date })[]>`
    WITH v AS (
      SELECT * FROM unnest(${writes.map((w) => w.trialId)}::uuid[], ${writes.map((w) => w.attempt)}::int[],
                           ${writes.map((w) => w.step)}::int[], ${writes.map((w) => JSON.stringify(w.values))}::jsonb[])
             AS v(trial_id, attempt, step, values)
    ), inserted AS (
      INSERT INTO trial_metrics (trial_id, attempt, step, values)
      SELECT v.trial_id, v.attempt, v.step, v.values FROM v JOIN trials t ON t.id = v.trial_id
      WHERE (t.state IN ('QUEUED', 'RUNNING') AND v.attempt >= t.attempt) OR v.attempt = t.attempt
      ON CONFLICT (trial_id, attempt, step) DO NOTHING
      RETURNING trial_id, attempt, step, values, recorded_at
    ), updated AS (
      UPDATE trials t SET last_step = GREATEST(COALESCE(t.last_step, 0), m.step), updated_at = now()
      FROM (SELECT trial_id, max(step) AS step FROM inserted GROUP BY trial_id) m
      WHERE t.id = m.trial_id
      RETURNING t.*
    )
    SELECT updated.*, i.attempt AS m_attempt, i.step AS m_step, i.values AS m_values, i.recorded_at AS m_recorded_at
    FROM inserted i JOIN updated ON updated.id = i.trial_id
    ORDER BY i.trial_id, i.step`;
  return rows.map((row) => ({
    trial: trialFromRaw(row),
    metric: { attempt: row.m_attempt, step: row.m_step, values: row.m_values as Prisma.JsonValue, recordedAt: row.m_recorded_at },
  }));
}

/**
 * Records terminal outcomes and each sweep's new best, in one transaction. Sweeps are locked
 * before trials, the order every other writer uses, so that no two writers deadlock.
 */
export async function applyOutcomeBatch(db: Database, writes: OutcomeWrite[]): Promise<AppliedOutcome[]> {
  const first = firstPerTrial(writes);
  if (first.length === 0) return [];
  const sweepIds = [...new Set(first.map((w) => w.sweepId))].sort();

  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM sweeps WHERE id = ANY(${sweepIds}::uuid[]) ORDER BY id FOR UPDATE`;
    const rows = await tx.$queryRaw<(RawTrialRow & { previous_attempt: number })[]>`
      WITH v AS (
        SELECT * FROM unnest(
          ${first.map((w) => w.trialId)}::uuid[], ${first.map((w) => w.attempt)}::int[],
          ${first.map((w) => w.outcome.state)}::text[], ${first.map((w) => exactText(finiteValue(w.outcome)))}::text[],
          ${first.map((w) => ('step' in w.outcome ? (w.outcome.step ?? null) : null))}::int[],
          ${first.map((w) => ('error' in w.outcome ? w.outcome.error : null))}::text[],
          ${first.map((w) => (w.outcome.state === 'COMPLETED' ? (w.outcome.artifactKey ?? null) : null))}::text[],
          ${first.map((w) => (w.outcome.state === 'COMPLETED' ? (w.outcome.artifactDigest ?? null) : null))}::text[])
        AS v(id, attempt, state, value, step, error, artifact_key, artifact_digest)
      ), previous AS (
        SELECT t.id, t.attempt FROM trials t JOIN v ON v.id = t.id
        WHERE t.state IN ('QUEUED', 'RUNNING') FOR UPDATE OF t
      )
      UPDATE trials t
      SET state = v.state::"TrialState", attempt = GREATEST(t.attempt, v.attempt), value = v.value::float8,
          last_step = COALESCE(v.step, t.last_step), error = v.error, artifact_key = v.artifact_key,
          artifact_digest = v.artifact_digest, finished_at = now(), updated_at = now()
      FROM v JOIN previous ON previous.id = v.id
      WHERE t.id = v.id
      RETURNING t.*, previous.attempt AS previous_attempt`;

    const completed = rows.filter((row) => row.state === 'COMPLETED' && row.value !== null).map((row) => row.id);
    const bests = completed.length === 0 ? [] : await tx.$queryRaw<{ best_trial_id: string }[]>`
      UPDATE sweeps s SET best_trial_id = c.id, best_value = c.value, updated_at = now()
      FROM (
        SELECT DISTINCT ON (t.sweep_id) t.sweep_id, t.id, t.value
        FROM trials t JOIN sweeps o ON o.id = t.sweep_id
        WHERE t.id = ANY(${completed}::uuid[])
        ORDER BY t.sweep_id, CASE WHEN o.direction = 'MINIMIZE' THEN t.value ELSE -t.value END, t.number
      ) c
      WHERE s.id = c.sweep_id AND (s.best_value IS NULL
        OR (s.direction = 'MINIMIZE' AND c.value < s.best_value) OR (s.direction = 'MAXIMIZE' AND c.value > s.best_value))
      RETURNING s.best_trial_id`;
    const newBest = new Set(bests.map((row) => row.best_trial_id));
    return rows.map((row) => ({ trial: trialFromRaw(row), previousAttempt: row.previous_attempt, newBest: newBest.has(row.id) }));
  });
}

/**
 * A double as the shortest text that reads back as the same double. Array parameters are
 * sent with fewer digits than a double needs, so values travel as text and are cast in SQL.
 */
function exactText(value: number | null): string | null {
  return value === null ? null : String(value);
}

/** NaN and Infinity are never stored as a value. */
function finiteValue(outcome: TrialOutcome): number | null {
  return 'value' in outcome && typeof outcome.value === 'number' && Number.isFinite(outcome.value) ? outcome.value : null;
}

/** The first outcome in stream order is the one that counts for each trial. */
function firstPerTrial<T extends { trialId: string }>(writes: T[]): T[] {
  const seen = new Map<string, T>();
  for (const write of writes) if (!seen.has(write.trialId)) seen.set(write.trialId, write);
  return [...seen.values()];
}

function lastPerTrial<T extends { trialId: string }>(writes: T[], replaces: (kept: T, next: T) => boolean): T[] {
  const kept = new Map<string, T>();
  for (const write of writes) {
    const current = kept.get(write.trialId);
    if (!current || replaces(current, write)) kept.set(write.trialId, write);
  }
  return [...kept.values()];
}
