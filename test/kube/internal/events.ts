/**
 * Records core/v1 Events about pods the way the scheduler and kubelet do, folding a repeat
 * of the same reason and message into the existing event (count and lastTimestamp).
 */
import { randomUUID } from 'node:crypto';
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { ObjectStore } from './object-store.js';
import { wireTime } from './clock.js';

export const EVENTS = 'events';

export interface EventInput {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: 'kubelet' | 'default-scheduler';
  /** `spec.containers{name}` for an event about one container. */
  fieldPath?: string;
}

export class EventRecorder {
  private readonly names = new Map<string, string>();
  private lastNanos = 0n;

  constructor(
    private readonly store: ObjectStore,
    private readonly nodeName: string,
  ) {}

  record(pod: V1Pod, input: EventInput): void {
    const meta = pod.metadata ?? {};
    const key = [meta.uid, input.reason, input.message, input.component, input.fieldPath].join('|');
    const now = wireTime();
    const existing = this.names.get(key);
    if (existing !== undefined && this.store.has(EVENTS, existing)) {
      this.store.update<CoreV1Event>(EVENTS, existing, (e) => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = now;
      });
      return;
    }

    const name = `${meta.name}.${this.nextNanos().toString(16)}`;
    this.names.set(key, name);
    const event: CoreV1Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: meta.namespace, uid: randomUUID(), creationTimestamp: now },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: meta.name,
        namespace: meta.namespace,
        uid: meta.uid,
        resourceVersion: meta.resourceVersion,
        ...(input.fieldPath ? { fieldPath: input.fieldPath } : {}),
      },
      reason: input.reason,
      message: input.message,
      type: input.type,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: {
        component: input.component,
        ...(input.component === 'kubelet' ? { host: this.nodeName } : {}),
      },
      reportingComponent: input.component,
      reportingInstance: input.component === 'kubelet' ? this.nodeName : '',
    };
    this.store.create(EVENTS, event as never);
  }

  /** Event names end in the time in hex nanoseconds, as client-go's recorder names them. */
  private nextNanos(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n;
    this.lastNanos = now > this.lastNanos ? now : this.lastNanos + 1n;
    return this.lastNanos;
  }
}
