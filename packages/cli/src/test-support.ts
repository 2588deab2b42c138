/** Messages and stand-ins shared by the test files; not part of the package's surface. */
import type {
  Pool__Output,
  SweepEvent__Output,
  Sweep__Output,
  TrialCounts__Output,
  Trial__Output,
} from '@hyperfleet/proto';
import type { Connectors, DeployApi, PoolApi, SweepApi } from './context.js';
import type { Io } from './program.js';

export const SWEEP_ID = '11111111-1111-4111-8111-111111111111';
export const T0 = '2025-12-04T10:00:00.000Z';

/** An ISO timestamp `seconds` after T0. */
export function at(seconds: number): string {
  return new Date(Date.parse(T0) + seconds * 1000).toISOString();
}

export function trialCounts(counts: Partial<TrialCounts__Output> = {}): TrialCounts__Output {
  return {
    queued: 0,
    running: 0,
    completed: 0,
    pruned: 0,
    failed: 0,
    cancelled: 0,
    total: 0,
    ...counts,
  };
}

export function sweep(overrides: Partial<Sweep__Output> = {}): Sweep__Output {
  return {
    id: SWEEP_ID,
    spec: {
      name: 'mnist-mlp',
      objective: { metric: 'val_accuracy', direction: 'MAXIMIZE' },
      searchSpace: [],
      algorithm: { name: 'random', options: {} },
      budget: { maxTrials: 4, maxFailedTrials: 2 },
      parallelism: 2,
      trial: {
        maxAttempts: 3,
        tfjs: {
          dataset: 'mnist',
          model: 'mlp',
          epochs: 5,
          trainSize: 3000,
          validationSize: 1000,
          fixed: {},
        },
      },
      pruner: { name: 'none', options: {} },
      seed: 42,
    },
    state: 'SWEEP_RUNNING',
    stateReason: '',
    counts: trialCounts(),
    promotedVersion: 0,
    promotionState: 'NONE',
    createdAt: T0,
    finishedAt: '',
    ...overrides,
  };
}

export function trial(number: number, overrides: Partial<Trial__Output> = {}): Trial__Output {
  return {
    id: `22222222-2222-4222-8222-00000000000${number}`,
    sweepId: SWEEP_ID,
    number,
    state: 'QUEUED',
    params: {
      hidden_units: { numberValue: 128, kind: 'numberValue' },
      learning_rate: { numberValue: 0.00312, kind: 'numberValue' },
    },
    attempt: 0,
    workerId: '',
    error: '',
    artifactKey: '',
    artifactDigest: '',
    createdAt: at(number),
    startedAt: '',
    finishedAt: '',
    metrics: [],
    interruption: '',
    ...overrides,
  };
}

/** A Kubernetes pool scaling to 3 workers, one of them stuck waiting for a GPU node. */
export function pool(overrides: Partial<Pool__Output> = {}): Pool__Output {
  return {
    kind: 'kubernetes',
    name: 'hf-workers',
    namespace: 'hyperfleet',
    desired: 3,
    ready: 2,
    pending: 1,
    pendingWorkers: [
      {
        name: 'hf-worker-x7k2p',
        reason: 'Unschedulable',
        message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
        since: at(30),
      },
    ],
    min: 0,
    max: 4,
    demand: 5,
    busy: 2,
    scalable: true,
    reasons: [
      '1 worker pod(s) unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
    ],
    events: [
      {
        id: 12,
        at: at(31),
        type: 'WORKER_PENDING',
        worker: 'hf-worker-x7k2p',
        trialId: '',
        message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
      },
      {
        id: 11,
        at: at(20),
        type: 'WORKER_FAILED',
        worker: 'hf-worker-q9m4d',
        trialId: trial(3).id,
        message: 'worker pod hf-worker-q9m4d OOMKilled (exit 137)',
      },
    ],
    ...overrides,
  };
}

/** The local pool: a fixed number of worker processes, with no limits to set. */
export function localPool(overrides: Partial<Pool__Output> = {}): Pool__Output {
  return pool({
    kind: 'local',
    name: 'local',
    namespace: '',
    desired: 2,
    ready: 2,
    pending: 0,
    pendingWorkers: [],
    min: 2,
    max: 2,
    demand: 1,
    busy: 1,
    scalable: false,
    reasons: [],
    events: [],
    ...overrides,
  });
}

export function event(
  type: SweepEvent__Output['type'],
  sweepState: Sweep__Output,
  trialState?: Trial__Output,
): SweepEvent__Output {
  return {
    type,
    sweepId: sweepState.id,
    sweep: sweepState,
    ...(trialState ? { trial: trialState } : {}),
  };
}

/** Collects what a command writes; `isTTY` makes it pose as a terminal. */
export class Collector {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns = 100,
  ) {}

  write(text: string): boolean {
    this.text += text;
    return true;
  }

  get lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }
}

/** A SweepApi whose calls fail unless a test gives them an answer. */
export function fakeSweeps(overrides: Partial<SweepApi> = {}): SweepApi {
  const unexpected = (name: string) => () => {
    throw new Error(`unexpected call: ${name}`);
  };
  return {
    createSweep: unexpected('createSweep'),
    getSweep: unexpected('getSweep'),
    listSweeps: unexpected('listSweeps'),
    cancelSweep: unexpected('cancelSweep'),
    listTrials: unexpected('listTrials'),
    getTrial: unexpected('getTrial'),
    watchSweep: unexpected('watchSweep'),
    close: () => {},
    ...overrides,
  };
}

export function fakeDeploy(overrides: Partial<DeployApi> = {}): DeployApi {
  return {
    getDeployment: () => Promise.reject(new Error('unexpected call: getDeployment')),
    predict: () => Promise.reject(new Error('unexpected call: predict')),
    close: () => {},
    ...overrides,
  };
}

export function fakePool(overrides: Partial<PoolApi> = {}): PoolApi {
  return {
    getPool: () => Promise.reject(new Error('unexpected call: getPool')),
    setPoolLimits: () => Promise.reject(new Error('unexpected call: setPoolLimits')),
    close: () => {},
    ...overrides,
  };
}

export interface TestIo extends Io {
  stdout: Collector;
  stderr: Collector;
}

export function testIo(
  connectors: Partial<Connectors> = {},
  options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {},
): TestIo {
  return {
    stdout: new Collector(options.tty ?? false),
    stderr: new Collector(),
    env: options.env ?? {},
    signal: new AbortController().signal,
    connectors: {
      sweeps: () => fakeSweeps(),
      deploy: () => fakeDeploy(),
      pool: () => fakePool(),
      ...connectors,
    },
  };
}

/** A gRPC status as grpc-js rejects with it. */
export function serviceError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} STATUS: ${details}`), { code, details, metadata: {} });
}

/** Events as a server stream yields them. */
export async function* stream<T>(items: readonly T[], then?: Error): AsyncGenerator<T> {
  for (const item of items) yield item;
  if (then) throw then;
}
