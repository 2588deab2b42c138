// Original file: ../../proto/hyperfleet/v1/pool.proto

import type { PendingWorker as _hyperfleet_v1_PendingWorker, PendingWorker__Output as _hyperfleet_v1_PendingWorker__Output } from '../../hyperfleet/v1/PendingWorker.js';
import type { PoolEvent as _hyperfleet_v1_PoolEvent, PoolEvent__Output as _hyperfleet_v1_PoolEvent__Output } from '../../hyperfleet/v1/PoolEvent.js';

export interface Pool {
  /**
   * "kubernetes", "local" or "none".
   */
  'kind'?: (string);
  'name'?: (string);
  /**
   * Kubernetes only: the namespace the pods live in.
   */
  'namespace'?: (string);
  /**
   * Workers the pool is scaling to: demand within [min, max], lowered only after the cooldown.
   */
  'desired'?: (number);
  /**
   * Workers running and ready; pending ones do not count.
   */
  'ready'?: (number);
  'pending'?: (number);
  'pendingWorkers'?: (_hyperfleet_v1_PendingWorker)[];
  'min'?: (number);
  'max'?: (number);
  /**
   * Queued plus running trials across running sweeps, as last read.
   */
  'demand'?: (number);
  /**
   * Workers holding a running trial.
   */
  'busy'?: (number);
  /**
   * Whether SetPoolLimits applies (false for the local and none pools).
   */
  'scalable'?: (boolean);
  /**
   * Why the pool looks as it does, one line each.
   */
  'reasons'?: (string)[];
  'events'?: (_hyperfleet_v1_PoolEvent)[];
}

export interface Pool__Output {
  /**
   * "kubernetes", "local" or "none".
   */
  'kind': (string);
  'name': (string);
  /**
   * Kubernetes only: the namespace the pods live in.
   */
  'namespace': (string);
  /**
   * Workers the pool is scaling to: demand within [min, max], lowered only after the cooldown.
   */
  'desired': (number);
  /**
   * Workers running and ready; pending ones do not count.
   */
  'ready': (number);
  'pending': (number);
  'pendingWorkers': (_hyperfleet_v1_PendingWorker__Output)[];
  'min': (number);
  'max': (number);
  /**
   * Queued plus running trials across running sweeps, as last read.
   */
  'demand': (number);
  /**
   * Workers holding a running trial.
   */
  'busy': (number);
  /**
   * Whether SetPoolLimits applies (false for the local and none pools).
   */
  'scalable': (boolean);
  /**
   * Why the pool looks as it does, one line each.
   */
  'reasons': (string)[];
  'events': (_hyperfleet_v1_PoolEvent__Output)[];
}
