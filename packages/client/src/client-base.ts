// What every typed client shares: a grpc-js stub, readiness and closing.
import type { Client } from '@grpc/grpc-js';
import type { ConnectionOptions } from './call.js';

export abstract class ClientBase<Stub extends { close(): void }> {
  protected constructor(
    protected readonly stub: Stub,
    protected readonly options: ConnectionOptions,
  ) {}

  /** Waits until the service answers, for scripts that start it. */
  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.raw.waitForReady(new Date(Date.now() + timeoutMs), (error) => (error ? reject(error) : resolve()));
    });
  }

  close(): void {
    this.stub.close();
  }

  protected get raw(): Client {
    return this.stub as unknown as Client;
  }
}
