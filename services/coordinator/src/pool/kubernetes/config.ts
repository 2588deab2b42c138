// The Kubernetes pool's settings, read from the environment with the coordinator's other
// settings (HYPERFLEET_POOL=kubernetes). Every variable is listed in the README.
import { ConfigError, envInt, envString, type Env } from '@hyperfleet/common';

export interface KubernetesPoolConfig {
  /** The pool's name: its pods carry it as the hyperfleet.dev/pool label. */
  name: string;
  /** The worker pod template file (YAML or JSON: metadata and spec). */
  templateFile: string;
  kubeconfigFile?: string;
  namespace?: string;
  /** Used until SetPoolLimits stores other limits. */
  min: number;
  max: number;
  scaleDownCooldownMs: number;
  /** First delay before replacing workers that fail before they are ready; doubles to 5 min. */
  failureBackoffMs: number;
  /** The Secret the workers read NATS url, user, password and token from. */
  natsSecret?: string;
  /** The NATS address workers get when no Secret is named (default: the coordinator's). */
  workerNatsUrl?: string;
}

/** Hard upper bound for max, so that a typo cannot ask a cluster for a million pods. */
export const MAX_WORKERS_LIMIT = 1000;
const LABEL_VALUE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function readKubernetesPoolConfig(env: Env): KubernetesPoolConfig {
  const name = envString(env, 'HYPERFLEET_POOL_NAME', 'default');
  if (name.length > 40 || !LABEL_VALUE.test(name)) {
    throw new ConfigError(
      'HYPERFLEET_POOL_NAME',
      'must be lower-case letters, digits and -, at most 40 characters',
      name,
    );
  }
  const min = envInt(env, 'HYPERFLEET_POOL_MIN', 0, { min: 0, max: MAX_WORKERS_LIMIT });
  const max = envInt(env, 'HYPERFLEET_POOL_MAX', 4, { min: 1, max: MAX_WORKERS_LIMIT });
  if (min > max)
    throw new ConfigError(
      'HYPERFLEET_POOL_MIN',
      `must be <= HYPERFLEET_POOL_MAX (${max})`,
      String(min),
    );
  return {
    name,
    templateFile: envString(env, 'HYPERFLEET_POOL_TEMPLATE', '/etc/hyperfleet/worker-pod.yaml'),
    kubeconfigFile: env.HYPERFLEET_KUBECONFIG || undefined,
    namespace: env.HYPERFLEET_KUBE_NAMESPACE || undefined,
    min,
    max,
    scaleDownCooldownMs: envInt(env, 'HYPERFLEET_POOL_SCALE_DOWN_COOLDOWN_MS', 120_000, { min: 0 }),
    failureBackoffMs: envInt(env, 'HYPERFLEET_POOL_FAILURE_BACKOFF_MS', 5_000, { min: 0 }),
    natsSecret: env.HYPERFLEET_WORKER_NATS_SECRET || undefined,
    workerNatsUrl: env.HYPERFLEET_WORKER_NATS_URL || undefined,
  };
}
