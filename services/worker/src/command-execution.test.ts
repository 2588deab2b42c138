import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandParamEnvName, createLogger, silentLogger, type Logger } from '@hyperfleet/common';
import type { Assignment, Metrics } from '@hyperfleet/transport';
import { CommandExecution } from './command-execution.js';
import { TrialFailedError, type StopRequest } from './execution.js';

function assignment(script: string, timeoutSeconds = 30): Assignment {
  return {
    v: 1,
    sweepId: 's',
    trialId: 't',
    number: 4,
    params: { lr: 0.01, act: 'relu' },
    objective: { metric: 'loss', direction: 'minimize' },
    template: { kind: 'command', maxAttempts: 1, command: { argv: [process.execPath, '-e', script], env: { EXTRA: 'yes' }, timeoutSeconds } },
    seed: 1,
  };
}

async function run(script: string, options: { timeoutSeconds?: number; stop?: StopRequest; abortAfterMs?: number; logger?: Logger } = {}) {
  const reports: [number, Metrics][] = [];
  const abort = new AbortController();
  if (options.abortAfterMs !== undefined) setTimeout(() => abort.abort(), options.abortAfterMs);
  const result = await new CommandExecution().run({
    assignment: assignment(script, options.timeoutSeconds),
    signal: abort.signal,
    stopRequest: () => options.stop ?? (abort.signal.aborted ? { kind: 'cancel', reason: 'test' } : undefined),
    report: async (step, metrics) => void reports.push([step, metrics]),
    logger: options.logger ?? silentLogger,
  });
  return { result, reports };
}

test('params arrive in the environment and reports become progress and the result', async () => {
  const { result, reports } = await run(`
    const p = JSON.parse(process.env.HF_PARAMS);
    console.log('ordinary output is ignored');
    for (const step of [1, 2]) console.log('hyperfleet:report ' + JSON.stringify({ step, metrics: { loss: p.lr * step, n: Number(process.env.HF_TRIAL_NUMBER) } }));
    console.log('hyperfleet:report not json');
    if (process.env.HF_PARAM_ACT !== 'relu' || process.env.EXTRA !== 'yes') process.exit(9);`);
  assert.deepEqual(reports, [[1, { loss: 0.01, n: 4 }], [2, { loss: 0.02, n: 4 }]]);
  assert.deepEqual(result, { metrics: { loss: 0.02, n: 4 }, step: 2 });
});

test('a non-zero exit fails the trial with the tail of stderr', async () => {
  await assert.rejects(run(`console.error('CUDA out of memory'); process.exit(3)`), (error: unknown) => {
    assert.ok(error instanceof TrialFailedError);
    assert.match(error.message, /exited with code 3: CUDA out of memory/);
    return true;
  });
});

test('a command past its timeout is killed and the trial fails', async () => {
  await assert.rejects(run('setInterval(() => {}, 1000)', { timeoutSeconds: 1 }), /killed by SIGTERM \(timeout 1s\?\)/);
});

test('a cancel stops the command and is not a failure', async () => {
  const { result } = await run(`console.log('hyperfleet:report {"step":1,"metrics":{"loss":1}}'); setInterval(() => {}, 1000)`, { abortAfterMs: 500 });
  assert.deepEqual(result, { metrics: { loss: 1 }, step: 1 });
});

test('a timeout also stops what the command started, even one that keeps stdout open', async () => {
  const started = Date.now();
  await assert.rejects(run(`require('child_process').spawn('sleep', ['60'], { stdio: 'inherit' }); setInterval(() => {}, 1000)`, { timeoutSeconds: 1 }), /killed by SIGTERM/);
  assert.ok(Date.now() - started < 10_000, 'the trial ended without waiting for the grandchild');
});

test('a command that cannot be started fails the trial with the reason', async () => {
  await assert.rejects(
    new CommandExecution().run({
      assignment: { ...assignment(''), template: { kind: 'command', maxAttempts: 1, command: { argv: ['no-such-program-hf'], env: {}, timeoutSeconds: 5 } } },
      signal: new AbortController().signal,
      stopRequest: () => undefined,
      report: async () => {},
      logger: silentLogger,
    }),
    (error: unknown) => error instanceof TrialFailedError && /could not start: spawn no-such-program-hf ENOENT/.test(error.message),
  );
});

test('each malformed report line is dropped with a warning naming the trial, the line and the reason', async () => {
  const records: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => records.push(JSON.parse(line) as Record<string, unknown>) });
  const { result, reports } = await run(
    `const say = (text) => console.log('hyperfleet:report ' + text);
    say('{"step": 1, "metrics": {"loss": 0.5}}');
    say('not json');
    say('[1, 2]');
    say('{"step": 2}');
    say('{"step": -1, "metrics": {"loss": 0.1}}');
    say('{"step": 2.5, "metrics": {"loss": 0.1}}');
    say('{"step": "3", "metrics": {"loss": 0.1}}');
    say('{"step": 2147483648, "metrics": {"loss": 0.1}}');
    say('{"step": 3, "metrics": {"loss": "low"}}');
    say(('{"step": 3, "metrics": {"loss": 0.4}, "pad": "' + 'x'.repeat(5000)).slice(0, 300));
    say('{"step": 0, "metrics": {"loss": 0.3}}');
    say('{"metrics": {"loss": 0.2}}');
    console.log('ordinary output is not a report line and is ignored');`,
    { logger },
  );

  assert.deepEqual(reports, [[1, { loss: 0.5 }], [0, { loss: 0.3 }]], 'a valid step 0 is kept');
  assert.deepEqual(result, { metrics: { loss: 0.2 }, step: undefined }, 'a report without a step is still the result');
  assert.ok(records.every((r) => r.level === 'warn' && r.msg === 'dropped a malformed report line' && r.trialId === 't'));
  assert.deepEqual(
    records.map((r) => r.reason),
    [
      'not JSON',
      'not a JSON object',
      'metrics must be an object',
      'step must be an integer from 0 to 2147483647 (got -1)',
      'step must be an integer from 0 to 2147483647 (got 2.5)',
      'step must be an integer from 0 to 2147483647 (got a string)',
      'step must be an integer from 0 to 2147483647 (got 2147483648)',
      'metrics.loss must be a number or null (got a string)',
      'not JSON',
    ],
  );
  assert.equal(records[0]!.line, 'hyperfleet:report not json');
  const long = records.at(-1)!.line as string;
  assert.equal(long.length, 203, 'a long line is cut to 200 characters and marked');
  assert.ok(long.startsWith('hyperfleet:report {"step": 3') && long.endsWith('...'));
});

test('a flood of malformed report lines is logged up to a cap, then counted', async () => {
  const records: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => records.push(JSON.parse(line) as Record<string, unknown>) });
  await run(`for (let i = 0; i < 150; i++) console.log('hyperfleet:report {"step": -' + (i + 1) + ', "metrics": {}}')`, { logger });
  assert.equal(records.filter((r) => r.msg === 'dropped a malformed report line').length, 100);
  assert.equal(records.filter((r) => r.msg === 'further malformed report lines are dropped without a warning').length, 1);
  assert.deepEqual(records.at(-1), { ...records.at(-1), msg: 'dropped malformed report lines', trialId: 't', count: 150 });
});

test('each param reaches the command under the variable name the spec checks for collisions', async () => {
  const names = ['lr', 'act'].map(commandParamEnvName);
  const { result } = await run(`console.log('hyperfleet:report ' + JSON.stringify({ metrics: { seen: ${JSON.stringify(names)}.filter((n) => process.env[n] !== undefined).length } }))`);
  assert.deepEqual(result.metrics, { seen: 2 });
});

test('the last report counts even when the command exits while it is still in the pipe', async () => {
  // A shell prints and exits at once: its last line often arrives after the exit event.
  for (let i = 0; i < 20; i++) {
    const reports: [number, Metrics][] = [];
    const result = await new CommandExecution().run({
      assignment: { ...assignment(''), template: { kind: 'command', maxAttempts: 1, command: { argv: ['/bin/sh', '-c', `echo 'hyperfleet:report {"step": 1, "metrics": {"loss": 0.4}}'`], env: {}, timeoutSeconds: 30 } } },
      signal: new AbortController().signal,
      stopRequest: () => undefined,
      report: async (step, metrics) => void reports.push([step, metrics]),
      logger: silentLogger,
    });
    assert.deepEqual(result, { metrics: { loss: 0.4 }, step: 1 }, `run ${i}`);
  }
});

test('a command outlives no worker: when the worker dies, its watchdog ends the command', async () => {
  // A stand-in worker that starts a long command, then is killed with SIGKILL.
  const { spawn, execFileSync } = await import('node:child_process');
  const entry = new URL('./command-execution.ts', import.meta.url).pathname;
  const worker = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', '--input-type=module', '-e', `
    const { CommandExecution } = await import(${JSON.stringify(entry)});
    const { silentLogger } = await import('@hyperfleet/common');
    const assignment = { v: 1, sweepId: 's', trialId: 't', number: 0, params: {}, objective: { metric: 'loss', direction: 'minimize' }, seed: 1,
      template: { kind: 'command', maxAttempts: 1, command: { argv: ['/bin/sh', '-c', 'exec sleep 60'], env: {}, timeoutSeconds: 120 } } };
    void new CommandExecution().run({ assignment, signal: new AbortController().signal, stopRequest: () => undefined, report: async () => {}, logger: silentLogger });
  `], { stdio: 'ignore' });
  const commandPids = async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      let rows: string[] = [];
      try {
        rows = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(worker.pid)]).toString().split('\n');
      } catch {
        // ps exits 1 while the worker has no child yet.
      }
      const pids = rows.filter((row) => row.includes('sleep 60')).map((row) => Number(row.trim().split(/\s+/)[0]));
      if (pids.length > 0 || Date.now() > deadline) return pids;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const pids = await commandPids();
  assert.equal(pids.length, 1, 'the command runs');
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  worker.kill('SIGKILL');
  const deadline = Date.now() + 5_000;
  while (alive(pids[0]!) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const survived = alive(pids[0]!);
  if (survived) process.kill(pids[0]!, 'SIGKILL');
  assert.equal(survived, false, 'the command is gone within seconds of its worker');
});
