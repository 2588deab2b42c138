// Reading a process's configuration from its environment: every value is validated, and a
// bad one stops the process with a message naming the variable.

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    rule: string,
    value: string,
  ) {
    super(`${variable}: ${rule} (got "${value}")`);
  }
}

export type Env = Record<string, string | undefined>;

export function envString(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function envInt(env: Env, name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new ConfigError(name, 'must be an integer', raw);
  if (range.min !== undefined && value < range.min) throw new ConfigError(name, `must be >= ${range.min}`, raw);
  if (range.max !== undefined && value > range.max) throw new ConfigError(name, `must be <= ${range.max}`, raw);
  return value;
}

const MAX_PORT = 65_535;

/**
 * A gRPC server address to bind: host:port ([v6]:port for IPv6, port 0 for any free port),
 * or a unix: socket path. Checked here because grpc-js reports a bad one at bind time
 * without naming the variable it came from.
 */
export function envListenAddress(env: Env, name: string, fallback: string): string {
  const raw = envString(env, name, fallback);
  if (raw.startsWith('unix:')) {
    if (raw.length === 'unix:'.length) throw new ConfigError(name, 'must name a socket path after unix:', raw);
    return raw;
  }
  const match = /^(\[[0-9A-Za-z:.%]+\]|[A-Za-z0-9.-]+):([^:]*)$/.exec(raw);
  if (!match) throw new ConfigError(name, 'must be host:port, with an IPv6 host in brackets (e.g. 127.0.0.1:50051, [::1]:50051)', raw);
  const port = match[2]!;
  if (!/^\d+$/.test(port) || Number(port) > MAX_PORT) {
    throw new ConfigError(name, `must end in a port from 0 to ${MAX_PORT}`, raw);
  }
  return raw;
}

export function envBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, 'must be true or false', raw);
}

export function envChoice<T extends string>(env: Env, name: string, fallback: T, choices: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!choices.includes(raw as T)) throw new ConfigError(name, `must be one of ${choices.join(', ')}`, raw);
  return raw as T;
}
