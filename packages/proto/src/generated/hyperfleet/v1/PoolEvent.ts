// Original file: ../../proto/hyperfleet/v1/pool.proto

import type { Long } from '@grpc/proto-loader';

export interface PoolEvent {
  'id'?: (number | string | Long);
  /**
   * RFC 3339.
   */
  'at'?: (string);
  /**
   * SCALED, WORKER_CREATED, WORKER_FAILED, WORKER_EXITED, WORKER_DELETED, WORKER_PENDING, ADOPTED, LIMITS_SET.
   */
  'type'?: (string);
  'worker'?: (string);
  'trialId'?: (string);
  'message'?: (string);
}

export interface PoolEvent__Output {
  'id': (number);
  /**
   * RFC 3339.
   */
  'at': (string);
  /**
   * SCALED, WORKER_CREATED, WORKER_FAILED, WORKER_EXITED, WORKER_DELETED, WORKER_PENDING, ADOPTED, LIMITS_SET.
   */
  'type': (string);
  'worker': (string);
  'trialId': (string);
  'message': (string);
}
