// A user's command as a trial. Params arrive in the environment (HF_PARAMS as JSON, and
// HF_PARAM_<NAME> each); the command reports on stdout with lines
//   hyperfleet:report {"step": 3, "metrics": {"loss": 0.41}}
// and its last report is its result. A non-zero exit fails the trial with stderr's tail.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { CommandTrialTemplate } from '@hyperfleet/common';
import type { Metrics } from '@hyperfleet/transport';
import { TrialFailedError, type ExecutionContext, type ExecutionResult, type TrialExecution } from './execution.js';

const REPORT_PREFIX = 'hyperfleet:report ';
const STDERR_TAIL_BYTES = 2_000;
const KILL_GRACE_MS = 5_000;

export class CommandExecution implements TrialExecution {
  async run(context: ExecutionContext): Promise<ExecutionResult> {
    const { assignment, logger } = context;
    const { argv, env, timeoutSeconds } = (assignment.template as CommandTrialTemplate).command;
    const child = spawn(argv[0]!, argv.slice(1), {
      env: { ...process.env, ...env, ...paramEnv(assignment.params), HF_TRIAL_ID: assignment.trialId, HF_SWEEP_ID: assignment.sweepId, HF_TRIAL_NUMBER: String(assignment.number) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a stop reaches whatever the command started too.
      detached: true,
    });

    let stderrTail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });

    const stop = (reason: string) => {
      logger.info('stopping trial command', { reason, pid: child.pid });
      signalGroup(child.pid, 'SIGTERM');
      setTimeout(() => signalGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timeout = setTimeout(() => stop('timeout'), timeoutSeconds * 1_000);
    const onAbort = () => stop('aborted');
    context.signal.addEventListener('abort', onAbort, { once: true });

    let last: { step?: number; metrics: Metrics } = { metrics: {} };
    let reports = Promise.resolve();
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const report = parseReport(line);
      if (!report) return;
      last = report;
      if (report.step !== undefined) {
        const step = report.step;
        reports = reports.then(() => context.report(step, report.metrics));
      }
      if (context.stopRequest()?.kind === 'prune') stop('pruned');
    });

    // 'exit', not 'close': a grandchild holding stdout open must not keep the trial running.
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', (error) => reject(new TrialFailedError(`command could not start: ${error.message}`)));
      child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    }).finally(() => {
      signalGroup(child.pid, 'SIGKILL');
      clearTimeout(timeout);
      context.signal.removeEventListener('abort', onAbort);
    });
    await reports;

    if (context.stopRequest()) return { metrics: last.metrics, step: last.step };
    if (code !== 0) {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const timedOut = signal && !context.signal.aborted ? ` (timeout ${timeoutSeconds}s?)` : '';
      throw new TrialFailedError(`command ${how}${timedOut}: ${stderrTail.trim().slice(-500)}`);
    }
    return { metrics: last.metrics, step: last.step };
  }
}

function paramEnv(params: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = { HF_PARAMS: JSON.stringify(params) };
  for (const [name, value] of Object.entries(params)) env[`HF_PARAM_${name.toUpperCase()}`] = String(value);
  return env;
}

function parseReport(line: string): { step?: number; metrics: Metrics } | undefined {
  if (!line.startsWith(REPORT_PREFIX)) return undefined;
  try {
    const raw = JSON.parse(line.slice(REPORT_PREFIX.length)) as { step?: unknown; metrics?: unknown };
    if (typeof raw.metrics !== 'object' || raw.metrics === null) return undefined;
    const step = Number.isInteger(raw.step) ? (raw.step as number) : undefined;
    return { step, metrics: raw.metrics as Metrics };
  } catch {
    return undefined;
  }
}

/** Signals a command's whole process group; quiet when it is already gone. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Nothing left to signal.
  }
}
