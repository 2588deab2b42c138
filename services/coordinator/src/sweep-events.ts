// An in-process fan-out of stored changes to WatchSweep streams. Only what the coordinator
// has already written to PostgreSQL is announced here, so a watcher never sees a change
// that a restart would take back.
import { EventEmitter } from 'node:events';
import type { TrialMetricRow, TrialRow } from '@hyperfleet/db';

export type SweepChange =
  | { type: 'TRIAL_QUEUED' | 'TRIAL_STARTED' | 'TRIAL_COMPLETED' | 'TRIAL_FAILED' | 'TRIAL_PRUNED' | 'TRIAL_CANCELLED'; trial: TrialRow }
  | { type: 'TRIAL_PROGRESS'; trial: TrialRow; metric: Pick<TrialMetricRow, 'attempt' | 'step' | 'values' | 'recordedAt'> }
  | { type: 'SWEEP_FINISHED' };

export class SweepEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open WatchSweep stream.
    this.emitter.setMaxListeners(0);
  }

  publish(sweepId: string, change: SweepChange): void {
    this.emitter.emit(sweepId, change);
  }

  hasWatchers(sweepId: string): boolean {
    return this.emitter.listenerCount(sweepId) > 0;
  }

  subscribe(sweepId: string, listener: (change: SweepChange) => void): () => void {
    this.emitter.on(sweepId, listener);
    return () => this.emitter.off(sweepId, listener);
  }
}
