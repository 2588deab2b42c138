// `hyperfleet sweep ...`: submit a spec file, follow a sweep, look sweeps up, cancel one.
import { status } from '@grpc/grpc-js';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { EXIT, exitCodeForSweep, InterruptedError, RemoteError } from '../errors.js';
import { followSweep } from '../follow.js';
import { parseInteger, parseSweepStates } from '../options.js';
import { formatPlain, sweepStateName } from '../present/format.js';
import { outcomePhrase, sweepDetails, sweepTable } from '../present/sweep-view.js';
import type { Act } from '../program.js';
import { readCheckedSpec } from '../spec-check.js';
import { collect } from './collect.js';

export function registerSweepCommands(program: Command, act: Act): void {
  const sweep = program.command('sweep').description('submit, follow, list and cancel sweeps');

  sweep
    .command('submit')
    .description('submit a sweep spec (YAML or JSON); with --watch, follow it to the end')
    .argument('<file>', 'sweep spec file, e.g. examples/mnist-mlp.yaml')
    .option('--watch', 'follow the sweep until it finishes; exit 0 only if it COMPLETED')
    .action(act(async ({ args: [file], flags, ctx }) => submit(ctx, file!, flags.watch === true)));

  sweep
    .command('get')
    .description("show a sweep's spec, counts, best trial and promotion")
    .argument('<id>', 'sweep id')
    .action(
      act(async ({ args: [id], ctx }) => {
        const found = await ctx.sweeps.getSweep(id!);
        if (ctx.out.json) ctx.out.document(found);
        else ctx.out.lines(sweepDetails(found));
      }),
    );

  sweep
    .command('list')
    .description('list sweeps, newest first')
    .option(
      '--state <state>',
      'only sweeps in this state: running, completed, failed, cancelled (repeatable)',
      collect,
    )
    .option('--limit <n>', 'sweeps per page, 1 to 1000 (the server picks when omitted)')
    .option('--page-token <token>', 'continue from a page a previous list named')
    .action(act(async ({ flags, ctx }) => list(ctx, flags)));

  sweep
    .command('cancel')
    .description("stop a sweep's running trials and end it CANCELLED")
    .argument('<id>', 'sweep id')
    .option('--reason <text>', 'why, kept with the sweep')
    .action(
      act(async ({ args: [id], flags, ctx }) => {
        const cancelled = await ctx.sweeps.cancelSweep(
          id!,
          typeof flags.reason === 'string' ? flags.reason : '',
        );
        if (ctx.out.json) return ctx.out.document(cancelled);
        const reason = cancelled.stateReason ? ` (${cancelled.stateReason})` : '';
        ctx.out.line(
          `sweep ${cancelled.id} ${sweepStateName(cancelled.state)}${reason}: ${outcomePhrase(cancelled)}`,
        );
      }),
    );

  sweep
    .command('watch')
    .description('follow a sweep until it finishes; exit 0 only if it COMPLETED')
    .argument('<id>', 'sweep id')
    .action(act(async ({ args: [id], ctx }) => watch(ctx, id!)));
}

async function submit(ctx: Context, file: string, follow: boolean): Promise<number> {
  const spec = await readCheckedSpec(file);
  const created = await ctx.sweeps.createSweep(spec).catch((error: unknown) => {
    // The server judged the spec by newer rules than this CLI knows: point back at the file.
    const rejected = error instanceof RemoteError && error.code === status.INVALID_ARGUMENT;
    throw rejected ? error.withContext(`in the spec file ${file}`) : error;
  });

  if (!ctx.out.json) {
    const planned = created.spec?.budget?.maxTrials;
    ctx.out.line(
      `submitted sweep ${created.id} (${created.spec?.name ?? ''}): ${formatPlain(planned)} trials, seed ${formatPlain(created.spec?.seed)}`,
    );
  }
  if (follow) return watch(ctx, created.id);

  if (ctx.out.json) ctx.out.document(created);
  else ctx.out.note(`follow it with: hyperfleet sweep watch ${created.id}`);
  return EXIT.ok;
}

async function watch(ctx: Context, id: string): Promise<number> {
  try {
    const finished = await followSweep(ctx, id);
    return exitCodeForSweep(finished.state);
  } catch (error) {
    if (!(error instanceof InterruptedError)) throw error;
    ctx.out.note(`stopped watching; the sweep goes on (hyperfleet sweep watch ${id})`);
    return EXIT.interrupted;
  }
}

async function list(ctx: Context, flags: Record<string, unknown>): Promise<void> {
  const states = parseSweepStates(flags.state as string[]);
  const pageSize =
    typeof flags.limit === 'string'
      ? parseInteger(flags.limit, '--limit', { min: 1, max: 1000 })
      : 0;
  const pageToken = typeof flags.pageToken === 'string' ? flags.pageToken : '';
  const page = await ctx.sweeps.listSweeps({ states, pageSize, pageToken });

  if (ctx.out.json) return ctx.out.document(page);
  if (page.sweeps.length === 0) ctx.out.note('no sweeps');
  else ctx.out.lines(sweepTable(page.sweeps));
  if (page.nextPageToken) ctx.out.note(`more sweeps: add --page-token ${page.nextPageToken}`);
}
