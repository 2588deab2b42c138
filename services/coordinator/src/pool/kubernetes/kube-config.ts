// Where the pool's Kubernetes credentials come from, in this order: the kubeconfig file named
// by HYPERFLEET_KUBECONFIG; in a cluster, the pod's service account (token, CA and namespace
// under /var/run/secrets/kubernetes.io/serviceaccount); else the default kubeconfig
// (KUBECONFIG, then ~/.kube/config). Nothing found is an error, never a guess.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigError, type Env } from '@hyperfleet/common';

export interface KubeConnection {
  kubeConfig: KubeConfig;
  namespace: string;
  source: 'kubeconfig' | 'in-cluster' | 'default-kubeconfig';
}

export interface KubeConfigOptions {
  /** HYPERFLEET_KUBECONFIG: a kubeconfig file to use, its current context. */
  kubeconfigFile?: string;
  /** HYPERFLEET_KUBE_NAMESPACE: overrides the context's (or the service account's) namespace. */
  namespace?: string;
  env?: Env;
  /** Prepended to the service account paths; tests point it at a directory of their own. */
  serviceAccountRoot?: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function loadKubeConnection(options: KubeConfigOptions = {}): KubeConnection {
  const env = options.env ?? process.env;
  const kubeConfig = new KubeConfig();
  let source: KubeConnection['source'];

  if (options.kubeconfigFile) {
    if (!existsSync(options.kubeconfigFile))
      throw new ConfigError(
        'HYPERFLEET_KUBECONFIG',
        'must name a readable kubeconfig file',
        options.kubeconfigFile,
      );
    kubeConfig.loadFromFile(options.kubeconfigFile);
    source = 'kubeconfig';
  } else if (
    env.KUBERNETES_SERVICE_HOST &&
    existsSync(`${options.serviceAccountRoot ?? ''}${SERVICE_ACCOUNT_TOKEN}`)
  ) {
    kubeConfig.loadFromCluster(options.serviceAccountRoot ?? '');
    source = 'in-cluster';
  } else if (env.KUBECONFIG || existsSync(path.join(homedir(), '.kube', 'config'))) {
    kubeConfig.loadFromDefault();
    source = 'default-kubeconfig';
  } else {
    throw new ConfigError(
      'HYPERFLEET_KUBECONFIG',
      'no Kubernetes credentials found: set it, or KUBECONFIG, or run the coordinator in a cluster with a service account',
      '',
    );
  }

  if (!kubeConfig.getCurrentCluster())
    throw new ConfigError(
      'HYPERFLEET_KUBECONFIG',
      'the kubeconfig has no current cluster',
      options.kubeconfigFile ?? env.KUBECONFIG ?? '',
    );
  const contextNamespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
  return { kubeConfig, namespace: options.namespace || contextNamespace || 'default', source };
}
