// Hyperfleet services as child processes of a benchmark, run from source like the services
// themselves, each writing its JSON log lines to a file of its own. Their CPU time and
// memory are read from /proc. Any child still alive when the benchmark exits is killed.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export type ServiceName = 'coordinator' | 'deploy' | 'worker';

export interface ServiceProcess {
  readonly label: string;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<number | null>;
  alive(): boolean;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** User plus system CPU time so far, in milliseconds. */
  cpuMs(): number;
  /** Resident memory now and its peak (VmRSS, VmHWM), in MiB. */
  memory(): { rssMb: number; peakRssMb: number };
}

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** /proc/<pid>/stat counts in clock ticks; Linux's USER_HZ is 100 on every common build. */
const TICKS_PER_SECOND = 100;

const running = new Set<ServiceProcess>();
process.once('exit', () => {
  for (const child of running) if (child.alive()) process.kill(child.pid, 'SIGKILL');
});

export interface StartOptions {
  label: string;
  logFile: string;
  /** Flags for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

export function startService(
  service: ServiceName,
  env: Record<string, string>,
  options: StartOptions,
): ServiceProcess {
  const entry = `${REPO_ROOT}services/${service}/src/main.ts`;
  const fd = openSync(options.logFile, 'a');
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--conditions=development', '--import', 'tsx', entry],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );

  const proc: ServiceProcess = {
    label: options.label,
    pid: child.pid!,
    logFile: options.logFile,
    exited,
    alive: () => exitCode === undefined,
    async stop(graceMs = 15_000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    cpuMs: () => cpuMs(child.pid!),
    memory: () => memory(child.pid!),
  };
  running.add(proc);
  void exited.then(() => running.delete(proc));
  return proc;
}

/** Resolves with the first log line (parsed) whose message is `message`. */
export async function waitForLog(
  proc: ServiceProcess,
  message: string,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(proc.logFile, 'utf8').catch(() => '');
    const line = text.split('\n').find((l) => l.includes(`"msg":"${message}"`));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    if (!proc.alive() || Date.now() > deadline) {
      const tail = text.split('\n').slice(-15).join('\n');
      throw new Error(
        `${proc.label} did not log "${message}" (${proc.alive() ? 'timed out' : 'exited'}):\n${tail}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function cpuMs(pid: number): number {
  try {
    // The command name (field 2) may hold spaces; count fields from the closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

function memory(pid: number): { rssMb: number; peakRssMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: Number.NaN, peakRssMb: Number.NaN };
  }
}
