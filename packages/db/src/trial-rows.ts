// Trial rows read with raw SQL or returned as JSON by the hot-path functions, mapped to
// the shape Prisma returns.
import type { Trial } from './generated/client.js';

export interface RawTrialRow {
  id: string;
  sweep_id: string;
  number: number;
  state: Trial['state'];
  params: unknown;
  attempt: number;
  worker_id: string | null;
  dispatched_at: Date | null;
  value: number | null;
  last_step: number | null;
  error: string | null;
  interruption?: string | null;
  artifact_key: string | null;
  artifact_digest: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

export function trialFromRaw(raw: RawTrialRow): Trial {
  return {
    id: raw.id,
    sweepId: raw.sweep_id,
    number: raw.number,
    state: raw.state,
    params: raw.params as Trial['params'],
    attempt: raw.attempt,
    workerId: raw.worker_id,
    dispatchedAt: raw.dispatched_at,
    value: raw.value,
    lastStep: raw.last_step,
    error: raw.error,
    ...('interruption' in raw ? { interruption: raw.interruption ?? null } : {}),
    artifactKey: raw.artifact_key,
    artifactDigest: raw.artifact_digest,
    createdAt: raw.created_at,
    startedAt: raw.started_at,
    finishedAt: raw.finished_at,
    updatedAt: raw.updated_at,
  } as Trial;
}

const TIMESTAMP_COLUMNS = ['dispatched_at', 'created_at', 'started_at', 'finished_at', 'updated_at'] as const;

/** A trial row as the hot-path SQL functions return it (to_jsonb: timestamps as text). */
export function trialFromJson(json: Record<string, unknown>): Trial {
  const raw = { ...json } as Record<string, unknown>;
  for (const column of TIMESTAMP_COLUMNS) {
    const value = raw[column];
    raw[column] = typeof value === 'string' ? new Date(value) : null;
  }
  return trialFromRaw(raw as unknown as RawTrialRow);
}
