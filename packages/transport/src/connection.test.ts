// Starting while NATS is down: the service says what it waits for, without credentials,
// and connects once a server appears. The server is a nats-server of this test's own, on
// a loopback port the test picked; the machine's shared server is not involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createLogger } from '@hyperfleet/common';
import { connectNats, withoutCredentials } from './connection.js';

const PASSWORD = 's3cret-pw-for-this-test';

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('credentials in a server URL never reach the log', () => {
  assert.equal(withoutCredentials(`nats://hf:${PASSWORD}@127.0.0.1:4222`), 'nats://[redacted]@127.0.0.1:4222');
  assert.equal(withoutCredentials('tls://t0ken@nats.example:4443'), 'tls://[redacted]@nats.example:4443');
  assert.equal(withoutCredentials('hf:p@ss@127.0.0.1:4222'), '[redacted]@127.0.0.1:4222');
  assert.equal(withoutCredentials('127.0.0.1:4222'), '127.0.0.1:4222');
});

test('an unreachable NATS is reported with its servers while the start keeps retrying', async () => {
  const port = await freeLoopbackPort();
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  const servers = `nats://hf:${PASSWORD}@127.0.0.1:${port},127.0.0.1:${port}`;
  const connecting = connectNats({ servers, name: 'connection-test', user: 'hf', pass: PASSWORD }, logger);
  let warning: Record<string, unknown>;
  try {
    warning = await until('the warning', () => records().find((r) => r.msg === 'nats not reachable yet; still retrying'));
  } finally {
    // Whatever was seen, a server must appear, or the pending connect would never end.
    const binary = process.env.HYPERFLEET_NATS_SERVER_BIN ?? 'nats-server';
    const server = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '--user', 'hf', '--pass', PASSWORD], { stdio: 'ignore' });
    try {
      await (await connecting).close();
    } finally {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  }

  assert.equal(warning.level, 'warn');
  assert.deepEqual(warning.servers, [`nats://[redacted]@127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  assert.ok((warning.waitedMs as number) >= 1_000, `waited ${String(warning.waitedMs)} ms`);
  assert.ok(records().some((r) => r.msg === 'nats connected'), 'connected once the server was up');
  assert.ok(lines.every((line) => !line.includes(PASSWORD)), 'no line holds the password');
});
