// `sweep watch` across a graceful coordinator restart, against real gRPC servers on
// loopback: the first is stopped the way the coordinator stops (tryShutdown, then
// forceShutdown once the grace runs out), the second takes its port and ends the sweep.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Server, ServerCredentials, status, type ServerWritableStream } from '@grpc/grpc-js';
import { shutdownServer } from '@hyperfleet/common';
import { sweepServiceDefinition, type SweepEvent } from '@hyperfleet/proto';
import { GRPC_CONNECTORS } from './context.js';
import { run } from './run.js';
import { at, event, sweep, SWEEP_ID, testIo, trialCounts } from './test-support.js';

type Watch = (call: ServerWritableStream<{ id: string }, SweepEvent>) => void;

const servers: Server[] = [];

after(() => {
  for (const server of servers) server.forceShutdown();
});

/** A SweepService whose only method is WatchSweep; the others are never called here. */
async function serve(port: number, watch: Watch): Promise<{ server: Server; port: number }> {
  const server = new Server();
  const unimplemented = (_call: unknown, callback: (error: unknown) => void) =>
    callback({ code: status.UNIMPLEMENTED, details: 'not in this test' });
  const methods = Object.keys(sweepServiceDefinition);
  const handlers = Object.fromEntries(methods.map((name) => [name, unimplemented]));
  server.addService(sweepServiceDefinition, { ...handlers, WatchSweep: watch });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  servers.push(server);
  return { server, port: bound };
}

async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('hyperfleet sweep watch across a graceful coordinator restart', () => {
  it('reconnects after the shutdown ends its stream, says so, and follows to the end', async () => {
    const running = sweep({ counts: trialCounts({ running: 2, total: 2 }) });
    const first = await serve(0, (call) => {
      // Open until the server goes away, as WatchSweep is on a running sweep.
      call.write(event('SNAPSHOT', running));
    });

    const io = testIo({ sweeps: GRPC_CONNECTORS.sweeps });
    const address = `127.0.0.1:${first.port}`;
    const watching = run(['sweep', 'watch', SWEEP_ID, '--coordinator', address], io);
    await until('the first snapshot', () => io.stdout.lines.length > 0);

    // As Coordinator.stop() does; the grace is short, the stream would never end on its own.
    await shutdownServer(first.server, 100);
    const done = sweep({
      state: 'SWEEP_COMPLETED',
      counts: trialCounts({ completed: 4, total: 4 }),
      finishedAt: at(60),
    });
    await serve(first.port, (call) => {
      call.write(event('SNAPSHOT', running));
      call.write(event('SWEEP_FINISHED', done));
      call.end();
    });

    assert.equal(await watching, 0, io.stderr.text);
    assert.match(
      io.stderr.text,
      new RegExp(`lost the watch of sweep ${SWEEP_ID}; reconnecting to ${address}`),
    );
    assert.match(
      io.stderr.text,
      new RegExp(`reconnected to ${address}; watching sweep ${SWEEP_ID} again`),
    );
    assert.match(io.stdout.lines.at(-1)!, /^sweep COMPLETED after 1m00s: 4 completed/);
  });
});
