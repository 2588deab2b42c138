// Feeds the worker pool its demand: every interval, the count of queued plus running trials
// across running sweeps, read from PostgreSQL (one indexed count), then pool.reconcile().
// A tick that is still running when the next is due is not doubled.
import type { Logger } from '@hyperfleet/common';
import type { PoolStore } from '@hyperfleet/db';
import type { WorkerPool } from './worker-pool.js';

export interface DemandFeedOptions {
  store: PoolStore;
  pool: WorkerPool;
  intervalMs: number;
  logger: Logger;
}

export class DemandFeed {
  private timer?: NodeJS.Timeout;
  private tick?: Promise<void>;

  constructor(private readonly options: DemandFeedOptions) {}

  /** Feeds once at once, then every interval. */
  start(): Promise<void> {
    this.timer = setInterval(() => void this.feed(), this.options.intervalMs);
    return this.feed();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.tick;
  }

  /** Reads the demand and reconciles now; a call during a tick waits for that tick. */
  feed(): Promise<void> {
    this.tick ??= (async () => {
      try {
        await this.options.pool.reconcile(await this.options.store.demand());
      } catch (error) {
        this.options.logger.warn('pool demand feed failed; retrying next interval', { error });
      } finally {
        this.tick = undefined;
      }
    })();
    return this.tick;
  }
}
