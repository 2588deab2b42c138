// A nats-server of the test's own (JetStream on, its own port and store), so that a test
// may stop and restart it. The machine's shared server is never touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { freePort } from './ports.js';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface OwnNatsServer {
  url: string;
  user?: string;
  pass?: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const BINARY = process.env.HYPERFLEET_NATS_SERVER_BIN ?? 'nats-server';

export async function startOwnNatsServer(options: { user?: string; pass?: string } = {}): Promise<OwnNatsServer> {
  const port = await freePort();
  const store = mkdtempSync(path.join(tmpdir(), 'hf-nats-'));
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store];
  if (options.user) args.push('--user', options.user, '--pass', options.pass ?? '');
  let child: ChildProcess = await launch(args, port);

  return {
    url: `127.0.0.1:${port}`,
    user: options.user,
    pass: options.pass,
    async restart() {
      await stopChild(child);
      child = await launch(args, port);
    },
    async stop() {
      await stopChild(child);
      rmSync(store, { recursive: true, force: true });
    },
  };
}

async function launch(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let i = 0; i < 100; i++) {
    if (await accepts(port)) return child;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`nats-server did not start on port ${port}: ${stderr}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}
