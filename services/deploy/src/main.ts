// The deploy service process: configuration from the environment, graceful stop on SIGTERM.
import { createLogger } from '@hyperfleet/common';
import { readDeployConfig } from './config.js';
import { DeployServer } from './deploy.js';

const logger = createLogger({ fields: { service: 'deploy' } });

try {
  const server = new DeployServer(readDeployConfig(), logger);
  const stop = (signal: string) => {
    logger.info('shutting down', { signal });
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await server.start();
} catch (error) {
  logger.error('deploy service failed to start', { error });
  process.exit(1);
}
