// A whole Hyperfleet for one benchmark, on loopback: a fresh database, a fresh NATS
// namespace, the coordinator as a process (no auth, no pool) and worker processes started
// here with trial slots, so that a simulated fleet of N workers is a few processes.
// stop() takes everything down again: processes, streams, database, log folder.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { SweepClient } from '@hyperfleet/client';
import { destroyTopology, transportNames, type TransportNames } from '@hyperfleet/transport';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createBenchDatabase, type BenchDatabase } from './database.js';
import { REPO_ROOT, startService, waitForLog, type ServiceProcess } from './processes.js';

export const NATS_URL = process.env.HYPERFLEET_NATS_URL ?? '127.0.0.1:4222';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ClusterOptions {
  /** Worker processes to start right away, each running `slots` trials at once. */
  workers?: { processes: number; slots: number; logLevel?: LogLevel };
  coordinatorLogLevel?: LogLevel;
  /** Runs the coordinator and workers under `node --cpu-prof`; the profiles are kept in the run folder. */
  profile?: boolean;
  /** Starts the deploy service too, for sweeps whose best model gets promoted. */
  deploy?: boolean;
  ackWaitMs?: number;
}

export interface BenchCluster {
  db: BenchDatabase;
  names: TransportNames;
  /** The benchmark's own NATS connection, for reading stream and consumer state. */
  nc: NatsConnection;
  jsm: JetStreamManager;
  sweeps: SweepClient;
  coordinator: ServiceProcess;
  workers: ServiceProcess[];
  /** Logs (and the CPU profile) of this run: .hyperfleet/bench/<namespace>. */
  runDir: string;
  startWorkers(processes: number, slots: number, logLevel?: LogLevel): Promise<ServiceProcess[]>;
  /** SIGTERM to every worker: each stops pulling and finishes (or hands back) its trials. */
  stopWorkers(): Promise<void>;
  waitForSweep(sweepId: string, timeoutMs: number): Promise<FinishedSweep>;
  stop(): Promise<void>;
}

export interface FinishedSweep {
  state: string;
  createdAt: Date;
  finishedAt: Date;
}

// TODO(a SIGKILLed benchmark leaves its hf_bench_* database and b* NATS namespace behind; nothing sweeps them up yet)
const active = new Set<BenchCluster>();

/** Stops every cluster still running (a benchmark interrupted by a signal). */
export async function stopAllClusters(): Promise<void> {
  await Promise.allSettled([...active].map((cluster) => cluster.stop()));
}

export async function startCluster(options: ClusterOptions = {}): Promise<BenchCluster> {
  const names = transportNames(`b${randomBytes(5).toString('hex')}`);
  const runDir = path.join(REPO_ROOT, '.hyperfleet/bench', names.namespace);
  mkdirSync(runDir, { recursive: true });
  const db = await createBenchDatabase();
  const nc = await connect({ servers: NATS_URL, name: 'bench' });
  const ackWaitMs = String(options.ackWaitMs ?? 30_000);
  const common = {
    DATABASE_URL: db.url,
    HYPERFLEET_NATS_URL: NATS_URL,
    HYPERFLEET_NATS_NAMESPACE: names.namespace,
    HYPERFLEET_ACK_WAIT_MS: ackWaitMs,
    HYPERFLEET_AUTH: 'none',
  };
  const processes: ServiceProcess[] = [];
  const workers: ServiceProcess[] = [];
  let sink: Server | undefined;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    active.delete(cluster);
    sweeps?.close();
    await Promise.all(workers.map((worker) => worker.stop()));
    for (const proc of processes.reverse()) await proc.stop(30_000);
    sink?.close();
    await destroyTopology(nc, names).catch(() => undefined);
    await nc.close();
    await db.drop();
    if (options.profile)
      process.stderr.write(`CPU profiles (coordinator, worker-N/) and logs kept in ${runDir}\n`);
    else if (!process.env.HYPERFLEET_BENCH_KEEP) rmSync(runDir, { recursive: true, force: true });
  };

  let sweeps: SweepClient | undefined;
  const cluster = { stop } as BenchCluster;
  active.add(cluster);
  try {
    let deployAddress: string;
    if (options.deploy) {
      const deploy = startService(
        'deploy',
        { ...common, HYPERFLEET_DEPLOY_LISTEN: '127.0.0.1:0' },
        {
          label: 'deploy',
          logFile: path.join(runDir, 'deploy.log'),
        },
      );
      processes.push(deploy);
      deployAddress = `127.0.0.1:${(await waitForLog(deploy, 'deploy service listening')).port}`;
    } else {
      // Promotion needs an address; synthetic trials store no model, so nothing is ever sent
      // here. A port of our own keeps a stray call away from anyone else's deploy service.
      sink = await listenSink();
      deployAddress = `127.0.0.1:${(sink.address() as { port: number }).port}`;
    }

    const coordinator = startService(
      'coordinator',
      {
        ...common,
        HYPERFLEET_POOL: 'none',
        HYPERFLEET_COORDINATOR_LISTEN: '127.0.0.1:0',
        HYPERFLEET_DEPLOY_ADDRESS: deployAddress,
        HYPERFLEET_LOG_LEVEL: options.coordinatorLogLevel ?? 'info',
      },
      {
        label: 'coordinator',
        logFile: path.join(runDir, 'coordinator.log'),
        nodeArgs: options.profile ? ['--cpu-prof', `--cpu-prof-dir=${runDir}`] : [],
      },
    );
    processes.push(coordinator);
    const listening = await waitForLog(coordinator, 'coordinator listening');
    sweeps = new SweepClient({ address: `127.0.0.1:${listening.port}` });
    const jsm = await jetstreamManager(nc);

    const startWorkers = async (count: number, slots: number, logLevel: LogLevel = 'warn') => {
      const started: ServiceProcess[] = [];
      for (let i = 0; i < count; i++) {
        const label = `worker-${workers.length}`;
        const worker = startService(
          'worker',
          {
            ...common,
            HYPERFLEET_WORKER_ID: `bench-${label}`,
            HYPERFLEET_WORKER_SLOTS: String(slots),
            HYPERFLEET_LOG_LEVEL: logLevel,
            HYPERFLEET_DRAIN_TIMEOUT_MS: '5000',
          },
          {
            label,
            logFile: path.join(runDir, `${label}.log`),
            nodeArgs: options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(runDir, label)}`] : [],
          },
        );
        workers.push(worker);
        started.push(worker);
      }
      await waitForPulls(jsm, names, workers, count * slots);
      return started;
    };

    Object.assign(cluster, {
      db,
      names,
      nc,
      jsm,
      sweeps,
      coordinator,
      workers,
      runDir,
      startWorkers,
      stopWorkers: () => Promise.all(workers.map((worker) => worker.stop())).then(() => undefined),
      waitForSweep: (sweepId: string, timeoutMs: number) => waitForSweep(db, sweepId, timeoutMs),
    });
    if (options.workers) {
      await startWorkers(
        options.workers.processes,
        options.workers.slots,
        options.workers.logLevel,
      );
    }
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Workers are ready once JetStream holds a waiting pull request from every slot (on top of
 * those of workers started before). Their logs may be too quiet to say so. The consumer
 * holds at most max_waiting pulls (512 by default): beyond that, slots retry their pulls.
 */
async function waitForPulls(
  jsm: JetStreamManager,
  names: TransportNames,
  workers: ServiceProcess[],
  more: number,
) {
  const first = await jsm.consumers
    .info(names.assignStream, names.assignConsumer)
    .catch(() => undefined);
  const before = first?.num_waiting ?? 0;
  const wanted = Math.min(before + more, first?.config.max_waiting ?? Infinity);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const info = await jsm.consumers
      .info(names.assignStream, names.assignConsumer)
      .catch(() => undefined);
    if (info && info.num_waiting >= wanted) return;
    const dead = workers.find((worker) => !worker.alive());
    if (dead) throw new Error(`${dead.label} exited while starting; see ${dead.logFile}`);
    if (Date.now() > deadline)
      throw new Error(
        `workers not pulling after 90 s (${info?.num_waiting ?? 0} of ${more} pulls waiting)`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForSweep(
  db: BenchDatabase,
  sweepId: string,
  timeoutMs: number,
): Promise<FinishedSweep> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.query<{ state: string; created_at: Date; finished_at: Date | null }>(
      'SELECT state, created_at, finished_at FROM sweeps WHERE id = $1',
      [sweepId],
    );
    if (row && row.state !== 'RUNNING' && row.finished_at) {
      return { state: row.state, createdAt: row.created_at, finishedAt: row.finished_at };
    }
    if (Date.now() > deadline) {
      const counts = await db.query(
        'SELECT state, count(*)::int AS n FROM trials WHERE sweep_id = $1 GROUP BY state',
        [sweepId],
      );
      throw new Error(
        `sweep ${sweepId} still running after ${timeoutMs} ms: ${JSON.stringify(counts)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function listenSink(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
