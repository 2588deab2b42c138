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
import { SyntheticExecution } from './synthetic-execution.js';
import { TfjsExecution } from './tfjs-execution.js';
import { ControlRouter, TrialRunner } from './trial-runner.js';

const config = readWorkerConfig();
const logger = createLogger({ fields: { service: 'worker', workerId: config.workerId } });

try {
  const names = transportNames(config.nats.namespace);
  const nc = await connectNats({ ...config.nats, name: config.workerId }, logger);
  await ensureTopology(nc, names, { ...DEFAULT_TOPOLOGY, ackWaitMs: config.ackWaitMs });

  const stopPulling = new AbortController();
  const handBack = new AbortController();
  const control = await TrialControl.open(nc, names);
  const controls = new ControlRouter();
  await control.watchAll((trialId, signal) => controls.deliver(trialId, signal));
  const shared = {
    js: jetstream(nc),
    names,
    control,
    controls,
    artifacts: await JetStreamArtifactStore.open(nc, names),
    executions: { tfjs: new TfjsExecution(logger), command: new CommandExecution(), synthetic: new SyntheticExecution() },
    handBack: handBack.signal,
  };

  const shutdown = (signal: string) => {
    if (stopPulling.signal.aborted) return;
    logger.info('draining', { signal, drainTimeoutMs: config.drainTimeoutMs });
    stopPulling.abort();
    setTimeout(() => handBack.abort(), config.drainTimeoutMs).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A local pool's worker drains when its coordinator is gone (even by SIGKILL), so that the
  // coordinator's successor does not find it still running beside its own new workers.
  if (process.env.HYPERFLEET_EXIT_WITH_PARENT === '1') {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && shutdown('parent exited'), 1_000).unref();
  }
  process.on('SIGINT', () => shutdown('SIGINT'));

  const assignments = new AssignmentRunner(nc, names, { heartbeatMs: Math.floor(config.ackWaitMs / 3), logger });
  logger.info('worker ready', { namespace: names.namespace, slots: config.slots });
  await Promise.all(
    Array.from({ length: config.slots }, (_, slot) => {
      const workerId = config.slots === 1 ? config.workerId : `${config.workerId}/${slot}`;
      const runner = new TrialRunner({ ...shared, workerId, logger: logger.child({ workerId }) });
      return assignments.run(runner.handle, stopPulling.signal);
    }),
  );
  await nc.drain();
  logger.info('worker stopped');
  process.exit(0);
} catch (error) {
  logger.error('worker failed', { error });
  process.exit(1);
}
