// The coordinator process: configuration from the environment, graceful stop on SIGTERM.
import { createLogger } from '@hyperfleet/common';
import { readCoordinatorConfig } from './config.js';
import { Coordinator } from './coordinator.js';

const logger = createLogger({ fields: { service: 'coordinator' } });

try {
  const coordinator = new Coordinator(readCoordinatorConfig(), logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    coordinator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await coordinator.start();
} catch (error) {
  logger.error('coordinator failed to start', { error });
  process.exit(1);
}
