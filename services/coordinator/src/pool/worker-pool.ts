// The worker pool port: it decides how many workers exist; JetStream decides which worker
// gets which trial. Backends: local processes (local-pool.ts) and Kubernetes pods
// (kubernetes/). The coordinator feeds every pool the demand (queued plus running trials
// across running sweeps) from PostgreSQL; a fixed-size pool ignores it.
import { FailedPreconditionError } from '@hyperfleet/common';

export interface PoolLimits {
  min: number;
  max: number;
}

export interface PendingWorker {
  name: string;
  /** Unschedulable, ContainerCreating, CreateContainerConfigError, restarting, ... */
  reason: string;
  message: string;
  since?: Date;
}

export interface PoolStatus {
  kind: string;
  name: string;
  namespace?: string;
  desired: number;
  /** Running and ready; pending workers are not capacity. */
  ready: number;
  pending: number;
  pendingWorkers: PendingWorker[];
  /** Workers holding a running trial, when the pool knows. */
  busy: number;
  /** The demand last fed in. */
  demand: number;
  /** Undefined for pools of a fixed size. */
  limits?: PoolLimits;
  /** Why the pool looks as it does, e.g. "worker 2 restarting after exit code 1". */
  reasons: string[];
}

export interface WorkerPool {
  start(): Promise<void>;
  status(): PoolStatus;
  /** Brings the pool in line with `demand` trials wanting a worker. */
  reconcile(demand: number): Promise<void>;
  /** Sets and stores new limits; pools of a fixed size throw FailedPreconditionError. */
  setLimits(limits: PoolLimits): Promise<void>;
  /** Stops what it runs; a pool whose workers outlive the coordinator leaves them running. */
  stop(): Promise<void>;
}

export class NoWorkerPool implements WorkerPool {
  async start(): Promise<void> {}
  status(): PoolStatus {
    return {
      kind: 'none',
      name: 'none',
      desired: 0,
      ready: 0,
      pending: 0,
      pendingWorkers: [],
      busy: 0,
      demand: 0,
      reasons: ['workers are started outside the coordinator'],
    };
  }
  async reconcile(): Promise<void> {}
  async setLimits(): Promise<void> {
    throw new FailedPreconditionError(
      'the coordinator starts no workers (HYPERFLEET_POOL=none); it has no limits to set',
    );
  }
  async stop(): Promise<void> {}
}
