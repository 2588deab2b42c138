// A typed client of the PoolService: the coordinator's worker pool and its limits.
import type { Client } from '@grpc/grpc-js';
import {
  PoolServiceStub,
  type PoolServiceClient as PoolServiceClientType,
  type Pool__Output,
} from '@hyperfleet/proto';
import { channelCredentials, channelOptions, unary, type ConnectionOptions } from './call.js';

export class PoolClient {
  private readonly client: PoolServiceClientType;

  constructor(private readonly options: ConnectionOptions) {
    this.client = new PoolServiceStub(
      options.address,
      channelCredentials(options),
      channelOptions(),
    );
  }

  /** The pool now, with its newest `eventLimit` events (default 20). */
  getPool(eventLimit = 0): Promise<Pool__Output> {
    return unary(this.raw, this.client.getPool, { eventLimit }, this.options);
  }

  /** Sets min and/or max; an absent bound keeps its value. The pair survives a restart. */
  setPoolLimits(limits: { min?: number; max?: number }): Promise<Pool__Output> {
    return unary(this.raw, this.client.setPoolLimits, limits, this.options);
  }

  close(): void {
    this.client.close();
  }

  private get raw(): Client {
    return this.client as unknown as Client;
  }
}
