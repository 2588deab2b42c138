// Pages of a sweep's trials, each one an index range however deep it lies in the history:
// by number on (sweep_id, number), by value on (sweep_id, value, number) with a row
// comparison, then the trials without a value by number. Values in tokens travel as exact
// text: a float parameter loses digits on the way, and a page would repeat rows.
import { Prisma } from './generated/client.js';
import type { Database } from './client.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { trialFromRaw, type RawTrialRow } from './trial-rows.js';
import type { ListTrialsOptions, TrialRow } from './trial-store.js';

interface Position extends Record<string, unknown> {
  o: 'number' | 'value';
  n: number;
  /** The last value as exact text, or null once the page is among trials without a value. */
  v: string | null;
}

export async function listTrialPage(db: Database, options: ListTrialsOptions) {
  const { sweep, states, orderBy, pageSize } = options;
  const after = decodePageToken(options.pageToken, (p): p is Position => p.o === orderBy && isPosition(p));
  const stateFilter = states.length > 0 ? Prisma.sql`AND state = ANY(${states}::"TrialState"[])` : Prisma.empty;
  const take = pageSize + 1;

  let raw: RawTrialRow[];
  if (orderBy === 'number') {
    raw = await db.$queryRaw<RawTrialRow[]>`
      SELECT * FROM trials WHERE sweep_id = ${sweep.id}::uuid ${stateFilter} AND number > ${after?.n ?? -1}
      ORDER BY number LIMIT ${take}`;
  } else {
    // Best first: ascending for minimize; for maximize the same index read backwards.
    const ascending = sweep.direction === 'MINIMIZE';
    raw = [];
    if (!after || after.v !== null) {
      const keyset = after
        ? ascending
          ? Prisma.sql`AND (value, number) > (${after.v}::float8, ${after.n})`
          : Prisma.sql`AND (value, number) < (${after.v}::float8, ${after.n})`
        : Prisma.empty;
      const order = ascending ? Prisma.sql`ORDER BY value, number` : Prisma.sql`ORDER BY value DESC, number DESC`;
      raw = await db.$queryRaw<RawTrialRow[]>`
        SELECT * FROM trials WHERE sweep_id = ${sweep.id}::uuid ${stateFilter} AND value IS NOT NULL ${keyset}
        ${order} LIMIT ${take}`;
    }
    if (raw.length < take) {
      const fromNumber = after && after.v === null ? after.n : -1;
      const rest = await db.$queryRaw<RawTrialRow[]>`
        SELECT * FROM trials WHERE sweep_id = ${sweep.id}::uuid ${stateFilter} AND value IS NULL AND number > ${fromNumber}
        ORDER BY number LIMIT ${take - raw.length}`;
      raw = raw.concat(rest);
    }
  }

  const trials: TrialRow[] = raw.slice(0, pageSize).map(trialFromRaw);
  const last = trials.at(-1);
  const nextPageToken =
    raw.length > pageSize && last
      ? encodePageToken({ o: orderBy, n: last.number, v: last.value === null ? null : String(last.value) } satisfies Position)
      : '';
  // Counting is a scan of the sweep's trials: done once, for the first page.
  const totalSize = options.pageToken === '' ? await countTrials(db, sweep.id, stateFilter) : 0;
  return { trials, nextPageToken, totalSize };
}

/** trials.number is int4: a larger number would fail in PostgreSQL as INTERNAL, not here. */
const MAX_TRIAL_NUMBER = 2 ** 31 - 1;

/**
 * Only what encodePageToken can have written: a trial number, and a value as String() of a
 * finite float8. Anything else in a forged token would reach the query and fail there.
 */
function isPosition(p: Record<string, unknown>): boolean {
  if (!Number.isInteger(p.n) || (p.n as number) < 0 || (p.n as number) > MAX_TRIAL_NUMBER) return false;
  if (p.v === null) return true;
  return typeof p.v === 'string' && Number.isFinite(Number(p.v)) && String(Number(p.v)) === p.v;
}

async function countTrials(db: Database, sweepId: string, stateFilter: Prisma.Sql): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM trials WHERE sweep_id = ${sweepId}::uuid ${stateFilter}`;
  return row?.n ?? 0;
}
