// The SweepService: requests validated and answered from PostgreSQL; writes go through the
// scheduler so that a new or cancelled sweep takes effect at once.
import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { InvalidArgumentError, specFromMessage, streamHandler, unaryHandler, validateSweepSpec, type Logger } from '@hyperfleet/common';
import { isUuid, type SweepRow, type SweepStateName, type SweepStore, type TrialStore } from '@hyperfleet/db';
import type {
  CancelSweepRequest__Output,
  CreateSweepRequest__Output,
  GetSweepRequest__Output,
  GetTrialRequest__Output,
  ListSweepsRequest__Output,
  ListSweepsResponse,
  ListTrialsRequest__Output,
  ListTrialsResponse,
  Sweep,
  SweepEvent,
  Trial,
  WatchSweepRequest__Output,
} from '@hyperfleet/proto';

import { metricMessage, sweepMessage, trialMessage } from './messages.js';
import type { Scheduler } from './scheduler.js';
import type { SweepChange, SweepEvents } from './sweep-events.js';

export interface SweepServiceDeps {
  sweeps: SweepStore;
  trials: TrialStore;
  scheduler: Scheduler;
  events: SweepEvents;
  logger: Logger;
}

const PAGE_SIZE = { default: 50, max: 1_000 };
const TRIAL_STATES = ['QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'FAILED', 'CANCELLED'] as const;
const SWEEP_STATES = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;

export function sweepService(deps: SweepServiceDeps): UntypedServiceImplementation {
  const { sweeps, trials, scheduler, events, logger } = deps;

  async function describe(row: SweepRow): Promise<Sweep> {
    const [counts, best] = await Promise.all([
      sweeps.counts(row.id),
      row.bestTrialId ? trials.findById(row.bestTrialId) : Promise.resolve(null),
    ]);
    return sweepMessage(row, counts, best);
  }

  return {
    CreateSweep: unaryHandler('CreateSweep', logger, async (request: CreateSweepRequest__Output) => {
      if (!request.spec) throw new InvalidArgumentError('spec', 'is required');
      const spec = validateSweepSpec(specFromMessage(request.spec));
      const row = await sweeps.create(spec);
      logger.info('sweep created', { sweepId: row.id, name: spec.name, algorithm: spec.algorithm.name, maxTrials: spec.budget.maxTrials });
      // A new sweep has every slot free (up to its budget).
      await scheduler.advance(row.id, Math.min(spec.parallelism, spec.budget.maxTrials));
      return describe(await sweeps.get(row.id));
    }),

    GetSweep: unaryHandler('GetSweep', logger, async (request: GetSweepRequest__Output) => {
      return describe(await sweeps.get(requireId(request.id, 'id')));
    }),

    ListSweeps: unaryHandler('ListSweeps', logger, async (request: ListSweepsRequest__Output): Promise<ListSweepsResponse> => {
      const states = request.states.map((state, i) => parseState(String(state).replace(/^SWEEP_/, ''), SWEEP_STATES, `states[${i}]`));
      const page = await sweeps.list({ pageSize: pageSize(request.pageSize), pageToken: request.pageToken, states });
      return { sweeps: await Promise.all(page.sweeps.map(describe)), nextPageToken: page.nextPageToken };
    }),

    CancelSweep: unaryHandler('CancelSweep', logger, async (request: CancelSweepRequest__Output) => {
      const id = requireId(request.id, 'id');
      const reason = request.reason.trim() || 'cancelled by request';
      const outcome = await sweeps.cancel(id, reason);
      await scheduler.cancelTrials(outcome.cancelledTrialIds, reason);
      logger.info('sweep cancelled', { sweepId: id, cancelledTrials: outcome.cancelledTrialIds.length });
      events.publish(id, { type: 'SWEEP_FINISHED' });
      return describe(await sweeps.get(id));
    }),

    WatchSweep: streamHandler('WatchSweep', logger, async (call: ServerWritableStream<WatchSweepRequest__Output, SweepEvent>) => {
      const id = requireId(call.request.id, 'id');
      const initial = await sweeps.get(id);
      await watch(call, id, initial);
    }),

    ListTrials: unaryHandler('ListTrials', logger, async (request: ListTrialsRequest__Output): Promise<ListTrialsResponse> => {
      const sweep = await sweeps.get(requireId(request.sweepId, 'sweepId'));
      const states = request.states.map((state, i) => parseState(String(state), TRIAL_STATES, `states[${i}]`));
      const orderBy = request.orderBy === '' ? 'number' : request.orderBy;
      if (orderBy !== 'number' && orderBy !== 'value') {
        throw new InvalidArgumentError('orderBy', `must be "number" or "value" (got "${request.orderBy}")`);
      }
      const page = await trials.list({ sweep, states, orderBy, pageSize: pageSize(request.pageSize), pageToken: request.pageToken });
      return { trials: page.trials.map((trial) => trialMessage(trial)), nextPageToken: page.nextPageToken, totalSize: page.totalSize };
    }),

    GetTrial: unaryHandler('GetTrial', logger, async (request: GetTrialRequest__Output): Promise<Trial> => {
      const trial = await trials.get(requireId(request.id, 'id'));
      return trialMessage(trial, trial.metrics);
    }),
  };

  /** Snapshot first, then stored changes, until the sweep finishes or the caller leaves. */
  async function watch(call: ServerWritableStream<WatchSweepRequest__Output, SweepEvent>, id: string, initial: SweepRow) {
    const queue: SweepChange[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = events.subscribe(id, (change) => {
      queue.push(change);
      wake?.();
    });
    const closed = new Promise<void>((resolve) => call.on('cancelled', resolve).on('close', resolve));
    try {
      call.write({ type: 'SNAPSHOT', sweepId: id, sweep: await describe(initial) });
      if (initial.state !== 'RUNNING') {
        call.write({ type: 'SWEEP_FINISHED', sweepId: id, sweep: await describe(initial) });
        return;
      }
      for (;;) {
        while (queue.length === 0) {
          const woken = new Promise<void>((resolve) => (wake = resolve));
          if ((await Promise.race([woken.then(() => 'event'), closed.then(() => 'closed')])) === 'closed') return;
        }
        const change = queue.shift()!;
        const sweep = await describe(await sweeps.get(id));
        call.write({
          type: change.type,
          sweepId: id,
          sweep,
          ...('trial' in change ? { trial: trialMessage(change.trial) } : {}),
          ...('metric' in change ? { metric: metricMessage(change.metric) } : {}),
        });
        if (change.type === 'SWEEP_FINISHED') return;
      }
    } finally {
      unsubscribe();
    }
  }
}

function requireId(id: string, field: string): string {
  if (!isUuid(id)) throw new InvalidArgumentError(field, `must be a UUID (got "${id}")`);
  return id;
}

function pageSize(requested: number): number {
  if (requested < 0) throw new InvalidArgumentError('pageSize', `must be >= 0 (got ${requested})`);
  return requested === 0 ? PAGE_SIZE.default : Math.min(requested, PAGE_SIZE.max);
}

function parseState<T extends string>(raw: string, allowed: readonly T[], field: string): T {
  if (!allowed.includes(raw as T)) throw new InvalidArgumentError(field, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

export type { SweepStateName };
