// Sweep lifecycle in PostgreSQL: creation, reads, counts and the terminal transitions.
// Every transition locks the sweep row, so that a result, a cancel and a refill never
// interleave.
import { FailedPreconditionError, NotFoundError, type SweepSpec } from '@hyperfleet/common';
import type { Database } from './client.js';
import type { Prisma, Sweep, TrialState } from './generated/client.js';
import { decodePageToken, encodePageToken } from './page-token.js';

export type SweepRow = Sweep;
export type SweepStateName = Sweep['state'];

export type TrialCounts = Record<TrialState, number> & { total: number };

type Tx = Prisma.TransactionClient;

export interface FinishOutcome {
  state: SweepStateName;
  /** Trials this transition cancelled (they were queued or running). */
  cancelledTrialIds: string[];
  changed: boolean;
}

export class SweepStore {
  constructor(private readonly db: Database) {}

  async create(spec: SweepSpec): Promise<SweepRow> {
    return this.db.sweep.create({
      data: {
        name: spec.name,
        spec: spec as unknown as Prisma.InputJsonValue,
        seed: spec.seed,
        objectiveMetric: spec.objective.metric,
        direction: spec.objective.direction === 'maximize' ? 'MAXIMIZE' : 'MINIMIZE',
        maxTrials: spec.budget.maxTrials,
        maxFailedTrials: spec.budget.maxFailedTrials,
        parallelism: spec.parallelism,
      },
    });
  }

  async get(id: string): Promise<SweepRow> {
    const sweep = isUuid(id) ? await this.db.sweep.findUnique({ where: { id } }) : null;
    if (!sweep) throw new NotFoundError('sweep', id);
    return sweep;
  }

  async listRunning(): Promise<SweepRow[]> {
    return this.db.sweep.findMany({ where: { state: 'RUNNING' }, orderBy: { createdAt: 'asc' } });
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async list(options: { pageSize: number; pageToken: string; states: SweepStateName[] }) {
    const after = decodePageToken(options.pageToken, isSweepPosition);
    const where: Prisma.SweepWhereInput = {
      ...(options.states.length > 0 ? { state: { in: options.states } } : {}),
      ...(after
        ? {
            OR: [
              { createdAt: { lt: new Date(after.t) } },
              { createdAt: new Date(after.t), id: { lt: after.id } },
            ],
          }
        : {}),
    };
    const rows = await this.db.sweep.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.pageSize + 1,
    });
    const page = rows.slice(0, options.pageSize);
    const last = page.at(-1);
    const nextPageToken =
      rows.length > options.pageSize && last ? encodePageToken({ t: last.createdAt.toISOString(), id: last.id }) : '';
    return { sweeps: page, nextPageToken };
  }

  async counts(sweepId: string, tx: Tx | Database = this.db): Promise<TrialCounts> {
    const groups = await tx.trial.groupBy({ by: ['state'], where: { sweepId }, _count: { _all: true } });
    const counts: TrialCounts = { QUEUED: 0, RUNNING: 0, COMPLETED: 0, PRUNED: 0, FAILED: 0, CANCELLED: 0, total: 0 };
    for (const group of groups) {
      counts[group.state] = group._count._all;
      counts.total += group._count._all;
    }
    return counts;
  }

  /** Ends a running sweep CANCELLED and cancels its queued and running trials. */
  async cancel(sweepId: string, reason: string): Promise<FinishOutcome> {
    return this.db.$transaction(async (tx) => {
      const sweep = await lockSweep(tx, sweepId);
      if (sweep.state !== 'RUNNING') {
        throw new FailedPreconditionError(`sweep ${sweepId} is already ${sweep.state}`);
      }
      return endSweep(tx, sweep.id, 'CANCELLED', reason);
    });
  }

  async setPromotion(sweepId: string, update: { state: 'PENDING' | 'DONE' | 'FAILED' | 'NO_MODEL'; version?: number; error?: string }) {
    await this.db.sweep.update({
      where: { id: sweepId },
      data: { promotionState: update.state, promotedVersion: update.version ?? null, promotionError: update.error ?? null },
    });
  }

  async listPendingPromotions(): Promise<SweepRow[]> {
    return this.db.sweep.findMany({ where: { state: 'COMPLETED', promotionState: 'PENDING' } });
  }
}

/** Locks the sweep's row for the rest of the transaction and reads it, in one statement. */
export async function lockSweep(tx: Tx, sweepId: string): Promise<SweepRow> {
  const [raw] = await tx.$queryRaw<Record<string, unknown>[]>`SELECT * FROM sweeps WHERE id = ${sweepId}::uuid FOR UPDATE`;
  if (!raw) throw new NotFoundError('sweep', sweepId);
  return sweepFromRaw(raw);
}

export function sweepFromRaw(raw: Record<string, unknown>): SweepRow {
  const camel = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value]));
  return camel as unknown as SweepRow;
}

/**
 * Ends the sweep and cancels its queued and running trials (hf_end_sweep, shared with the
 * refill). The caller holds the sweep's row lock.
 */
export async function endSweep(tx: Tx, sweepId: string, state: SweepStateName, reason: string): Promise<FinishOutcome> {
  const [row] = await tx.$queryRaw<{ cancelled: string[] }[]>`
    SELECT hf_end_sweep(${sweepId}::uuid, ${state}::"SweepState", ${reason})::text[] AS cancelled`;
  return { state, cancelledTrialIds: row?.cancelled ?? [], changed: true };
}

function isSweepPosition(position: Record<string, unknown>): position is { t: string; id: string } {
  return typeof position.t === 'string' && !Number.isNaN(Date.parse(position.t)) && typeof position.id === 'string' && isUuid(position.id);
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID_PATTERN.test(id);
}
