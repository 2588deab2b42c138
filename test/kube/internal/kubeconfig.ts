/** A kubeconfig for the test server, as an object for the client and as a YAML file. */
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeconfigParams {
  url: string;
  namespace: string;
  token: string;
  /** PEM of the server's CA; undefined for plain HTTP. */
  caPem?: string;
}

const CLUSTER = 'hyperfleet-fake';
const USER = 'hyperfleet-fake-user';

export function makeKubeConfig(params: KubeconfigParams): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: CLUSTER,
        server: params.url,
        // The client refuses plain http unless verification is off; with TLS it verifies.
        skipTLSVerify: params.caPem === undefined,
        ...(params.caPem ? { caData: Buffer.from(params.caPem).toString('base64') } : {}),
      },
    ],
    users: [{ name: USER, token: params.token }],
    contexts: [{ name: CLUSTER, cluster: CLUSTER, user: USER, namespace: params.namespace }],
    currentContext: CLUSTER,
  });
  return kc;
}

export function kubeconfigYaml(params: KubeconfigParams): string {
  const q = (value: string): string => JSON.stringify(value);
  const clusterLines = params.caPem
    ? [`    certificate-authority-data: ${q(Buffer.from(params.caPem).toString('base64'))}`]
    : ['    insecure-skip-tls-verify: true'];
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(CLUSTER)}`,
    '  cluster:',
    `    server: ${q(params.url)}`,
    ...clusterLines,
    'users:',
    `- name: ${q(USER)}`,
    '  user:',
    `    token: ${q(params.token)}`,
    'contexts:',
    `- name: ${q(CLUSTER)}`,
    '  context:',
    `    cluster: ${q(CLUSTER)}`,
    `    user: ${q(USER)}`,
    `    namespace: ${q(params.namespace)}`,
    `current-context: ${q(CLUSTER)}`,
    '',
  ].join('\n');
}
