// Original file: ../../proto/hyperfleet/v1/pool.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetPoolRequest as _hyperfleet_v1_GetPoolRequest, GetPoolRequest__Output as _hyperfleet_v1_GetPoolRequest__Output } from '../../hyperfleet/v1/GetPoolRequest.js';
import type { Pool as _hyperfleet_v1_Pool, Pool__Output as _hyperfleet_v1_Pool__Output } from '../../hyperfleet/v1/Pool.js';
import type { SetPoolLimitsRequest as _hyperfleet_v1_SetPoolLimitsRequest, SetPoolLimitsRequest__Output as _hyperfleet_v1_SetPoolLimitsRequest__Output } from '../../hyperfleet/v1/SetPoolLimitsRequest.js';

/**
 * The coordinator's worker pool: how many workers it wants and has, why some are not
 * ready, what it did lately, and the bounds it scales within.
 */
export interface PoolServiceClient extends grpc.Client {
  GetPool(argument: _hyperfleet_v1_GetPoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  GetPool(argument: _hyperfleet_v1_GetPoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  GetPool(argument: _hyperfleet_v1_GetPoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  GetPool(argument: _hyperfleet_v1_GetPoolRequest, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  getPool(argument: _hyperfleet_v1_GetPoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  getPool(argument: _hyperfleet_v1_GetPoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  getPool(argument: _hyperfleet_v1_GetPoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  getPool(argument: _hyperfleet_v1_GetPoolRequest, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sets min and/or max; the pair is stored and survives a coordinator restart.
   */
  SetPoolLimits(argument: _hyperfleet_v1_SetPoolLimitsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  SetPoolLimits(argument: _hyperfleet_v1_SetPoolLimitsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  SetPoolLimits(argument: _hyperfleet_v1_SetPoolLimitsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  SetPoolLimits(argument: _hyperfleet_v1_SetPoolLimitsRequest, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  /**
   * Sets min and/or max; the pair is stored and survives a coordinator restart.
   */
  setPoolLimits(argument: _hyperfleet_v1_SetPoolLimitsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  setPoolLimits(argument: _hyperfleet_v1_SetPoolLimitsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  setPoolLimits(argument: _hyperfleet_v1_SetPoolLimitsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  setPoolLimits(argument: _hyperfleet_v1_SetPoolLimitsRequest, callback: grpc.requestCallback<_hyperfleet_v1_Pool__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The coordinator's worker pool: how many workers it wants and has, why some are not
 * ready, what it did lately, and the bounds it scales within.
 */
export interface PoolServiceHandlers extends grpc.UntypedServiceImplementation {
  GetPool: grpc.handleUnaryCall<_hyperfleet_v1_GetPoolRequest__Output, _hyperfleet_v1_Pool>;
  
  /**
   * Sets min and/or max; the pair is stored and survives a coordinator restart.
   */
  SetPoolLimits: grpc.handleUnaryCall<_hyperfleet_v1_SetPoolLimitsRequest__Output, _hyperfleet_v1_Pool>;
  
}

export interface PoolServiceDefinition extends grpc.ServiceDefinition {
  GetPool: MethodDefinition<_hyperfleet_v1_GetPoolRequest, _hyperfleet_v1_Pool, _hyperfleet_v1_GetPoolRequest__Output, _hyperfleet_v1_Pool__Output>
  SetPoolLimits: MethodDefinition<_hyperfleet_v1_SetPoolLimitsRequest, _hyperfleet_v1_Pool, _hyperfleet_v1_SetPoolLimitsRequest__Output, _hyperfleet_v1_Pool__Output>
}
