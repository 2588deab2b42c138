import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetPoolRequest as _hyperfleet_v1_GetPoolRequest, GetPoolRequest__Output as _hyperfleet_v1_GetPoolRequest__Output } from './hyperfleet/v1/GetPoolRequest.js';
import type { PendingWorker as _hyperfleet_v1_PendingWorker, PendingWorker__Output as _hyperfleet_v1_PendingWorker__Output } from './hyperfleet/v1/PendingWorker.js';
import type { Pool as _hyperfleet_v1_Pool, Pool__Output as _hyperfleet_v1_Pool__Output } from './hyperfleet/v1/Pool.js';
import type { PoolEvent as _hyperfleet_v1_PoolEvent, PoolEvent__Output as _hyperfleet_v1_PoolEvent__Output } from './hyperfleet/v1/PoolEvent.js';
import type { PoolServiceClient as _hyperfleet_v1_PoolServiceClient, PoolServiceDefinition as _hyperfleet_v1_PoolServiceDefinition } from './hyperfleet/v1/PoolService.js';
import type { SetPoolLimitsRequest as _hyperfleet_v1_SetPoolLimitsRequest, SetPoolLimitsRequest__Output as _hyperfleet_v1_SetPoolLimitsRequest__Output } from './hyperfleet/v1/SetPoolLimitsRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  hyperfleet: {
    v1: {
      GetPoolRequest: MessageTypeDefinition<_hyperfleet_v1_GetPoolRequest, _hyperfleet_v1_GetPoolRequest__Output>
      PendingWorker: MessageTypeDefinition<_hyperfleet_v1_PendingWorker, _hyperfleet_v1_PendingWorker__Output>
      Pool: MessageTypeDefinition<_hyperfleet_v1_Pool, _hyperfleet_v1_Pool__Output>
      PoolEvent: MessageTypeDefinition<_hyperfleet_v1_PoolEvent, _hyperfleet_v1_PoolEvent__Output>
      /**
       * The coordinator's worker pool: how many workers it wants and has, why some are not
       * ready, what it did lately, and the bounds it scales within.
       */
      PoolService: SubtypeConstructor<typeof grpc.Client, _hyperfleet_v1_PoolServiceClient> & { service: _hyperfleet_v1_PoolServiceDefinition }
      SetPoolLimitsRequest: MessageTypeDefinition<_hyperfleet_v1_SetPoolLimitsRequest, _hyperfleet_v1_SetPoolLimitsRequest__Output>
    }
  }
}

