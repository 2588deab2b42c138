// Decisions that travel back to the worker holding a trial (prune it, cancel it), kept in a
// JetStream KV bucket keyed by trial id. A worker checks the key before it starts and
// watches it while it runs, so a decision reaches it even across a worker restart.
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

  /** Calls `onSignal` for the trial's current decision and any later one; returns a stop function. */
  async watch(trialId: string, onSignal: (signal: ControlSignal) => void): Promise<() => void> {
    const watcher = await this.kv.watch({ key: trialId });
    void (async () => {
      for await (const entry of watcher) {
        if (entry.operation !== 'PUT') continue;
        const signal = parseSignal(entry.value);
        if (signal) onSignal(signal);
      }
    })();
    return () => watcher.stop();
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

function parseSignal(value: Uint8Array): ControlSignal | undefined {
  try {
    const raw = JSON.parse(decoder.decode(value)) as Partial<ControlSignal>;
    if (raw.action === 'prune' || raw.action === 'cancel') return { action: raw.action, reason: String(raw.reason ?? '') };
  } catch {
    // A value this code did not write is no decision.
  }
  return undefined;
}
