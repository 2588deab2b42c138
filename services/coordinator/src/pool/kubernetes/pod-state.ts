// What a worker pod is doing, read from its status as a kubelet and scheduler report it:
// ready (running and Ready), pending (not scheduled, or containers not started), ended
// (Failed or Succeeded: it will not run again under restartPolicy Never) or terminating.
import type { V1Pod } from '@kubernetes/client-node';

export type PodCondition = 'ready' | 'pending' | 'ended' | 'terminating';

export interface PodView {
  name: string;
  uid: string;
  condition: PodCondition;
  /** For pending pods: Unschedulable, ContainerCreating, CreateContainerConfigError, ... */
  reason: string;
  message: string;
  createdAt: Date;
  templateHash: string;
  failed: boolean;
}

export function viewPod(pod: V1Pod, templateHashLabel: string): PodView {
  const name = pod.metadata?.name ?? '';
  const base = {
    name,
    uid: pod.metadata?.uid ?? '',
    createdAt: new Date(pod.metadata?.creationTimestamp ?? 0),
    templateHash: pod.metadata?.labels?.[templateHashLabel] ?? '',
    failed: pod.status?.phase === 'Failed',
  };
  if (pod.metadata?.deletionTimestamp)
    return { ...base, condition: 'terminating', reason: 'Terminating', message: '' };

  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded')
    return { ...base, condition: 'ended', reason: phase, message: endReason(pod) };

  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  if (phase === 'Running' && ready)
    return { ...base, condition: 'ready', reason: 'Ready', message: '' };

  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') {
    return {
      ...base,
      condition: 'pending',
      reason: scheduled.reason || 'Unschedulable',
      message: scheduled.message ?? '',
    };
  }
  const waiting = pod.status?.containerStatuses?.find((s) => s.state?.waiting)?.state?.waiting;
  if (waiting)
    return {
      ...base,
      condition: 'pending',
      reason: waiting.reason || 'Waiting',
      message: waiting.message ?? '',
    };
  return {
    ...base,
    condition: 'pending',
    reason: phase === 'Running' ? 'NotReady' : 'ContainerCreating',
    message: '',
  };
}

/**
 * Why a pod ended, in the words the pool records on the trial and in its events:
 * "worker pod hf-worker-abc OOMKilled (exit 137)", "worker pod hf-worker-abc evicted: ...".
 */
export function endReason(pod: V1Pod): string {
  const name = pod.metadata?.name ?? '';
  if (pod.status?.reason === 'Evicted')
    return `worker pod ${name} evicted: ${pod.status.message ?? 'no message'}`;

  const terminated = pod.status?.containerStatuses
    ?.map((s) => s.state?.terminated)
    .find((t) => t && (t.exitCode !== 0 || t.reason === 'OOMKilled'));
  if (terminated) {
    const reason = terminated.reason || 'Error';
    const detail = terminated.message ? `: ${terminated.message}` : '';
    return reason === 'OOMKilled'
      ? `worker pod ${name} OOMKilled (exit ${terminated.exitCode})${detail}`
      : `worker pod ${name} failed: ${reason} (exit ${terminated.exitCode})${detail}`;
  }
  if (pod.status?.phase === 'Succeeded') return `worker pod ${name} exited (exit 0)`;
  const reason = pod.status?.reason
    ? `${pod.status.reason}${pod.status.message ? `: ${pod.status.message}` : ''}`
    : 'no reason given';
  return `worker pod ${name} failed: ${reason}`;
}
