// Trial rows read with raw SQL (the batched hot path), mapped to the shape Prisma returns.
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
