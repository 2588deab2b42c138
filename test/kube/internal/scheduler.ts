/**
 * Placement on the fake cluster's single node: an optional decision function from the test,
 * then the node's labels against the pod's nodeSelector and required node affinity, then the
 * node's `nvidia.com/gpu` capacity against the GPU limits of the pods already bound to it.
 */
import type { V1NodeSelectorRequirement, V1Pod } from '@kubernetes/client-node';
import { parseQuantity } from './quantity.js';

export const GPU_RESOURCE = 'nvidia.com/gpu';

export type ScheduleDecision = 'schedule' | { pending: string };
export type ScheduleFn = (pod: V1Pod) => ScheduleDecision;

export const INSUFFICIENT_GPU = `0/1 nodes are available: 1 Insufficient ${GPU_RESOURCE}.`;
const SELECTOR_MISMATCH =
  "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";

export interface SchedulerOptions {
  schedule?: ScheduleFn;
  /** The node's allocatable `nvidia.com/gpu`; unlimited when unset. */
  gpus?: number;
  nodeLabels: Record<string, string>;
}

export function podGpus(pod: V1Pod): number {
  return (pod.spec?.containers ?? []).reduce((sum, c) => {
    const value = c.resources?.limits?.[GPU_RESOURCE] ?? c.resources?.requests?.[GPU_RESOURCE];
    return sum + (parseQuantity(value) ?? 0);
  }, 0);
}

function requirementHolds(req: V1NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = req.key in labels;
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const n = Number(value);
      const bound = Number(values[0]);
      if (!has || Number.isNaN(n)) return false;
      return req.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

function nodeMatches(pod: V1Pod, labels: Record<string, string>): boolean {
  const selector = pod.spec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return false;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms;
  if (terms === undefined || terms.length === 0) return true;
  return terms.some((term) =>
    (term.matchExpressions ?? []).every((req) => requirementHolds(req, labels)),
  );
}

export class Scheduler {
  private schedule: ScheduleFn | undefined;

  constructor(private readonly options: SchedulerOptions) {
    this.schedule = options.schedule;
  }

  setSchedulable(schedulable: boolean | ScheduleFn): void {
    if (typeof schedulable === 'function') this.schedule = schedulable;
    else this.schedule = schedulable ? undefined : () => ({ pending: INSUFFICIENT_GPU });
  }

  /** Where `pod` goes, given the pods that hold resources on the node right now. */
  decide(pod: V1Pod, boundPods: readonly V1Pod[]): ScheduleDecision {
    const custom = this.schedule?.(pod);
    if (custom !== undefined && custom !== 'schedule') return custom;
    if (!nodeMatches(pod, this.options.nodeLabels)) return { pending: SELECTOR_MISMATCH };
    if (this.options.gpus !== undefined) {
      const used = boundPods.reduce((sum, p) => sum + podGpus(p), 0);
      if (used + podGpus(pod) > this.options.gpus) return { pending: INSUFFICIENT_GPU };
    }
    return 'schedule';
  }
}
