// The worker pool port: it decides how many workers exist; JetStream decides which worker
// gets which trial. Backends: local processes (here) and Kubernetes pods.

export interface PoolStatus {
  kind: string;
  desired: number;
  ready: number;
  pending: number;
  /** Why the pool looks as it does, e.g. "worker 2 restarting after exit code 1". */
  reasons: string[];
}

export interface WorkerPool {
  start(): Promise<void>;
  status(): PoolStatus;
  /** Stops every worker it started, letting each hand back or finish its trial. */
  stop(): Promise<void>;
}

export class NoWorkerPool implements WorkerPool {
  async start(): Promise<void> {}
  status(): PoolStatus {
    return { kind: 'none', desired: 0, ready: 0, pending: 0, reasons: ['workers are started outside the coordinator'] };
  }
  async stop(): Promise<void> {}
}
