// The PoolService: the worker pool's state (desired, ready, pending workers and why, limits,
// recent events) and its limits set by hand. Limits are validated here, stored by the pool.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  unaryHandler,
  type Logger,
} from '@hyperfleet/common';
import type { PoolStore } from '@hyperfleet/db';
import type { GetPoolRequest__Output, Pool, SetPoolLimitsRequest__Output } from '@hyperfleet/proto';
import { MAX_WORKERS_LIMIT } from './pool/kubernetes/config.js';
import type { PoolLimits, WorkerPool } from './pool/worker-pool.js';

export interface PoolServiceDeps {
  /** The coordinator's pool; read on every call, since the coordinator creates it last. */
  pool: () => WorkerPool;
  store: PoolStore;
  logger: Logger;
}

const EVENTS = { default: 20, max: 200 };

export function poolService(deps: PoolServiceDeps): UntypedServiceImplementation {
  const { store, logger } = deps;

  async function describe(eventLimit: number): Promise<Pool> {
    const status = deps.pool().status();
    const events = await store.recentEvents(status.name, eventLimit);
    return {
      kind: status.kind,
      name: status.name,
      namespace: status.namespace ?? '',
      desired: status.desired,
      ready: status.ready,
      pending: status.pending,
      pendingWorkers: status.pendingWorkers.map((worker) => ({
        name: worker.name,
        reason: worker.reason,
        message: worker.message,
        since: worker.since?.toISOString() ?? '',
      })),
      min: status.limits?.min ?? status.desired,
      max: status.limits?.max ?? status.desired,
      demand: status.demand,
      busy: status.busy,
      scalable: status.limits !== undefined,
      reasons: status.reasons,
      events: events.map((event) => ({
        id: Number(event.id),
        at: event.at.toISOString(),
        type: event.type,
        worker: event.worker ?? '',
        trialId: event.trialId ?? '',
        message: event.message,
      })),
    };
  }

  return {
    GetPool: unaryHandler('GetPool', logger, async (request: GetPoolRequest__Output) => {
      return describe(eventLimit(request.eventLimit));
    }),

    SetPoolLimits: unaryHandler(
      'SetPoolLimits',
      logger,
      async (request: SetPoolLimitsRequest__Output) => {
        const pool = deps.pool();
        const { kind, limits: current } = pool.status();
        if (current === undefined)
          throw new FailedPreconditionError(
            `the ${kind} pool has a fixed size; it has no limits to set`,
          );
        const limits = validateLimits(request, current);
        await pool.setLimits(limits);
        return describe(EVENTS.default);
      },
    ),
  };
}

/** The new pair: an absent bound keeps its current value; both are checked together. */
export function validateLimits(
  request: { min?: number; max?: number },
  current: PoolLimits | undefined,
): PoolLimits {
  if (request.min === undefined && request.max === undefined)
    throw new InvalidArgumentError('min', 'min or max is required');
  for (const field of ['min', 'max'] as const) {
    const value = request[field];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0)
      throw new InvalidArgumentError(field, `must be an integer >= 0 (got ${value})`);
    if (value > MAX_WORKERS_LIMIT)
      throw new InvalidArgumentError(field, `must be <= ${MAX_WORKERS_LIMIT} (got ${value})`);
  }
  if (request.max === 0)
    throw new InvalidArgumentError(
      'max',
      'must be >= 1 (got 0); set min 0 to let the pool scale to zero',
    );
  const limits = { min: request.min ?? current?.min ?? 0, max: request.max ?? current?.max ?? 0 };
  if (limits.min > limits.max) {
    const field = request.min !== undefined ? 'min' : 'max';
    throw new InvalidArgumentError(
      field,
      `min must be <= max (got min ${limits.min}, max ${limits.max})`,
    );
  }
  return limits;
}

function eventLimit(requested: number): number {
  if (requested < 0)
    throw new InvalidArgumentError('eventLimit', `must be >= 0 (got ${requested})`);
  return requested === 0 ? EVENTS.default : Math.min(requested, EVENTS.max);
}
