// `hyperfleet pool ...`: the coordinator's worker pool (what it wants, has and waits for,
// and why), and the bounds it scales within.
import { status } from '@grpc/grpc-js';
import type { Command } from 'commander';
import type { Pool__Output } from '@hyperfleet/proto';
import type { Context } from '../context.js';
import { CliError, EXIT, RemoteError, UsageError } from '../errors.js';
import { parseInteger } from '../options.js';
import { poolDetails } from '../present/pool-view.js';
import type { Act } from '../program.js';

/** The server's own default and cap on recent events; 0 would also mean 20 to it. */
export const EVENTS = { default: 20, max: 200 };

// The wire type of both limits; protobufjs would wrap a larger number, not reject it.
const INT32_MAX = 2_147_483_647;

export interface PoolLimitsRequest {
  min?: number;
  max?: number;
}

export function registerPoolCommands(program: Command, act: Act): void {
  const pool = program
    .command('pool')
    .description("inspect the coordinator's worker pool and set its limits");

  pool
    .command('get')
    .description('show desired, ready and pending workers, why, and recent events (newest first)')
    .option('--events <n>', `recent events to show, 1 to ${EVENTS.max} (default ${EVENTS.default})`)
    .action(
      act(async ({ flags, ctx }) => {
        // Read before `ctx.pool`, which opens the client: a bad flag never dials.
        const limit = eventLimit(flags);
        show(ctx, await ctx.pool.getPool(limit));
      }),
    );

  pool
    .command('set-limits')
    .description('set the least and most workers the pool scales to; an omitted bound is kept')
    .option('--min <n>', 'least workers, kept even with nothing to run (0 lets the pool empty)')
    .option('--max <n>', 'most workers, at least 1')
    .action(act(async ({ flags, ctx }) => setLimits(ctx, limitsRequest(flags))));
}

export function eventLimit(flags: Record<string, unknown>): number {
  if (typeof flags.events !== 'string') return EVENTS.default;
  return parseInteger(flags.events, '--events', { min: 1, max: EVENTS.max });
}

/**
 * The bounds given, each checked on its own. How they relate (min <= max, max >= 1, the
 * largest pool) is the coordinator's rule, checked there against the bound it keeps.
 */
export function limitsRequest(flags: Record<string, unknown>): PoolLimitsRequest {
  const request: PoolLimitsRequest = {};
  for (const bound of ['min', 'max'] as const) {
    const value = flags[bound];
    if (typeof value === 'string') {
      request[bound] = parseInteger(value, `--${bound}`, { min: 0, max: INT32_MAX });
    }
  }
  if (request.min === undefined && request.max === undefined) {
    throw new UsageError('--min, --max', 'give at least one of them');
  }
  return request;
}

async function setLimits(ctx: Context, request: PoolLimitsRequest): Promise<void> {
  const updated = await ctx.pool.setPoolLimits(request).catch((error: unknown) => {
    // A local or none pool has a fixed size: the request cannot apply here, however often
    // it is retried, so it reads as a wrong request (exit 2), not as a failure.
    if (error instanceof RemoteError && error.code === status.FAILED_PRECONDITION) {
      throw new CliError(error.details, EXIT.badRequest, { cause: error });
    }
    throw error;
  });
  show(ctx, updated);
}

function show(ctx: Context, pool: Pool__Output): void {
  if (ctx.out.json) ctx.out.document(pool);
  else ctx.out.lines(poolDetails(pool));
}
