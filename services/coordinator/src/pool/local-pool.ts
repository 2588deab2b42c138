// Worker processes on this machine: N children of the coordinator, each restarted with
// backoff when it exits, each stopped with SIGTERM (then SIGKILL) on shutdown.
import { spawn, type ChildProcess } from 'node:child_process';
import { FailedPreconditionError, type Logger } from '@hyperfleet/common';
import type { PoolStatus, WorkerPool } from './worker-pool.js';

export interface LocalPoolOptions {
  size: number;
  /** argv of one worker process. */
  command: string[];
  /** Environment of the workers, on top of the coordinator's own. */
  env: Record<string, string>;
  logger: Logger;
  /** A worker still running this long after SIGTERM is killed. */
  stopGraceMs?: number;
  /** Where the workers' log lines go; the coordinator's own stderr by default. */
  output?: 'inherit' | 'ignore';
}

interface Slot {
  index: number;
  workerId?: string;
  child?: ChildProcess;
  restarts: number;
  lastExit?: string;
}

const MAX_RESTART_DELAY_MS = 10_000;

export class LocalWorkerPool implements WorkerPool {
  private readonly slots: Slot[] = [];
  private stopping = false;
  private demand = 0;

  constructor(private readonly options: LocalPoolOptions) {}

  async start(): Promise<void> {
    for (let index = 0; index < this.options.size; index++) {
      const slot: Slot = { index, restarts: 0 };
      this.slots.push(slot);
      this.launch(slot);
    }
  }

  status(): PoolStatus {
    const ready = this.slots.filter((slot) => slot.child && slot.child.exitCode === null).length;
    const restarting = this.slots.filter((slot) => !(slot.child && slot.child.exitCode === null));
    return {
      kind: 'local',
      name: 'local',
      desired: this.options.size,
      ready,
      pending: this.options.size - ready,
      pendingWorkers: restarting.map((slot) => ({ name: `local-${slot.index}`, reason: 'Restarting', message: slot.lastExit ?? '' })),
      busy: 0,
      demand: this.demand,
      reasons: this.slots.filter((slot) => slot.lastExit).map((slot) => `worker ${slot.index}: ${slot.lastExit}`),
    };
  }

  /** A local pool has a fixed size; it only remembers the demand for status(). */
  async reconcile(demand: number): Promise<void> {
    this.demand = demand;
  }

  async setLimits(): Promise<void> {
    throw new FailedPreconditionError('the local pool has a fixed size (HYPERFLEET_LOCAL_WORKERS); it has no limits to set');
  }

  /** The running workers, for tests that kill one. */
  workers(): { workerId: string; pid: number }[] {
    return this.slots.flatMap((slot) =>
      slot.workerId && slot.child?.pid && slot.child.exitCode === null ? [{ workerId: slot.workerId, pid: slot.child.pid }] : [],
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots.map((slot) => this.stopSlot(slot)));
  }

  private launch(slot: Slot): void {
    const [program, ...args] = this.options.command;
    const workerId = `local-${slot.index}-r${slot.restarts}`;
    const child = spawn(program!, args, {
      env: { ...process.env, ...this.options.env, HYPERFLEET_WORKER_ID: workerId, HYPERFLEET_EXIT_WITH_PARENT: '1' },
      stdio: ['ignore', this.options.output ?? 'inherit', this.options.output ?? 'inherit'],
      // Its own process group: when a worker dies, whatever it started (a trial's command)
      // goes with it instead of running on as an orphan.
      detached: true,
    });
    slot.child = child;
    slot.workerId = workerId;
    this.options.logger.info('worker started', { workerId, pid: child.pid });

    child.on('exit', (code, signal) => {
      killGroup(child.pid);
      if (this.stopping) return;
      slot.lastExit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      const delayMs = Math.min(250 * 2 ** slot.restarts, MAX_RESTART_DELAY_MS);
      slot.restarts++;
      this.options.logger.warn('worker exited; restarting', { workerId, code, signal, delayMs });
      setTimeout(() => this.stopping || this.launch(slot), delayMs).unref();
    });
  }

  private async stopSlot(slot: Slot): Promise<void> {
    const child = slot.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopGraceMs ?? 15_000);
    await exited;
    clearTimeout(timer);
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already empty.
  }
}
