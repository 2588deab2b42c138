// The deploy service's configuration, read once from the environment and validated.
import { envInt, envListenAddress, envString, readApiSecurity, type ApiSecurity, type Env } from '@hyperfleet/common';

export interface DeployConfig {
  listen: string;
  databaseUrl: string;
  nats: { servers: string; namespace: string; user?: string; pass?: string; token?: string };
  security: ApiSecurity;
  /** Versions kept loaded in memory for Predict with an explicit version; the current always is. */
  loadedVersions: number;
  /** Rows accepted in one Predict call. */
  maxPredictRows: number;
}

export function readDeployConfig(env: Env = process.env): DeployConfig {
  return {
    listen: envListenAddress(env, 'HYPERFLEET_DEPLOY_LISTEN', '127.0.0.1:50052'),
    databaseUrl: envString(env, 'DATABASE_URL', 'postgresql://postgres:postgres@127.0.0.1:5432/hyperfleet'),
    nats: {
      servers: envString(env, 'HYPERFLEET_NATS_URL', '127.0.0.1:4222'),
      namespace: envString(env, 'HYPERFLEET_NATS_NAMESPACE', 'hf'),
      user: env.HYPERFLEET_NATS_USER || undefined,
      pass: env.HYPERFLEET_NATS_PASS || undefined,
      token: env.HYPERFLEET_NATS_TOKEN || undefined,
    },
    security: readApiSecurity(env),
    loadedVersions: envInt(env, 'HYPERFLEET_DEPLOY_LOADED_VERSIONS', 3, { min: 1, max: 100 }),
    maxPredictRows: envInt(env, 'HYPERFLEET_DEPLOY_MAX_PREDICT_ROWS', 10_000, { min: 1 }),
  };
}
