// Flags and environment variables in, validated values out. Every rejection is a UsageError
// that names the flag (or variable), the rule and the value, before any call is made.
import { UsageError } from './errors.js';

export const DEFAULT_COORDINATOR = '127.0.0.1:50051';
export const DEFAULT_DEPLOY = '127.0.0.1:50052';

/** The options every command takes, as commander hands them over (all optional strings). */
export interface RawGlobalOptions {
  coordinator?: string;
  deploy?: string;
  token?: string;
  json?: boolean;
}

export interface GlobalOptions {
  coordinator: string;
  deploy: string;
  token?: string;
  json: boolean;
}

export function resolveGlobalOptions(raw: RawGlobalOptions, env: NodeJS.ProcessEnv): GlobalOptions {
  const token = raw.token ?? (env.HYPERFLEET_TOKEN || undefined);
  return {
    coordinator: address(
      raw.coordinator,
      '--coordinator',
      env,
      'HYPERFLEET_COORDINATOR',
      DEFAULT_COORDINATOR,
    ),
    deploy: address(raw.deploy, '--deploy', env, 'HYPERFLEET_DEPLOY', DEFAULT_DEPLOY),
    ...(token ? { token } : {}),
    json: raw.json === true,
  };
}

function address(
  flag: string | undefined,
  flagName: string,
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: string,
): string {
  if (flag !== undefined) return parseAddress(flag, flagName);
  const fromEnv = env[variable];
  if (fromEnv) return parseAddress(fromEnv, variable);
  return fallback;
}

/** HOST:PORT, with an IPv6 host in brackets ([::1]:50051). */
export function parseAddress(value: string, field: string): string {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]/]+):(\d+)$/.exec(value.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65_535) {
    throw new UsageError(field, 'must be HOST:PORT with a port from 1 to 65535', value);
  }
  return `${match[1]}:${port}`;
}

export function parseInteger(
  value: string,
  field: string,
  range: { min: number; max?: number },
): number {
  const number = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  const { min, max = Number.MAX_SAFE_INTEGER } = range;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    const rule =
      max === Number.MAX_SAFE_INTEGER
        ? `must be an integer >= ${min}`
        : `must be an integer from ${min} to ${max}`;
    throw new UsageError(field, rule, value);
  }
  return number;
}

export const TRIAL_STATES = [
  'QUEUED',
  'RUNNING',
  'COMPLETED',
  'PRUNED',
  'FAILED',
  'CANCELLED',
] as const;
export type TrialStateName = (typeof TRIAL_STATES)[number];

export const SWEEP_STATES = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type SweepStateMessage = `SWEEP_${(typeof SWEEP_STATES)[number]}`;

/** Any case, repeated or comma-separated ("--state failed,pruned --state running"). */
export function parseTrialStates(
  values: string[] | undefined,
  field = '--state',
): TrialStateName[] {
  return splitList(values).map((value) => choice(value.toUpperCase(), TRIAL_STATES, field, value));
}

/** "running" or "SWEEP_RUNNING", in any case, to the enum name the API takes. */
export function parseSweepStates(
  values: string[] | undefined,
  field = '--state',
): SweepStateMessage[] {
  return splitList(values).map((value) => {
    const name = value.toUpperCase().replace(/^SWEEP_/, '');
    return `SWEEP_${choice(name, SWEEP_STATES, field, value)}` as const;
  });
}

export type TrialOrder = 'number' | 'value';

export function parseOrderBy(value: string | undefined): TrialOrder {
  if (value === undefined) return 'number';
  return choice(value.toLowerCase(), ['number', 'value'] as const, '--order-by', value);
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

function choice<T extends string>(
  value: string,
  allowed: readonly T[],
  field: string,
  shown: string,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    field,
    `must be one of ${allowed.map((name) => name.toLowerCase()).join(', ')}`,
    shown,
  );
}
