/**
 * One container's process: spawned in its own process group (so that a shell's children
 * go with it), stdout and stderr captured into one bounded log, signals sent to the group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

export interface ProcessExit {
  /** The exit code, or 128 + the signal number for a process ended by a signal. */
  exitCode: number;
  signal: NodeJS.Signals | null;
}

export interface ContainerProcessOptions {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  log: ContainerLog;
}

export interface LogFollower {
  data(chunk: Buffer): void;
  /** The container stopped: no more output until it is restarted. */
  end(): void;
}

/**
 * A container's interleaved stdout and stderr across its restarts, keeping the newest
 * `limitBytes`, with followers for `?follow=true` streams.
 */
export class ContainerLog {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private active = false;
  private readonly followers = new Set<LogFollower>();

  constructor(private readonly limitBytes: number) {}

  get running(): boolean {
    return this.active;
  }

  append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes > this.limitBytes && this.chunks.length > 1) {
      this.bytes -= this.chunks.shift()!.length;
    }
    for (const follower of this.followers) follower.data(chunk);
  }

  setRunning(running: boolean): void {
    this.active = running;
    if (!running) for (const follower of [...this.followers]) follower.end();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  follow(follower: LogFollower): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }
}

export class ContainerProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private done = false;

  /** Resolves once the process runs, rejects when it cannot start (no such executable). */
  readonly started: Promise<void>;

  constructor(options: ContainerProcessOptions) {
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child.stdout?.on('data', (chunk: Buffer) => options.log.append(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => options.log.append(chunk));
    options.log.setRunning(true);

    this.started = new Promise((resolve, reject) => {
      this.child.once('spawn', () => resolve());
      this.child.once('error', (error) => reject(error));
    });
    this.exited = new Promise((resolve) => {
      // 'close' waits for the output pipes, so the log is complete when the exit is seen.
      this.child.once('close', (code, signal) => {
        this.done = true;
        options.log.setRunning(false);
        const signalNumber = signal ? (constants.signals[signal] ?? 0) : 0;
        resolve({ exitCode: code ?? 128 + signalNumber, signal });
      });
      this.child.once('error', () => {
        this.done = true;
        options.log.setRunning(false);
      });
    });
    // Rejections of `started` are handled by the kubelet; this keeps an unawaited one quiet.
    this.started.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.done && this.child.pid !== undefined;
  }

  /** Signals the whole process group; a group that is already gone is not an error. */
  signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || this.done) return;
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        this.child.kill(signal);
      } catch {
        // Already exited between the check and the signal.
      }
    }
  }
}
