// Decisions that travel back to the worker holding a trial (prune it, cancel it), kept in a
// JetStream KV bucket keyed by trial id. Each worker process watches the whole bucket, and
// reads a trial's key before it starts when the decision may predate its watcher.
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { TransportNames } from './names.js';

export type ControlAction = 'prune' | 'cancel';

export interface ControlSignal {
  action: ControlAction;
  reason: string;
}

const decoder = new TextDecoder();

export class TrialControl {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, names: TransportNames): Promise<TrialControl> {
    return new TrialControl(await new Kvm(nc).open(names.controlBucket));
  }

  async send(trialId: string, signal: ControlSignal): Promise<void> {
    await this.kv.put(trialId, JSON.stringify(signal));
  }

  async read(trialId: string): Promise<ControlSignal | undefined> {
    const entry = await this.kv.get(trialId);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return parseSignal(entry.value);
  }

  /**
   * Counts one hand-back of a trial: a worker shutting down gave it back unfinished. Such
   * a redelivery does not use up one of the trial's attempts (see handBacks()).
   */
  async countHandBack(trialId: string): Promise<void> {
    const key = handBackKey(trialId);
    const entry = await this.kv.get(key);
    const count = entry && entry.operation === 'PUT' ? Number(decoder.decode(entry.value)) || 0 : 0;
    // Only the worker holding the trial writes this key, so no update can race this one.
    await this.kv.put(key, String(count + 1));
  }

  /** How many times workers shutting down gave the trial back. */
  async handBacks(trialId: string): Promise<number> {
    const entry = await this.kv.get(handBackKey(trialId));
    if (!entry || entry.operation !== 'PUT') return 0;
    return Number(decoder.decode(entry.value)) || 0;
  }

  /**
   * One watcher for every decision made from now on, whatever the trial: a worker opens it
   * once instead of one JetStream consumer per trial. Decisions made before it opened are
   * read with read() when a trial starts.
   */
  async watchAll(onSignal: (trialId: string, signal: ControlSignal) => void): Promise<() => void> {
    const watcher = await this.kv.watch({ key: '>', include: 'updates', ignoreDeletes: true });
    void (async () => {
      for await (const entry of watcher) {
        const signal = entry.operation === 'PUT' ? parseSignal(entry.value) : undefined;
        if (signal) onSignal(entry.key, signal);
      }
    })();
    return () => watcher.stop();
  }
}

/** Beside the trial's decision key; its value is a count, which is no decision. */
function handBackKey(trialId: string): string {
  return `handbacks.${trialId}`;
}

function parseSignal(value: Uint8Array): ControlSignal | undefined {
  try {
    const raw = JSON.parse(decoder.decode(value)) as Partial<ControlSignal>;
    if (raw.action === 'prune' || raw.action === 'cancel') return { action: raw.action, reason: String(raw.reason ?? '') };
  } catch {
    // A value this code did not write is no decision.
  }
  return undefined;
}
