// A user's command as a trial. Params arrive in the environment (HF_PARAMS as JSON, and
// HF_PARAM_<NAME> each); the command reports on stdout with lines
//   hyperfleet:report {"step": 3, "metrics": {"loss": 0.41}}
// and its last report is its result: "step" (optional) is an integer >= 0, "metrics" maps
// names to numbers or null. A malformed report line is dropped with a warning; other output
// is ignored. A non-zero exit fails the trial with stderr's tail.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { commandParamEnvName, type CommandTrialTemplate } from '@hyperfleet/common';
import type { Metrics } from '@hyperfleet/transport';
import { TrialFailedError, type ExecutionContext, type ExecutionResult, type TrialExecution } from './execution.js';

const REPORT_PREFIX = 'hyperfleet:report ';
const STDERR_TAIL_BYTES = 2_000;
const KILL_GRACE_MS = 5_000;
/** Steps are stored in an int4 column. */
const MAX_STEP = 2 ** 31 - 1;
/** Enough of a dropped line to recognise it, not a whole dump of it in the log. */
const SHOWN_LINE_CHARS = 200;
/** A command that prints nothing but bad reports must not flood the worker's log. */
const MAX_DROP_WARNINGS = 100;
/** How long the rest of stdout may take to arrive after the command has exited. */
const STDOUT_DRAIN_MS = 2_000;

type Report = { step?: number; metrics: Metrics };

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

    const watchdog = startWatchdog(child.pid);

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

    let last: Report = { metrics: {} };
    let reports = Promise.resolve();
    let dropped = 0;
    const drop = (line: string, reason: string) => {
      dropped += 1;
      if (dropped > MAX_DROP_WARNINGS) return;
      const shown = line.length > SHOWN_LINE_CHARS ? `${line.slice(0, SHOWN_LINE_CHARS)}...` : line;
      logger.warn('dropped a malformed report line', { trialId: assignment.trialId, line: shown, reason });
      if (dropped === MAX_DROP_WARNINGS) logger.warn('further malformed report lines are dropped without a warning', { trialId: assignment.trialId });
    };
    const lines = createInterface({ input: child.stdout });
    const linesRead = new Promise<void>((resolve) => lines.once('close', resolve));
    lines.on('line', (line) => {
      const parsed = parseReport(line);
      if (!parsed) return;
      if ('reason' in parsed) return drop(line, parsed.reason);
      const report = parsed.report;
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
      watchdog?.kill('SIGKILL');
      clearTimeout(timeout);
      context.signal.removeEventListener('abort', onAbort);
    });
    // The last lines can still be in the pipe when the command exits. With its group gone
    // the pipe ends at once, unless something that left the group still holds it.
    await within(linesRead, STDOUT_DRAIN_MS);
    await reports;
    if (dropped > MAX_DROP_WARNINGS) logger.warn('dropped malformed report lines', { trialId: assignment.trialId, count: dropped });

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
  for (const [name, value] of Object.entries(params)) env[commandParamEnvName(name)] = String(value);
  return env;
}

/** Not a report line (undefined), a report, or why a report line cannot be one. */
function parseReport(line: string): { report: Report } | { reason: string } | undefined {
  if (!line.startsWith(REPORT_PREFIX)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line.slice(REPORT_PREFIX.length));
  } catch {
    return { reason: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { reason: 'not a JSON object' };
  const { step, metrics } = raw as { step?: unknown; metrics?: unknown };
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return { reason: 'metrics must be an object' };
  for (const [name, value] of Object.entries(metrics)) {
    if (value !== null && typeof value !== 'number') return { reason: `metrics.${name} must be a number or null (got ${kindOf(value)})` };
  }
  if (step === undefined || step === null) return { report: { metrics: metrics as Metrics } };
  if (!Number.isInteger(step) || (step as number) < 0 || (step as number) > MAX_STEP) {
    return { reason: `step must be an integer from 0 to ${MAX_STEP} (got ${typeof step === 'number' ? step : kindOf(step)})` };
  }
  return { report: { step: step as number, metrics: metrics as Metrics } };
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A watchdog that ends the command's process group if this worker dies first (kill -9,
 * OOM), so that no copy of a trial keeps training beside its redelivery. It has a process
 * group of its own, so that the end of the worker's group does not take it along.
 */
function startWatchdog(commandPid: number | undefined): ChildProcess | undefined {
  if (commandPid === undefined) return undefined;
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -KILL -"$2" 2>/dev/null';
  const watchdog = spawn('/bin/sh', ['-c', script, 'hyperfleet-watchdog', String(process.pid), String(commandPid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.on('error', () => undefined);
  watchdog.unref();
  return watchdog;
}

/** Resolves when `done` does, or after `ms`, whichever comes first. */
function within(done: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void done.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
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
