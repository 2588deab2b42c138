// The messages on Hyperfleet's streams, and their decoding. A message that does not decode
// raises MalformedMessageError; consumers set such a message aside (term) and move on.
import type { Direction, Params } from '@hyperfleet/core';
import { isObject, type TrialTemplate } from '@hyperfleet/common';

export const MESSAGE_VERSION = 1;

/** Work for one trial, published once by the coordinator, pulled by exactly one worker at a time. */
export interface Assignment {
  v: typeof MESSAGE_VERSION;
  sweepId: string;
  trialId: string;
  number: number;
  params: Params;
  objective: { metric: string; direction: Direction };
  template: TrialTemplate;
  /** Seeds the trainer's split and initialisation. */
  seed: number;
}

interface EventBase {
  v: typeof MESSAGE_VERSION;
  sweepId: string;
  trialId: string;
  /** JetStream's delivery count of the assignment this event belongs to, from 1. */
  attempt: number;
  workerId: string;
  at: string;
}

export type Metrics = Record<string, number | null>;

/** One step's metrics, as a trial reported them. */
export interface StepReport {
  step: number;
  metrics: Metrics;
}

export type WorkerEvent =
  | (EventBase & { type: 'started' })
  /**
   * The trial's report at `step`; `earlier` carries the reports made while the previous
   * message was being stored, in step order, so that fast reporters cost one message per
   * round trip instead of one per step.
   */
  | (EventBase & { type: 'progress'; step: number; metrics: Metrics; earlier?: StepReport[] })
  | (EventBase & { type: 'completed'; step?: number; metrics: Metrics; artifact?: { key: string; digest: string } })
  | (EventBase & { type: 'pruned'; step?: number; metrics: Metrics })
  | (EventBase & { type: 'failed'; error: string; step?: number })
  | (EventBase & { type: 'cancelled'; reason: string });

export type WorkerEventType = WorkerEvent['type'];

export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
  constructor(
    readonly subject: string,
    problem: string,
  ) {
    super(`malformed message on ${subject}: ${problem}`);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encode(message: Assignment | WorkerEvent): Uint8Array {
  return encoder.encode(JSON.stringify(message));
}

export function decodeAssignment(subject: string, data: Uint8Array): Assignment {
  const raw = parse(subject, data);
  requireFields(subject, raw, { sweepId: 'string', trialId: 'string', number: 'number', seed: 'number' });
  if (!isObject(raw.params)) throw new MalformedMessageError(subject, 'params must be an object');
  if (!isObject(raw.objective) || typeof raw.objective.metric !== 'string') {
    throw new MalformedMessageError(subject, 'objective.metric must be a string');
  }
  if (!isObject(raw.template) || !['tfjs', 'command', 'synthetic'].includes(raw.template.kind as string)) {
    throw new MalformedMessageError(subject, 'template.kind must be tfjs, command or synthetic');
  }
  return raw as unknown as Assignment;
}

const EVENT_TYPES: readonly WorkerEventType[] = ['started', 'progress', 'completed', 'pruned', 'failed', 'cancelled'];

export function decodeWorkerEvent(subject: string, data: Uint8Array): WorkerEvent {
  const raw = parse(subject, data);
  requireFields(subject, raw, { sweepId: 'string', trialId: 'string', attempt: 'number', workerId: 'string', type: 'string' });
  if (!EVENT_TYPES.includes(raw.type as WorkerEventType)) {
    throw new MalformedMessageError(subject, `unknown event type ${JSON.stringify(raw.type)}`);
  }
  if (!Number.isInteger(raw.attempt) || (raw.attempt as number) < 1) {
    throw new MalformedMessageError(subject, 'attempt must be an integer >= 1');
  }
  if (raw.type === 'progress' && (!Number.isInteger(raw.step) || !isObject(raw.metrics))) {
    throw new MalformedMessageError(subject, 'progress needs an integer step and a metrics object');
  }
  if (raw.type === 'progress' && raw.earlier !== undefined) {
    const earlier = raw.earlier;
    if (!Array.isArray(earlier) || !earlier.every((r) => isObject(r) && Number.isInteger(r.step) && isObject(r.metrics))) {
      throw new MalformedMessageError(subject, 'progress.earlier must be a list of reports, each with an integer step and a metrics object');
    }
  }
  if ((raw.type === 'completed' || raw.type === 'pruned') && !isObject(raw.metrics)) {
    throw new MalformedMessageError(subject, `${raw.type} needs a metrics object`);
  }
  if (raw.type === 'failed' && typeof raw.error !== 'string') {
    throw new MalformedMessageError(subject, 'failed needs an error string');
  }
  return raw as unknown as WorkerEvent;
}

function parse(subject: string, data: Uint8Array): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(data));
  } catch {
    throw new MalformedMessageError(subject, 'not JSON');
  }
  if (!isObject(raw)) throw new MalformedMessageError(subject, 'not a JSON object');
  if (raw.v !== MESSAGE_VERSION) throw new MalformedMessageError(subject, `unsupported version ${JSON.stringify(raw.v)}`);
  return raw;
}

function requireFields(subject: string, raw: Record<string, unknown>, fields: Record<string, 'string' | 'number'>): void {
  for (const [field, type] of Object.entries(fields)) {
    if (typeof raw[field] !== type) throw new MalformedMessageError(subject, `${field} must be a ${type}`);
  }
}
