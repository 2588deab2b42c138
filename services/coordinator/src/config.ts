// The coordinator's configuration, read once from the environment and validated.
import { envBool, envChoice, envInt, envString, type Env } from '@hyperfleet/common';

export interface CoordinatorConfig {
  /** host:port the gRPC API listens on. */
  listen: string;
  databaseUrl: string;
  nats: { servers: string; namespace: string; user?: string; pass?: string; token?: string };
  /** A worker silent for this long loses its trial to another worker. */
  ackWaitMs: number;
  /** Where promoted models go; empty disables promotion. */
  deployAddress: string;
  /** Bearer tokens accepted by the API; none means no authentication (the demo on loopback). */
  apiTokens: string[];
  pool: {
    kind: 'local' | 'none';
    localWorkers: number;
    workerCommand: string[];
    /** Extra environment for local workers (tests set their log level this way). */
    workerEnv?: Record<string, string>;
    workerOutput?: 'inherit' | 'ignore';
  };
  /** How often trials whose assignment was never stored by JetStream are published again. */
  redispatchIntervalMs: number;
}

export function readCoordinatorConfig(env: Env = process.env): CoordinatorConfig {
  const tokens = envString(env, 'HYPERFLEET_API_TOKENS', '');
  const workerCommand = envString(env, 'HYPERFLEET_WORKER_COMMAND', '');
  return {
    listen: envString(env, 'HYPERFLEET_COORDINATOR_LISTEN', '127.0.0.1:50051'),
    databaseUrl: envString(env, 'DATABASE_URL', 'postgresql://postgres:postgres@127.0.0.1:5432/hyperfleet'),
    nats: {
      servers: envString(env, 'HYPERFLEET_NATS_URL', '127.0.0.1:4222'),
      namespace: envString(env, 'HYPERFLEET_NATS_NAMESPACE', 'hf'),
      user: env.HYPERFLEET_NATS_USER || undefined,
      pass: env.HYPERFLEET_NATS_PASS || undefined,
      token: env.HYPERFLEET_NATS_TOKEN || undefined,
    },
    ackWaitMs: envInt(env, 'HYPERFLEET_ACK_WAIT_MS', 30_000, { min: 1_000, max: 3_600_000 }),
    deployAddress: envString(env, 'HYPERFLEET_DEPLOY_ADDRESS', '127.0.0.1:50052'),
    apiTokens: tokens === '' ? [] : tokens.split(',').map((token) => token.trim()).filter(Boolean),
    pool: {
      kind: envChoice(env, 'HYPERFLEET_POOL', 'none', ['local', 'none'] as const),
      localWorkers: envInt(env, 'HYPERFLEET_LOCAL_WORKERS', 2, { min: 0, max: 256 }),
      workerCommand: workerCommand === '' ? [] : workerCommand.split(' ').filter(Boolean),
    },
    redispatchIntervalMs: envInt(env, 'HYPERFLEET_REDISPATCH_INTERVAL_MS', 5_000, { min: 100 }),
  };
}

export function isDemoMode(env: Env = process.env): boolean {
  return envBool(env, 'HYPERFLEET_DEMO', false);
}
