/**
 * A pod's status computed from what its containers are doing: phase by the restart
 * policy's rules, per-container states, and the conditions kubectl and controllers read.
 */
import type {
  V1ContainerState,
  V1ContainerStatus,
  V1PodCondition,
  V1PodStatus,
} from '@kubernetes/client-node';
import { wireTime } from './clock.js';

export interface ContainerView {
  name: string;
  image: string;
  containerID?: string;
  restartCount: number;
  state: V1ContainerState;
  lastState: V1ContainerState;
  ready: boolean;
  /** Terminated and not going to be restarted. */
  final: boolean;
  everStarted: boolean;
}

export interface PodView {
  containers: ContainerView[];
  eviction?: { message: string };
}

type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export function podPhase(view: PodView): Phase {
  if (view.eviction) return 'Failed';
  const { containers } = view;
  if (containers.length > 0 && containers.every((c) => c.final)) {
    return containers.every((c) => c.state.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
  }
  if (containers.some((c) => c.state.running !== undefined || c.everStarted)) return 'Running';
  return 'Pending';
}

/** Sets a condition, keeping its lastTransitionTime when its status did not change. */
export function withCondition(
  conditions: V1PodCondition[] | undefined,
  next: Omit<V1PodCondition, 'lastTransitionTime' | 'lastProbeTime'>,
): V1PodCondition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === next.type);
  const previous = index >= 0 ? list[index] : undefined;
  const condition: V1PodCondition = {
    ...next,
    lastProbeTime: null as unknown as Date,
    lastTransitionTime:
      previous && previous.status === next.status ? previous.lastTransitionTime : wireTime(),
  };
  if (index >= 0) list[index] = condition;
  else list.push(condition);
  return list;
}

function containerStatus(c: ContainerView): V1ContainerStatus {
  return {
    name: c.name,
    image: c.image,
    imageID: `fake-registry/${c.image}`,
    ...(c.containerID ? { containerID: c.containerID } : {}),
    ready: c.ready,
    started: c.state.running !== undefined,
    restartCount: c.restartCount,
    state: c.state,
    lastState: c.lastState,
  };
}

export function computeStatus(previous: V1PodStatus, view: PodView): V1PodStatus {
  const phase = podPhase(view);
  const notReady = view.containers.filter((c) => !c.ready).map((c) => c.name);
  const ready = notReady.length === 0 && phase === 'Running';
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = terminal
    ? undefined
    : `containers with unready status: [${notReady.join(' ')}]`;

  let conditions = withCondition(previous.conditions, {
    type: 'PodReadyToStartContainers',
    status: terminal ? 'False' : 'True',
  });
  conditions = withCondition(conditions, { type: 'Initialized', status: 'True' });
  for (const type of ['Ready', 'ContainersReady'] as const) {
    conditions = withCondition(
      conditions,
      ready
        ? { type, status: 'True' }
        : {
            type,
            status: 'False',
            reason: readyReason,
            ...(readyMessage ? { message: readyMessage } : {}),
          },
    );
  }
  if (view.eviction) {
    conditions = withCondition(conditions, {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'TerminationByKubelet',
      message: view.eviction.message,
    });
  }

  return {
    ...previous,
    phase,
    conditions,
    containerStatuses: view.containers.map(containerStatus),
    ...(view.eviction ? { reason: 'Evicted', message: view.eviction.message } : {}),
  };
}
