// The worker's configuration, read once from the environment and validated.
import { hostname } from 'node:os';
import { envInt, envString, type Env } from '@hyperfleet/common';

export interface WorkerConfig {
  workerId: string;
  nats: { servers: string; namespace: string; user?: string; pass?: string; token?: string };
  /** Must match the coordinator's: in-progress acks go out at a third of it. */
  ackWaitMs: number;
  /** On SIGTERM, how long the current trial may run on before it is handed back. */
  drainTimeoutMs: number;
  /**
   * Trials this process runs at once, each pulled on its own like a separate worker. One
   * for training; more for cheap command or synthetic trials (and simulated fleets).
   */
  slots: number;
}

export function readWorkerConfig(env: Env = process.env): WorkerConfig {
  return {
    workerId: envString(env, 'HYPERFLEET_WORKER_ID', `${hostname()}-${process.pid}`),
    nats: {
      servers: envString(env, 'HYPERFLEET_NATS_URL', '127.0.0.1:4222'),
      namespace: envString(env, 'HYPERFLEET_NATS_NAMESPACE', 'hf'),
      user: env.HYPERFLEET_NATS_USER || undefined,
      pass: env.HYPERFLEET_NATS_PASS || undefined,
      token: env.HYPERFLEET_NATS_TOKEN || undefined,
    },
    ackWaitMs: envInt(env, 'HYPERFLEET_ACK_WAIT_MS', 30_000, { min: 1_000, max: 3_600_000 }),
    drainTimeoutMs: envInt(env, 'HYPERFLEET_DRAIN_TIMEOUT_MS', 10_000, { min: 0 }),
    slots: envInt(env, 'HYPERFLEET_WORKER_SLOTS', 1, { min: 1, max: 10_000 }),
  };
}
