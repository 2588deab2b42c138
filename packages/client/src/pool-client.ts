// A typed client of the PoolService: the coordinator's worker pool and its limits.
import {
  PoolServiceStub,
  type PoolServiceClient as PoolServiceClientType,
  type Pool__Output,
} from '@hyperfleet/proto';
import { ClientBase } from './client-base.js';
import { channelCredentials, channelOptions, unary, type ConnectionOptions } from './call.js';

export class PoolClient extends ClientBase<PoolServiceClientType> {
  constructor(options: ConnectionOptions) {
    super(new PoolServiceStub(
      options.address,
      channelCredentials(options),
      channelOptions(),
    ), options);
  }

  /** The pool now, with its newest `eventLimit` events (default 20). */
  getPool(eventLimit = 0): Promise<Pool__Output> {
    return unary(this.raw, this.stub.getPool, { eventLimit }, this.options);
  }

  /** Sets min and/or max; an absent bound keeps its value. The pair survives a restart. */
  setPoolLimits(limits: { min?: number; max?: number }): Promise<Pool__Output> {
    return unary(this.raw, this.stub.setPoolLimits, limits, this.options);
  }

}
