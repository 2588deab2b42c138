// What a worker pool reads and writes in PostgreSQL: the demand it scales to, which of its
// workers hold a running trial, the interruption reason of a trial whose worker died, its
// stored limits and its event log. The coordinator is the only writer, as for every table.
import type { Database } from './client.js';
import type { PoolEvent } from './generated/client.js';

export type PoolEventRow = PoolEvent;

export type PoolEventType =
  | 'SCALED'
  | 'WORKER_CREATED'
  | 'WORKER_FAILED'
  | 'WORKER_EXITED'
  | 'WORKER_DELETED'
  | 'WORKER_PENDING'
  | 'ADOPTED'
  | 'LIMITS_SET';

export interface PoolEventInput {
  type: PoolEventType;
  message: string;
  worker?: string;
  trialId?: string;
}

export interface PoolLimits {
  min: number;
  max: number;
}

/** The trial a busy worker is running. */
export interface WorkerAssignment {
  trialId: string;
  sweepId: string;
}

export class PoolStore {
  constructor(private readonly db: Database) {}

  /**
   * Queued plus running trials across running sweeps: the number of workers that would have
   * something to do. One count over the (state, worker_id) index.
   */
  async demand(): Promise<number> {
    const [row] = await this.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM trials t JOIN sweeps s ON s.id = t.sweep_id
      WHERE t.state IN ('QUEUED', 'RUNNING') AND s.state = 'RUNNING'`;
    return Number(row?.n ?? 0);
  }

  /** Of these workers, the ones a RUNNING trial names, with that trial. */
  async busyWorkers(workerIds: readonly string[]): Promise<Map<string, WorkerAssignment>> {
    if (workerIds.length === 0) return new Map();
    const rows = await this.db.trial.findMany({
      where: { state: 'RUNNING', workerId: { in: [...workerIds] } },
      select: { id: true, sweepId: true, workerId: true },
    });
    return new Map(rows.map((row) => [row.workerId!, { trialId: row.id, sweepId: row.sweepId }]));
  }

  /**
   * Records why `workerId` went away on the in-flight trial it was running, and returns that
   * trial's id. The state is not touched: JetStream redelivers the assignment to another worker.
   */
  async recordInterruption(workerId: string, reason: string): Promise<string[]> {
    const trials = await this.db.trial.findMany({
      where: { state: { in: ['QUEUED', 'RUNNING'] }, workerId },
      select: { id: true },
    });
    if (trials.length === 0) return [];
    const ids = trials.map((trial) => trial.id);
    await this.db.trial.updateMany({ where: { id: { in: ids } }, data: { interruption: reason } });
    return ids;
  }

  async limits(pool: string): Promise<PoolLimits | undefined> {
    const row = await this.db.workerPool.findUnique({ where: { name: pool } });
    return row ? { min: row.minWorkers, max: row.maxWorkers } : undefined;
  }

  async saveLimits(pool: string, limits: PoolLimits): Promise<void> {
    await this.db.workerPool.upsert({
      where: { name: pool },
      create: { name: pool, minWorkers: limits.min, maxWorkers: limits.max },
      update: { minWorkers: limits.min, maxWorkers: limits.max },
    });
  }

  async addEvents(pool: string, events: readonly PoolEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.poolEvent.createMany({
      data: events.map((event) => ({
        pool,
        type: event.type,
        message: event.message,
        worker: event.worker ?? null,
        trialId: event.trialId ?? null,
      })),
    });
  }

  /** The newest events first. */
  async recentEvents(pool: string, limit: number): Promise<PoolEventRow[]> {
    return this.db.poolEvent.findMany({ where: { pool }, orderBy: { id: 'desc' }, take: limit });
  }
}
