// The labels that mark a pod as one of a pool's workers. The pool finds, adopts and counts
// its pods by these alone, so they are set by the pool and never by the template.

export const APP_LABEL = 'app.kubernetes.io/name';
export const APP_VALUE = 'hyperfleet-worker';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'hyperfleet-coordinator';
export const POOL_LABEL = 'hyperfleet.dev/pool';
/** The sweep of the trial the pod is running; absent while it is idle. */
export const SWEEP_LABEL = 'hyperfleet.dev/sweep';
/** A hash of the template the pod was built from; a pod with another one is outdated. */
export const TEMPLATE_HASH_LABEL = 'hyperfleet.dev/template-hash';

export const RESERVED_LABELS = [
  APP_LABEL,
  MANAGED_BY_LABEL,
  POOL_LABEL,
  SWEEP_LABEL,
  TEMPLATE_HASH_LABEL,
];

/** The label selector of one pool's pods. */
export function poolSelector(pool: string): string {
  return `${APP_LABEL}=${APP_VALUE},${POOL_LABEL}=${pool}`;
}
