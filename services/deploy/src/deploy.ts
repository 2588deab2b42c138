// Wires the deploy service: PostgreSQL for versions, the JetStream object store for
// artifacts, the gRPC API; restores the model it served before a restart.
import { Server } from '@grpc/grpc-js';
import { channelOptions } from '@hyperfleet/client';
import { secureService, serverCredentials, shutdownServer, type Logger } from '@hyperfleet/common';
import { ModelVersionStore, openDatabase, type Database } from '@hyperfleet/db';
import { deployServiceDefinition } from '@hyperfleet/proto';
import { initBackend } from '@hyperfleet/trainer';
import { connectNats, ensureArtifactBucket, JetStreamArtifactStore, transportNames, type NatsConnection } from '@hyperfleet/transport';
import type { DeployConfig } from './config.js';
import { deployService } from './deploy-service.js';
import { ModelRegistry } from './model-registry.js';

export class DeployServer {
  private db?: Database;
  private nc?: NatsConnection;
  private server?: Server;
  private registry?: ModelRegistry;
  port = 0;

  constructor(
    private readonly config: DeployConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { config, logger } = this;
    await initBackend(logger);
    const names = transportNames(config.nats.namespace);
    this.db = openDatabase({ url: config.databaseUrl, poolSize: 4 });
    this.nc = await connectNats({ ...config.nats, name: 'deploy' }, logger);
    await ensureArtifactBucket(this.nc, names);

    const artifacts = await JetStreamArtifactStore.open(this.nc, names);
    this.registry = new ModelRegistry(new ModelVersionStore(this.db), artifacts, config.loadedVersions, logger);
    await this.registry.restore();

    this.server = new Server(channelOptions());
    const service = deployService({ registry: this.registry, maxPredictRows: config.maxPredictRows, logger });
    this.server.addService(deployServiceDefinition, secureService(service, config.security));
    this.port = await new Promise<number>((resolve, reject) =>
      this.server!.bindAsync(config.listen, serverCredentials(config.security), (error, port) => (error ? reject(error) : resolve(port))),
    );
    logger.info('deploy service listening', { address: config.listen, port: this.port });
  }

  async stop(): Promise<void> {
    await shutdownServer(this.server);
    this.registry?.close();
    await this.nc?.drain().catch(() => undefined);
    await this.db?.$disconnect();
    this.logger.info('deploy service stopped');
  }
}
