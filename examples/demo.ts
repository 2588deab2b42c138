// `npm run demo`: starts the deploy service and the coordinator (with 2 local workers),
// submits examples/mnist-mlp.yaml, follows it to the end, asks the served model to classify
// held-out MNIST digits and prints a summary (`-- --json`: one JSON object on the last line).
// It uses its own database (hyperfleet_demo) and NATS namespace (demo), reset on every run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeployClient, readSpecFile, SweepClient } from '@hyperfleet/client';
import { fromValueMap } from '@hyperfleet/common';
import { loadMnist } from '@hyperfleet/trainer';
import { connectNats, destroyTopology, transportNames } from '@hyperfleet/transport';
import { silentLogger } from '@hyperfleet/common';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    spec: { type: 'string', default: path.join(root, 'examples/mnist-mlp.yaml') },
    workers: { type: 'string', default: '2' },
    digits: { type: 'string', default: '1000' },
  },
});

const DATABASE_URL = process.env.HYPERFLEET_DEMO_DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/hyperfleet_demo';
const NAMESPACE = 'demo';
const PORTS = { coordinator: 50151, deploy: 50152 };
const logDir = path.join(root, '.hyperfleet', 'demo');
const say = (line: string) => (flags.json ? process.stderr : process.stdout).write(line + '\n');

const children: ChildProcess[] = [];
const started = Date.now();
let stopping = false;
let rejectServiceDied: (error: Error) => void = () => {};
const serviceDied = new Promise<never>((_, reject) => (rejectServiceDied = reject));
serviceDied.catch(() => {});

try {
  const summary = await runDemo();
  if (flags.json) console.log(JSON.stringify(summary));
  process.exitCode = summary.sweep.state === 'SWEEP_COMPLETED' ? 0 : 1;
} catch (error) {
  console.error(`demo failed: ${(error as Error).message}\n(service logs: ${logDir})`);
  process.exitCode = 1;
} finally {
  await stopChildren();
}

async function runDemo() {
  await resetDemoState();
  const env = {
    ...process.env,
    DATABASE_URL,
    HYPERFLEET_NATS_NAMESPACE: NAMESPACE,
    HYPERFLEET_COORDINATOR_LISTEN: `127.0.0.1:${PORTS.coordinator}`,
    HYPERFLEET_DEPLOY_LISTEN: `127.0.0.1:${PORTS.deploy}`,
    HYPERFLEET_DEPLOY_ADDRESS: `127.0.0.1:${PORTS.deploy}`,
    HYPERFLEET_POOL: 'local',
    HYPERFLEET_LOCAL_WORKERS: flags.workers,
    // The demo serves on loopback only, for the person running it.
    HYPERFLEET_AUTH: 'none',
  };
  mkdirSync(logDir, { recursive: true });
  startService('deploy', env);
  startService('coordinator', env);

  const sweeps = new SweepClient({ address: `127.0.0.1:${PORTS.coordinator}` });
  const deploy = new DeployClient({ address: `127.0.0.1:${PORTS.deploy}` });
  // A service of ours that dies at start (a port taken, a bad setting) fails the demo, rather
  // than letting another process on the same port answer for it.
  await Promise.race([Promise.all([sweeps.waitForReady(60_000), deploy.waitForReady(60_000)]), serviceDied]);
  say(`services up (logs in ${path.relative(process.cwd(), logDir)})`);

  const spec = await readSpecFile(flags.spec);
  const created = await sweeps.createSweep(spec);
  say(`sweep ${created.id} submitted: ${spec.budget?.maxTrials} trials, parallelism ${spec.parallelism}, ${spec.algorithm?.name} search`);

  for await (const event of sweeps.watchSweep(created.id)) {
    const trial = event.trial;
    const counts = event.sweep?.counts;
    if (trial && ['TRIAL_COMPLETED', 'TRIAL_FAILED', 'TRIAL_PRUNED'].includes(event.type)) {
      const best = event.sweep?.bestTrial?.value;
      const value = trial.value === undefined ? trial.error : trial.value.toFixed(4);
      say(`  trial ${String(trial.number).padStart(2)} ${trial.state.toLowerCase().padEnd(9)} ${value}  (${counts?.completed}/${counts?.total} done, best ${best?.toFixed(4) ?? '-'}, ${seconds()} s)`);
    }
  }

  const sweep = await waitForPromotion(sweeps, created.id);
  say(`sweep ${sweep.state.replace('SWEEP_', '').toLowerCase()}: ${sweep.stateReason}; best model promoted as version ${sweep.promotedVersion}`);

  const trainer = spec.trial?.tfjs;
  const heldOut = loadMnist({
    trainSize: trainer?.trainSize ?? 2000,
    validationSize: trainer?.validationSize ?? 1000,
    testSize: Number(flags.digits),
    seed: sweep.spec!.seed,
  }).test;
  const inputs = Array.from({ length: heldOut.count }, (_, i) => Array.from(heldOut.xs.subarray(i * 784, (i + 1) * 784)));
  const prediction = await deploy.predict(inputs);
  const correct = prediction.predictions.filter((p, i) => p.label === heldOut.labels[i]).length;
  const accuracy = correct / heldOut.count;
  say(`served model v${prediction.version} classified ${heldOut.count} held-out digits: accuracy ${accuracy.toFixed(4)}`);

  const best = sweep.bestTrial!;
  const summary = {
    sweepId: sweep.id,
    state: sweep.state,
    trials: {
      completed: sweep.counts?.completed ?? 0,
      failed: sweep.counts?.failed ?? 0,
      pruned: sweep.counts?.pruned ?? 0,
      cancelled: sweep.counts?.cancelled ?? 0,
      total: sweep.counts?.total ?? 0,
    },
    bestTrial: { id: best.id, number: best.number, value: best.value, metric: sweep.spec?.objective?.metric, params: fromValueMap(best.params) },
    deployment: { version: prediction.version, heldOutDigits: heldOut.count, accuracy },
    elapsedSeconds: Number(seconds()),
    sweep,
  };
  say(`done in ${seconds()} s`);
  sweeps.close();
  deploy.close();
  const { sweep: _full, ...printed } = summary;
  return { ...printed, sweep: { state: sweep.state } };
}

async function waitForPromotion(sweeps: SweepClient, id: string) {
  for (let i = 0; i < 600; i++) {
    const sweep = await sweeps.getSweep(id);
    if (sweep.state !== 'SWEEP_COMPLETED') throw new Error(`sweep ended ${sweep.state}: ${sweep.stateReason}`);
    if (sweep.promotionState === 'DONE') return sweep;
    if (sweep.promotionState === 'FAILED') throw new Error('promotion of the best model failed (see the coordinator log)');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the best model was not promoted within 60 s');
}

/** The demo's database and NATS namespace start empty, so that earlier runs cannot interfere. */
async function resetDemoState() {
  await run(process.execPath, [path.join(root, 'scripts/create-database.mjs'), DATABASE_URL, '--fresh']);
  await run('npx', ['prisma', 'migrate', 'deploy'], { DATABASE_URL });
  const nc = await connectNats({ servers: process.env.HYPERFLEET_NATS_URL ?? '127.0.0.1:4222', name: 'demo-reset' }, silentLogger);
  await destroyTopology(nc, transportNames(NAMESPACE));
  await nc.close();
}

function startService(name: 'coordinator' | 'deploy', env: NodeJS.ProcessEnv) {
  const log = openSync(path.join(logDir, `${name}.log`), 'w');
  const entry = path.join(root, 'services', name, 'src', 'main.ts');
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', entry], { env, stdio: ['ignore', log, log] });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    const message = `${name} exited unexpectedly (${signal ?? code}); see ${logDir}/${name}.log`;
    console.error(message);
    rejectServiceDied(new Error(message));
  });
  children.push(child);
}

async function stopChildren() {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
        }),
    ),
  );
}

function run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

function seconds(): string {
  return ((Date.now() - started) / 1000).toFixed(1);
}
