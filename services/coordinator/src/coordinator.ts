// Wires the coordinator together: PostgreSQL stores, the JetStream topology, the scheduler,
// the event consumer, the gRPC API, promotion and the worker pool; and takes them apart
// again in the reverse order on shutdown.
import { Server } from '@grpc/grpc-js';
import { DeployClient, channelOptions } from '@hyperfleet/client';
import { ConfigError, secureService, serverCredentials, shutdownServer, type Logger } from '@hyperfleet/common';
import { openDatabase, PoolStore, SweepStore, TrialStore, type Database } from '@hyperfleet/db';
import { poolServiceDefinition, sweepServiceDefinition } from '@hyperfleet/proto';
import {
  connectNats,
  consumeEvents,
  DEFAULT_TOPOLOGY,
  ensureTopology,
  jetstream,
  transportNames,
  TrialControl,
  type NatsConnection,
} from '@hyperfleet/transport';
import type { CoordinatorConfig } from './config.js';
import { EventIngest } from './event-ingest.js';
import { DemandFeed } from './pool/demand-feed.js';
import { loadKubeConnection } from './pool/kubernetes/kube-config.js';
import { KubernetesWorkerPool } from './pool/kubernetes/kubernetes-pool.js';
import { LocalWorkerPool } from './pool/local-pool.js';
import { NoWorkerPool, type WorkerPool } from './pool/worker-pool.js';
import { poolService } from './pool-service.js';
import { Promoter } from './promotion.js';
import { Scheduler } from './scheduler.js';
import { SweepStudies } from './sweep-studies.js';
import { SweepEvents } from './sweep-events.js';
import { sweepService } from './sweep-service.js';

export class Coordinator {
  private readonly abort = new AbortController();
  private db?: Database;
  private nc?: NatsConnection;
  private server?: Server;
  private consumer?: Promise<void>;
  private reconcileTimer?: NodeJS.Timeout;
  private deploy?: DeployClient;
  private promoter?: Promoter;
  private scheduler?: Scheduler;
  private demandFeed?: DemandFeed;
  pool: WorkerPool = new NoWorkerPool();
  /** The port the API listens on (useful with port 0). */
  port = 0;

  constructor(
    private readonly config: CoordinatorConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { config, logger } = this;
    const names = transportNames(config.nats.namespace);
    this.db = openDatabase({ url: config.databaseUrl });
    await this.db.$queryRaw`SELECT 1`;
    this.nc = await connectNats({ ...config.nats, name: 'coordinator' }, logger);
    await ensureTopology(this.nc, names, { ...DEFAULT_TOPOLOGY, ackWaitMs: config.ackWaitMs });

    const sweeps = new SweepStore(this.db);
    const trials = new TrialStore(this.db);
    const control = await TrialControl.open(this.nc, names);
    const events = new SweepEvents();
    this.deploy = config.deployAddress ? new DeployClient({ address: config.deployAddress, token: config.deployToken }) : undefined;
    const promoter = new Promoter({ sweeps, trials, deploy: this.deploy, logger, signal: this.abort.signal });
    const studies = new SweepStudies(trials, logger);
    const scheduler = new Scheduler({
      sweeps,
      trials,
      studies,
      js: jetstream(this.nc),
      names,
      control,
      events,
      logger,
      onCompleted: (sweepId) => promoter.promote(sweepId),
    });
    this.promoter = promoter;
    this.scheduler = scheduler;

    // Resume from what is stored: unpublished assignments, running sweeps, promotions.
    await scheduler.redispatch();
    for (const sweep of await sweeps.listRunning()) await scheduler.advance(sweep.id);
    await promoter.resumePending();

    const ingest = new EventIngest({ sweeps, trials, scheduler, studies, control, events, logger });
    this.consumer = consumeEvents(this.nc, names, (batch) => ingest.handleBatch(batch), this.abort.signal, { logger });
    // A safety net under every path that can be cut short by a crash or an outage: publish
    // what was never published, refill what was never refilled. Both are idempotent.
    this.reconcileTimer = setInterval(() => {
      void this.tick(sweeps, scheduler);
    }, config.reconcileIntervalMs);

    this.server = new Server(channelOptions());
    this.server.addService(sweepServiceDefinition, secureService(sweepService({ sweeps, trials, scheduler, events, logger }), config.security));
    const poolStore = new PoolStore(this.db);
    this.server.addService(poolServiceDefinition, secureService(poolService({ pool: () => this.pool, store: poolStore, logger }), config.security));
    this.port = await new Promise<number>((resolve, reject) =>
      this.server!.bindAsync(config.listen, serverCredentials(config.security), (error, port) => (error ? reject(error) : resolve(port))),
    );
    logger.info('coordinator listening', { address: config.listen, port: this.port, auth: config.security.mode, tls: Boolean(config.security.tls) });

    this.pool = this.createPool(poolStore);
    await this.pool.start();
    this.demandFeed = new DemandFeed({ store: poolStore, pool: this.pool, intervalMs: config.pool.syncIntervalMs, logger });
    await this.demandFeed.start();
  }

  private ticking = false;

  private async tick(sweeps: SweepStore, scheduler: Scheduler): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await scheduler.redispatch();
      for (const sweep of await sweeps.listRunning()) await scheduler.advance(sweep.id);
    } catch (error) {
      this.logger.warn('periodic reconcile failed', { error: (error as Error).message });
    } finally {
      this.ticking = false;
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    clearInterval(this.reconcileTimer);
    await this.demandFeed?.stop();
    await this.pool.stop();
    await shutdownServer(this.server);
    await this.consumer;
    await this.scheduler?.idle();
    await this.promoter?.idle();
    this.deploy?.close();
    await this.nc?.drain().catch(() => undefined);
    await this.db?.$disconnect();
    this.logger.info('coordinator stopped');
  }

  private createPool(store: PoolStore): WorkerPool {
    const { pool, nats, ackWaitMs } = this.config;
    if (pool.kind === 'kubernetes') return this.createKubernetesPool(store);
    if (pool.kind === 'none' || pool.localWorkers === 0) return new NoWorkerPool();
    return new LocalWorkerPool({
      size: pool.localWorkers,
      command: pool.workerCommand.length > 0 ? pool.workerCommand : defaultWorkerCommand(),
      env: {
        HYPERFLEET_NATS_URL: nats.servers,
        HYPERFLEET_NATS_NAMESPACE: nats.namespace,
        HYPERFLEET_ACK_WAIT_MS: String(ackWaitMs),
        ...pool.workerEnv,
      },
      output: pool.workerOutput,
      logger: this.logger.child({ component: 'local-pool' }),
    });
  }

  private createKubernetesPool(store: PoolStore): WorkerPool {
    const { nats, ackWaitMs } = this.config;
    const config = this.config.pool.kubernetes!;
    if ((nats.user || nats.pass || nats.token) && !config.natsSecret) {
      // Credentials go to workers through a Secret, never as plain values in a pod spec.
      throw new ConfigError('HYPERFLEET_WORKER_NATS_SECRET', "must name the Secret with the workers' NATS credentials when the coordinator uses credentials", '');
    }
    return new KubernetesWorkerPool({
      config,
      connection: loadKubeConnection({ kubeconfigFile: config.kubeconfigFile, namespace: config.namespace }),
      workerEnv: { natsNamespace: nats.namespace, natsUrl: config.workerNatsUrl ?? nats.servers, natsSecret: config.natsSecret, ackWaitMs },
      store,
      logger: this.logger.child({ component: 'kubernetes-pool', pool: config.name }),
    });
  }
}

/** The worker of this checkout, run from source like the coordinator itself. */
function defaultWorkerCommand(): string[] {
  const entry = new URL('../../worker/src/main.ts', import.meta.url).pathname;
  return [process.execPath, '--conditions=development', '--import', 'tsx', entry];
}
