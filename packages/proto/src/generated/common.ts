import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Value as _hyperfleet_v1_Value, Value__Output as _hyperfleet_v1_Value__Output } from './hyperfleet/v1/Value.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  hyperfleet: {
    v1: {
      Value: MessageTypeDefinition<_hyperfleet_v1_Value, _hyperfleet_v1_Value__Output>
    }
  }
}

