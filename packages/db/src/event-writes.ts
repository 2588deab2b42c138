// Worker events applied to PostgreSQL a batch at a time: one call of one SQL function,
// whatever the batch holds. Each write applies only where it fits the stored state, so a
// repeated or stale event changes nothing, and the first terminal outcome of a trial wins.
import type { Database } from './client.js';
import type { Prisma, TrialMetric } from './generated/client.js';
import { trialFromJson } from './trial-rows.js';
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

export interface EventBatch {
  started?: StartedWrite[];
  progress?: ProgressWrite[];
  outcomes?: OutcomeWrite[];
}

export interface AppliedEvents {
  /** Trials moved to RUNNING under a new attempt or worker. */
  started: TrialRow[];
  /** Reports stored for the first time, with their trial after the write. */
  progress: StoredMetric[];
  outcomes: AppliedOutcome[];
}

/**
 * Applies a batch of worker events in one round trip and one transaction
 * (hf_apply_worker_events, in the hot-path migration): `started` moves a trial to RUNNING
 * under the latest attempt it names; progress stores step metrics of trials in flight,
 * and late ones of the attempt a finished trial stored; the first outcome of each trial
 * in stream order is recorded, with each sweep's new best. Everything that changed
 * nothing (a repeat, a stale attempt, a late result) is left out of the answer.
 */
export async function applyEventBatch(db: Database | Tx, batch: EventBatch): Promise<AppliedEvents> {
  const started = lastPerTrial(batch.started ?? [], (a, b) => b.attempt >= a.attempt);
  const progress = batch.progress ?? [];
  const outcomes = firstPerTrial(batch.outcomes ?? []);
  const applied: AppliedEvents = { started: [], progress: [], outcomes: [] };
  if (started.length + progress.length + outcomes.length === 0) return applied;

  const rows = await db.$queryRaw<{ kind: string; trial: Record<string, unknown>; detail: Record<string, unknown> | null }[]>`
    SELECT kind, trial, detail FROM hf_apply_worker_events(
      ${JSON.stringify(started)}::jsonb, ${JSON.stringify(progress)}::jsonb,
      ${JSON.stringify(outcomes.map(outcomeArgument))}::jsonb)`;
  for (const row of rows) {
    const trial = trialFromJson(row.trial);
    const detail = row.detail ?? {};
    if (row.kind === 'started') applied.started.push(trial);
    else if (row.kind === 'progress') {
      const metric = { attempt: detail.attempt as number, step: detail.step as number, values: detail.values as Prisma.JsonValue, recordedAt: new Date(detail.recordedAt as string) };
      applied.progress.push({ trial, metric });
    } else applied.outcomes.push({ trial, previousAttempt: detail.previousAttempt as number, newBest: detail.newBest === true });
  }
  return applied;
}

/** An outcome as hf_apply_worker_events reads it: flat, with the value as exact text. */
function outcomeArgument({ trialId, attempt, outcome }: OutcomeWrite) {
  return {
    trialId,
    attempt,
    state: outcome.state,
    value: exactText(finiteValue(outcome)),
    step: 'step' in outcome ? (outcome.step ?? null) : null,
    error: 'error' in outcome ? outcome.error : null,
    artifactKey: outcome.state === 'COMPLETED' ? (outcome.artifactKey ?? null) : null,
    artifactDigest: outcome.state === 'COMPLETED' ? (outcome.artifactDigest ?? null) : null,
  };
}

/**
 * A double as the shortest text that reads back as the same double, cast in SQL: the
 * value never passes through a lossy conversion on its way.
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
