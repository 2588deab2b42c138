// A whole Hyperfleet on loopback for one test: deploy service and coordinator in this
// process (on ports the OS picks), real worker processes from the local pool, a database
// and a NATS namespace of the test's own. stop() takes it all down again.
import { DeployClient, SweepClient } from '@hyperfleet/client';
import { createLogger, silentLogger, type Logger } from '@hyperfleet/common';
import { Coordinator, LocalWorkerPool, readCoordinatorConfig } from '@hyperfleet/coordinator';
import { DeployServer, readDeployConfig } from '@hyperfleet/deploy';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createTestNats, NATS_URL, type TestNats } from './nats.js';

export interface ClusterOptions {
  workers?: number;
  /** Short in tests, so that a killed worker's trial moves on quickly. */
  ackWaitMs?: number;
  apiTokens?: string[];
}

export interface TestCluster {
  sweeps: SweepClient;
  deploy: DeployClient;
  db: TestDatabase;
  nats: TestNats;
  coordinator: Coordinator;
  workers(): { workerId: string; pid: number }[];
  stop(): Promise<void>;
}

export function testLogger(service: string): Logger {
  return process.env.HYPERFLEET_TEST_LOG ? createLogger({ level: 'debug', fields: { service } }) : silentLogger;
}

export async function startCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const env = {
    DATABASE_URL: db.url,
    HYPERFLEET_NATS_URL: NATS_URL,
    HYPERFLEET_NATS_NAMESPACE: nats.names.namespace,
    HYPERFLEET_ACK_WAIT_MS: String(options.ackWaitMs ?? 3_000),
    HYPERFLEET_API_TOKENS: (options.apiTokens ?? []).join(','),
    HYPERFLEET_AUTH: options.apiTokens?.length ? 'token' : 'none',
  };

  const deployServer = new DeployServer({ ...readDeployConfig(env), listen: '127.0.0.1:0' }, testLogger('deploy'));
  await deployServer.start();

  const config = readCoordinatorConfig({ ...env, HYPERFLEET_POOL: 'local', HYPERFLEET_LOCAL_WORKERS: String(options.workers ?? 2) });
  const coordinator = new Coordinator(
    {
      ...config,
      listen: '127.0.0.1:0',
      deployAddress: `127.0.0.1:${deployServer.port}`,
      reconcileIntervalMs: 500,
      pool: {
        ...config.pool,
        workerEnv: { HYPERFLEET_LOG_LEVEL: process.env.HYPERFLEET_TEST_LOG ? 'debug' : 'warn', HYPERFLEET_DRAIN_TIMEOUT_MS: '1000' },
        workerOutput: 'inherit',
      },
    },
    testLogger('coordinator'),
  );
  await coordinator.start();

  const token = options.apiTokens?.[0];
  const sweeps = new SweepClient({ address: `127.0.0.1:${coordinator.port}`, token });
  const deploy = new DeployClient({ address: `127.0.0.1:${deployServer.port}`, token });

  return {
    sweeps,
    deploy,
    db,
    nats,
    coordinator,
    workers: () => (coordinator.pool instanceof LocalWorkerPool ? coordinator.pool.workers() : []),
    async stop() {
      sweeps.close();
      deploy.close();
      await coordinator.stop();
      await deployServer.stop();
      await nats.destroy();
      await db.drop();
    },
  };
}
