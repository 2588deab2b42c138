// What a command runs with: validated global options, the output, and clients of the
// services. Clients open on first use, so that `deploy get` never dials the coordinator,
// and every error they raise is tagged with the service and address it came from.
import { DeployClient, PoolClient, SweepClient, type ConnectionOptions } from '@hyperfleet/client';
import { toRemoteError, type ServiceTarget } from './errors.js';
import type { GlobalOptions } from './options.js';
import type { Output } from './output.js';

/** The calls the CLI makes; tests hand in scripted stand-ins of this shape. */
export type SweepApi = Pick<
  SweepClient,
  | 'createSweep'
  | 'getSweep'
  | 'listSweeps'
  | 'cancelSweep'
  | 'listTrials'
  | 'getTrial'
  | 'watchSweep'
  | 'close'
>;
export type DeployApi = Pick<DeployClient, 'getDeployment' | 'predict' | 'close'>;
export type PoolApi = Pick<PoolClient, 'getPool' | 'setPoolLimits' | 'close'>;

export interface Connectors {
  sweeps(options: ConnectionOptions): SweepApi;
  deploy(options: ConnectionOptions): DeployApi;
  /** The coordinator's PoolService, at the same address as the sweeps. */
  pool(options: ConnectionOptions): PoolApi;
}

export const GRPC_CONNECTORS: Connectors = {
  sweeps: (options) => new SweepClient(options),
  deploy: (options) => new DeployClient(options),
  pool: (options) => new PoolClient(options),
};

export class Context {
  private sweepClient?: SweepApi;
  private deployClient?: DeployApi;
  private poolClient?: PoolApi;

  constructor(
    readonly options: GlobalOptions,
    readonly out: Output,
    readonly env: NodeJS.ProcessEnv,
    /** Aborted on Ctrl-C; long-running commands stop at it. */
    readonly signal: AbortSignal,
    private readonly connectors: Connectors = GRPC_CONNECTORS,
  ) {}

  get coordinatorTarget(): ServiceTarget {
    return { service: 'coordinator', address: this.options.coordinator };
  }

  get deployTarget(): ServiceTarget {
    return { service: 'deploy service', address: this.options.deploy };
  }

  get sweeps(): SweepApi {
    this.sweepClient ??= tagErrors(
      this.connectors.sweeps(this.connection(this.options.coordinator)),
      this.coordinatorTarget,
    );
    return this.sweepClient;
  }

  get deploy(): DeployApi {
    this.deployClient ??= tagErrors(
      this.connectors.deploy(this.connection(this.options.deploy)),
      this.deployTarget,
    );
    return this.deployClient;
  }

  get pool(): PoolApi {
    this.poolClient ??= tagErrors(
      this.connectors.pool(this.connection(this.options.coordinator)),
      this.coordinatorTarget,
    );
    return this.poolClient;
  }

  /** Closes the channels, so that nothing keeps the process alive once a command is done. */
  close(): void {
    this.sweepClient?.close();
    this.deployClient?.close();
    this.poolClient?.close();
  }

  // TODO(no --tls-ca/--tls-cert flags yet: the services can now serve TLS, the CLI only plaintext)
  private connection(address: string): ConnectionOptions {
    return { address, ...(this.options.token ? { token: this.options.token } : {}) };
  }
}

/** Wraps each method so that a rejected promise or a failing stream throws a RemoteError. */
export function tagErrors<T extends object>(client: T, target: ServiceTarget): T {
  return new Proxy(client, {
    get(object, key, receiver) {
      const member: unknown = Reflect.get(object, key, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const result: unknown = member.apply(object, args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => Promise.reject(toRemoteError(error, target)));
        }
        if (isAsyncIterable(result)) return tagStream(result, target);
        return result;
      };
    },
  });
}

async function* tagStream<T>(stream: AsyncIterable<T>, target: ServiceTarget): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (error) {
    throw toRemoteError(error, target);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
