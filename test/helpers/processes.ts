// Hyperfleet services as real child processes, for tests that kill them (kill -9 included)
// and start them again. Each one's log lines are kept for assertions and failure reports.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ServiceName = 'coordinator' | 'deploy' | 'worker';

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  /** Every line the process wrote to stdout and stderr so far. */
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function startService(service: ServiceName, env: Record<string, string>, label: string = service): ServiceProcess {
  const entry = `${REPO}services/${service}/src/main.ts`;
  const child: ChildProcess = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', entry], {
    env: { ...process.env, HYPERFLEET_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(line);
    if (process.env.HYPERFLEET_TEST_LOG) process.stderr.write(`[${label}] ${chunk.toString('utf8')}`);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    name: label,
    pid: child.pid!,
    lines,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Resolves once a log line with this message appears. */
export async function waitForLog(proc: ServiceProcess, message: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!proc.lines.some((line) => line.includes(`"msg":"${message}"`))) {
    if (Date.now() > deadline) throw new Error(`${proc.name} did not log "${message}" within ${timeoutMs} ms:\n${proc.lines.slice(-20).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
