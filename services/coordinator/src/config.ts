// The coordinator's configuration, read once from the environment and validated.
import { envChoice, envInt, envListenAddress, envString, readApiSecurity, type ApiSecurity, type Env } from '@hyperfleet/common';
import { readKubernetesPoolConfig, type KubernetesPoolConfig } from './pool/kubernetes/config.js';

export interface CoordinatorConfig {
  /** host:port the gRPC API listens on. */
  listen: string;
  databaseUrl: string;
  nats: { servers: string; namespace: string; user?: string; pass?: string; token?: string };
  /** A worker silent for this long loses its trial to another worker. */
  ackWaitMs: number;
  /** Where promoted models go; empty disables promotion. */
  deployAddress: string;
  /** Bearer token for the deploy service; the first API token by default. */
  deployToken?: string;
  security: ApiSecurity;
  pool: {
    kind: 'local' | 'kubernetes' | 'none';
    localWorkers: number;
    /** How often the demand is read from PostgreSQL and fed to the pool. */
    syncIntervalMs: number;
    /** Set when kind is kubernetes. */
    kubernetes?: KubernetesPoolConfig;
    workerCommand: string[];
    /** Extra environment for local workers (tests set their log level this way). */
    workerEnv?: Record<string, string>;
    workerOutput?: 'inherit' | 'ignore';
  };
  /** How often unpublished trials are published again and running sweeps refilled (a safety net). */
  reconcileIntervalMs: number;
}

export function readCoordinatorConfig(env: Env = process.env): CoordinatorConfig {
  const security = readApiSecurity(env);
  const workerCommand = envString(env, 'HYPERFLEET_WORKER_COMMAND', '');
  const kind = envChoice(env, 'HYPERFLEET_POOL', 'none', ['local', 'kubernetes', 'none'] as const);
  return {
    listen: envListenAddress(env, 'HYPERFLEET_COORDINATOR_LISTEN', '127.0.0.1:50051'),
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
    security,
    deployToken: env.HYPERFLEET_DEPLOY_TOKEN || security.tokens[0],
    pool: {
      kind,
      localWorkers: envInt(env, 'HYPERFLEET_LOCAL_WORKERS', 2, { min: 0, max: 256 }),
      syncIntervalMs: envInt(env, 'HYPERFLEET_POOL_SYNC_INTERVAL_MS', 5_000, { min: 50 }),
      ...(kind === 'kubernetes' ? { kubernetes: readKubernetesPoolConfig(env) } : {}),
      workerCommand: workerCommand === '' ? [] : workerCommand.split(' ').filter(Boolean),
    },
    reconcileIntervalMs: envInt(env, 'HYPERFLEET_RECONCILE_INTERVAL_MS', 5_000, { min: 100 }),
  };
}
