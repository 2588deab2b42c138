// Connecting to NATS: reconnects forever with a capped wait, so that a restarted server
// pauses Hyperfleet instead of ending it.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@hyperfleet/common';

export interface NatsOptions {
  servers: string;
  /** A client name visible in the server's connection list, e.g. "worker-3". */
  name: string;
  user?: string;
  pass?: string;
  token?: string;
}

export async function connectNats(options: NatsOptions, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.servers.split(','),
    name: options.name,
    user: options.user,
    pass: options.pass,
    token: options.token,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
  });
  void watchStatus(nc, logger);
  logger.info('nats connected', { server: nc.getServer() });
  return nc;
}

async function watchStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
      logger.warn('nats connection status', { status: status.type, server: 'server' in status ? status.server : undefined });
    }
  }
}
