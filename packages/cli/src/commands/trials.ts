// `hyperfleet trials ...`: a sweep's trial history as a table, and one trial in full.
import type { Command } from 'commander';
import type { ListTrialsResponse__Output, Trial__Output } from '@hyperfleet/proto';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import {
  parseInteger,
  parseOrderBy,
  parseTrialStates,
  type TrialOrder,
  type TrialStateName,
} from '../options.js';
import { INTERRUPTED_LEGEND, trialDetails, trialTable } from '../present/trial-view.js';
import type { Act } from '../program.js';
import { collect } from './collect.js';

/** The server's largest page; --all reads pages of this size. */
export const MAX_PAGE_SIZE = 1000;

export function registerTrialCommands(program: Command, act: Act): void {
  const trials = program.command('trials').description("query a sweep's trial history");

  trials
    .command('list')
    .description("list a sweep's trials: number, state, value, params, attempt, worker, error")
    .argument('<sweep-id>', 'sweep id')
    .option(
      '--state <state>',
      'only trials in this state: queued, running, completed, pruned, failed, cancelled (repeatable, or comma-separated)',
      collect,
    )
    .option(
      '--order-by <key>',
      'number (default) or value (best first, by the objective direction)',
    )
    .option(
      '--limit <n>',
      'at most this many trials (1 to 1000 a page; the server shows 50 when omitted)',
    )
    .option('--page-token <token>', 'continue from a page a previous list named')
    .option('--all', 'read every page (with --limit, stop after that many trials)')
    .action(act(async ({ args: [sweepId], flags, ctx }) => list(ctx, sweepId!, flags)));

  trials
    .command('get')
    .description('show one trial with its per-step metrics')
    .argument('<trial-id>', 'trial id')
    .action(
      act(async ({ args: [id], ctx }) => {
        const trial = await ctx.sweeps.getTrial(id!);
        if (ctx.out.json) ctx.out.document(trial);
        else ctx.out.lines(trialDetails(trial));
      }),
    );
}

interface ListRequest {
  sweepId: string;
  states: TrialStateName[];
  orderBy: TrialOrder;
  all: boolean;
  limit: number | undefined;
  pageToken: string;
}

export function listRequest(sweepId: string, flags: Record<string, unknown>): ListRequest {
  const all = flags.all === true;
  const pageToken = typeof flags.pageToken === 'string' ? flags.pageToken : '';
  if (all && pageToken) {
    throw new UsageError(
      '--page-token',
      'cannot be combined with --all, which reads every page from the first',
    );
  }
  const limit =
    typeof flags.limit === 'string'
      ? parseInteger(flags.limit, '--limit', all ? { min: 1 } : { min: 1, max: MAX_PAGE_SIZE })
      : undefined;
  return {
    sweepId,
    states: parseTrialStates(flags.state as string[]),
    orderBy: parseOrderBy(flags.orderBy as string | undefined),
    all,
    limit,
    pageToken,
  };
}

async function list(ctx: Context, sweepId: string, flags: Record<string, unknown>): Promise<void> {
  const request = listRequest(sweepId, flags);
  const page = await readTrials(ctx, request);

  if (ctx.out.json) return ctx.out.document(page);
  const filter = request.states.length > 0 ? ` in ${request.states.join(', ')}` : '';
  if (page.trials.length === 0) ctx.out.note(`no trials${filter}`);
  else ctx.out.lines(trialTable(page.trials));
  if (page.trials.some((trial) => trial.interruption)) ctx.out.note(INTERRUPTED_LEGEND);
  // The server counts the trials on the first page only (a count costs a scan).
  const shown = request.pageToken ? `${page.trials.length} trials` : `${page.trials.length} of ${page.totalSize} trials`;
  ctx.out.note(
    page.nextPageToken ? `${shown}; more: add --page-token ${page.nextPageToken}` : shown,
  );
}

/** One page, or with --all every page up to --limit trials, merged into one response. */
async function readTrials(ctx: Context, request: ListRequest): Promise<ListTrialsResponse__Output> {
  const { sweepId, states, orderBy, all, limit } = request;
  const trials: Trial__Output[] = [];
  let pageToken = request.pageToken;
  let totalSize = 0;

  for (;;) {
    const wanted = limit === undefined ? undefined : limit - trials.length;
    const pageSize = all ? Math.min(wanted ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE) : (limit ?? 0);
    const page = await ctx.sweeps.listTrials({ sweepId, states, orderBy, pageSize, pageToken });
    if (pageToken === request.pageToken) totalSize = page.totalSize;
    trials.push(...page.trials);
    pageToken = page.nextPageToken;
    const satisfied = limit !== undefined && trials.length >= limit;
    if (!all || !pageToken || satisfied) break;
  }
  return { trials, nextPageToken: pageToken, totalSize };
}
