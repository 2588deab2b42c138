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

/** A first connection takes milliseconds when NATS is up; past this, say what we wait for. */
const UNREACHABLE_WARNING_MS = 2_000;
/** Then again this often while the wait goes on. */
const UNREACHABLE_REPEAT_MS = 30_000;

export async function connectNats(options: NatsOptions, logger: Logger): Promise<NatsConnection> {
  const servers = options.servers.split(',');
  // waitOnFirstConnect retries inside connect(), which reports nothing until it succeeds.
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const warn = () => {
    logger.warn('nats not reachable yet; still retrying', { servers: servers.map(withoutCredentials), waitedMs: Date.now() - started });
    timer = setTimeout(warn, UNREACHABLE_REPEAT_MS);
  };
  timer = setTimeout(warn, UNREACHABLE_WARNING_MS);

  let nc: NatsConnection;
  try {
    nc = await connect({
      servers,
      name: options.name,
      user: options.user,
      pass: options.pass,
      token: options.token,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      waitOnFirstConnect: true,
      pingInterval: 10_000,
      // Otherwise every request captures a stack trace up front, in case it fails: a
      // measurable cost on each publish, pull and ack of the hot path.
      noAsyncTraces: true,
    });
  } finally {
    clearTimeout(timer);
  }
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

/** A server URL fit for a log: user, password or token in it (nats://u:p@host) replaced. */
export function withoutCredentials(server: string): string {
  const at = server.lastIndexOf('@');
  if (at < 0) return server;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(server)?.[0] ?? '';
  return `${scheme}[redacted]@${server.slice(at + 1)}`;
}
