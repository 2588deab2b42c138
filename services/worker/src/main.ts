// The worker process: pulls trials from JetStream until SIGTERM, then drains: it stops
// pulling, lets the current trial finish within the drain timeout, else hands it back.
import { createLogger } from '@hyperfleet/common';
import {
  AssignmentRunner,
  connectNats,
  DEFAULT_TOPOLOGY,
  ensureTopology,
  jetstream,
  JetStreamArtifactStore,
  transportNames,
  TrialControl,
} from '@hyperfleet/transport';
import { CommandExecution } from './command-execution.js';
import { readWorkerConfig } from './config.js';
import { TfjsExecution } from './tfjs-execution.js';
import { TrialRunner } from './trial-runner.js';

const config = readWorkerConfig();
const logger = createLogger({ fields: { service: 'worker', workerId: config.workerId } });

try {
  const names = transportNames(config.nats.namespace);
  const nc = await connectNats({ ...config.nats, name: config.workerId }, logger);
  await ensureTopology(nc, names, { ...DEFAULT_TOPOLOGY, ackWaitMs: config.ackWaitMs });

  const stopPulling = new AbortController();
  const handBack = new AbortController();
  const runner = new TrialRunner({
    workerId: config.workerId,
    js: jetstream(nc),
    names,
    control: await TrialControl.open(nc, names),
    artifacts: await JetStreamArtifactStore.open(nc, names),
    executions: { tfjs: new TfjsExecution(logger), command: new CommandExecution() },
    logger,
    handBack: handBack.signal,
  });

  const shutdown = (signal: string) => {
    if (stopPulling.signal.aborted) return;
    logger.info('draining', { signal, drainTimeoutMs: config.drainTimeoutMs });
    stopPulling.abort();
    setTimeout(() => handBack.abort(), config.drainTimeoutMs).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const assignments = new AssignmentRunner(nc, names, { heartbeatMs: Math.floor(config.ackWaitMs / 3), logger });
  logger.info('worker ready', { namespace: names.namespace });
  await assignments.run(runner.handle, stopPulling.signal);
  await nc.drain();
  logger.info('worker stopped');
  process.exit(0);
} catch (error) {
  logger.error('worker failed', { error });
  process.exit(1);
}
