/**
 * What the apiserver fills in on pod create: defaulted spec fields, requests copied from
 * limits, the default not-ready/unreachable tolerations, and the initial Pending status.
 * Clients that compare what they sent with what they read back see the same differences.
 */
import type { V1Container, V1Pod, V1PodSpec, V1Toleration } from '@kubernetes/client-node';
import { parseQuantity } from './quantity.js';

const DEFAULT_TOLERATION_SECONDS = 300;

function defaultImagePullPolicy(image: string | undefined): string {
  const tag = image?.split('@')[0]?.split('/').pop()?.split(':')[1];
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(container: V1Container): V1Container {
  const resources = { ...(container.resources ?? {}) };
  if (resources.limits) {
    // An unset request defaults to its limit, which is what makes GPU requests count.
    resources.requests = { ...resources.limits, ...(resources.requests ?? {}) };
  }
  return {
    ...container,
    imagePullPolicy: container.imagePullPolicy ?? defaultImagePullPolicy(container.image),
    terminationMessagePath: container.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: container.terminationMessagePolicy ?? 'File',
    resources,
  };
}

function defaultTolerations(existing: V1Toleration[] | undefined): V1Toleration[] {
  const tolerations = [...(existing ?? [])];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (tolerations.some((t) => t.key === key || (t.key === undefined && t.operator === 'Exists')))
      continue;
    tolerations.push({
      key,
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
    });
  }
  return tolerations;
}

function qosClass(containers: V1Container[]): string {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    for (const resource of ['cpu', 'memory']) {
      const request = c.resources?.requests?.[resource];
      const limit = c.resources?.limits?.[resource];
      if (request !== undefined || limit !== undefined) any = true;
      if (limit === undefined || parseQuantity(request) !== parseQuantity(limit))
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function applyPodDefaults(pod: V1Pod): V1Pod {
  const spec = pod.spec as V1PodSpec;
  const containers = spec.containers.map(defaultContainer);
  const serviceAccount = spec.serviceAccountName ?? spec.serviceAccount ?? 'default';
  return {
    ...pod,
    spec: {
      ...spec,
      containers,
      ...(spec.initContainers ? { initContainers: spec.initContainers.map(defaultContainer) } : {}),
      restartPolicy: spec.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
      dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
      schedulerName: spec.schedulerName ?? 'default-scheduler',
      serviceAccountName: serviceAccount,
      serviceAccount,
      securityContext: spec.securityContext ?? {},
      enableServiceLinks: spec.enableServiceLinks ?? true,
      priority: spec.priority ?? 0,
      preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
      tolerations: defaultTolerations(spec.tolerations),
    },
    status: { phase: 'Pending', qosClass: qosClass(containers) },
  };
}
