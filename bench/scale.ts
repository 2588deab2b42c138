// Scale: many sweeps at once on a simulated fleet (worker slots), the coordinator's peak
// memory while they run, and the cost of reading a large history through ListTrials: the
// top 20 by objective, and every page of 100 from first to last, by number and by value.
// The history is bulk-inserted with SQL into one finished sweep, to keep the run short.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SweepClient } from '@hyperfleet/client';
import { listFlag, numberFlag, type BenchArgs } from './harness/args.js';
import { startCluster, type BenchCluster } from './harness/cluster.js';
import { verdict, type Output } from './harness/output.js';
import { fixed, round, roundAll, summarize } from './harness/stats.js';
import { syntheticSpec } from './harness/sweeps.js';

export interface ScaleOptions {
  sweepCounts: number[];
  inFlight: number;
  trialsPerSweep: number;
  durationMs: number;
  steps: number;
  slotsPerProcess: number;
  historySizes: number[];
  pageSize: number;
  profile?: boolean;
}

export const TARGET = { peakRssMb: 500, top20Ms: 50, pageMs: 50 };

export interface ConcurrentRun {
  sweeps: number;
  workers: number;
  peakRssMb: number;
  peakInFlight: number;
  peakRunning: number;
  wallSeconds: number;
  finishedSweeps: number;
  completedTrials: number;
  expectedTrials: number;
  metrics: number;
  expectedMetrics: number;
}

export interface HistoryRun {
  historySize: number;
  top20P50Ms: number;
  top20MaxMs: number;
  top20Correct: boolean;
  byNumber: PageWalk;
  byValue: PageWalk;
}

export interface PageWalk {
  pages: number;
  rows: number;
  ordered: boolean;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  slowestPage: number;
}

export async function scale(options: ScaleOptions, out: Output) {
  out.note(
    `scale: sweeps at once with ${options.inFlight} trials in flight each, ${options.trialsPerSweep} trials per sweep ` +
      `of ${options.durationMs} ms (${options.steps} reports), one worker slot per trial in flight`,
  );
  const concurrent: ConcurrentRun[] = [];
  let history: HistoryRun[] = [];
  const largest = Math.max(...options.sweepCounts);
  for (const sweeps of options.sweepCounts) {
    const total = sweeps * options.inFlight;
    const processes = Math.ceil(total / options.slotsPerProcess);
    const cluster = await startCluster({
      workers: { processes, slots: Math.ceil(total / processes) },
      profile: options.profile && sweeps === largest,
    });
    try {
      const run = await concurrentSweeps(cluster, sweeps, options);
      concurrent.push(run);
      out.row(
        { kind: 'concurrent', ...roundAll(run), target: TARGET.peakRssMb },
        `  ${String(sweeps).padStart(4)} sweeps (${run.workers} workers): coordinator peak RSS ${fixed(run.peakRssMb, 0)} MB; ` +
          `peak ${run.peakInFlight} trials in flight (${run.peakRunning} running); ${fixed(run.wallSeconds)} s; ` +
          `${run.finishedSweeps}/${sweeps} sweeps finished, ${run.completedTrials}/${run.expectedTrials} trials completed, ` +
          `${run.metrics}/${run.expectedMetrics} reports stored`,
      );
      if (sweeps === largest) {
        await cluster.stopWorkers();
        history = await histories(cluster, options, out);
      }
    } finally {
      await cluster.stop();
    }
  }

  const big = concurrent.find((run) => run.sweeps === largest);
  const deepest = history.at(-1);
  if (big) {
    const pass = big.peakRssMb <= TARGET.peakRssMb;
    out.row(
      {
        kind: 'target',
        figure: 'peakRssMb',
        sweeps: big.sweeps,
        value: round(big.peakRssMb),
        target: TARGET.peakRssMb,
        pass,
      },
      `  target coordinator peak RSS <= ${TARGET.peakRssMb} MB at ${big.sweeps} sweeps: ${fixed(big.peakRssMb, 0)} ${verdict(pass)}`,
    );
  }
  if (deepest) {
    const top = deepest.top20P50Ms <= TARGET.top20Ms;
    const pageMax = Math.max(deepest.byNumber.maxMs, deepest.byValue.maxMs);
    const pages = pageMax <= TARGET.pageMs;
    out.row(
      {
        kind: 'target',
        figure: 'top20Ms',
        historySize: deepest.historySize,
        value: round(deepest.top20P50Ms),
        target: TARGET.top20Ms,
        pass: top,
      },
      `  target top-20 <= ${TARGET.top20Ms} ms at ${deepest.historySize} trials: p50 ${fixed(deepest.top20P50Ms, 1)} ${verdict(top)}`,
    );
    out.row(
      {
        kind: 'target',
        figure: 'pageMaxMs',
        historySize: deepest.historySize,
        value: round(pageMax),
        target: TARGET.pageMs,
        pass: pages,
      },
      `  target a page of ${options.pageSize} <= ${TARGET.pageMs} ms anywhere: slowest ${fixed(pageMax, 1)} ms ${verdict(pages)}`,
    );
  }
  return { concurrent, history };
}

async function concurrentSweeps(
  cluster: BenchCluster,
  count: number,
  options: ScaleOptions,
): Promise<ConcurrentRun> {
  const workers = cluster.workers.length;
  let peakInFlight = 0;
  let peakRunning = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const rows = await cluster.db.query<{ state: string; n: number }>(
        "SELECT state::text, count(*)::int AS n FROM trials WHERE state IN ('QUEUED', 'RUNNING') GROUP BY state",
      );
      const running = rows.find((r) => r.state === 'RUNNING')?.n ?? 0;
      peakRunning = Math.max(peakRunning, running);
      peakInFlight = Math.max(
        peakInFlight,
        rows.reduce((sum, r) => sum + r.n, 0),
      );
      await sleep(500);
    }
  })();

  const started = Date.now();
  const ids: string[] = [];
  const spec = (i: number) =>
    syntheticSpec({
      name: `scale-${i}`,
      trials: options.trialsPerSweep,
      parallelism: options.inFlight,
      durationMs: options.durationMs,
      steps: options.steps,
      seed: i + 1,
    });
  // Submitted ten at a time, as a few busy users would.
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) =>
      cluster.sweeps.createSweep(spec(i + j)),
    );
    ids.push(...(await Promise.all(batch)).map((sweep) => sweep.id));
  }
  const timeoutMs = 300_000 + options.durationMs * options.trialsPerSweep * 4;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await cluster.db.query<{ running: number }>(
      "SELECT count(*)::int AS running FROM sweeps WHERE state = 'RUNNING'",
    );
    if (row!.running === 0) break;
    if (Date.now() > deadline)
      throw new Error(`${row!.running} sweeps still running after ${timeoutMs} ms`);
    await sleep(500);
  }
  const wallSeconds = (Date.now() - started) / 1000;
  sampling = false;
  await sampler;

  const [totals] = await cluster.db.query<{ finished: number; completed: number; metrics: number }>(
    `SELECT (SELECT count(*) FROM sweeps WHERE state = 'COMPLETED')::int AS finished,
            (SELECT count(*) FROM trials WHERE state = 'COMPLETED')::int AS completed,
            (SELECT count(*) FROM trial_metrics)::int AS metrics`,
  );
  const expectedTrials = count * options.trialsPerSweep;
  return {
    sweeps: count,
    workers: workers * Math.ceil((count * options.inFlight) / workers),
    peakRssMb: cluster.coordinator.memory().peakRssMb,
    peakInFlight,
    peakRunning,
    wallSeconds,
    finishedSweeps: totals!.finished,
    completedTrials: totals!.completed,
    expectedTrials,
    metrics: totals!.metrics,
    expectedMetrics: expectedTrials * options.steps,
  };
}

/** Grows one finished sweep's history to each size and reads it through the API. */
async function histories(
  cluster: BenchCluster,
  options: ScaleOptions,
  out: Output,
): Promise<HistoryRun[]> {
  const [sweep] = await cluster.db.query<{ id: string }>(
    `INSERT INTO sweeps (id, name, spec, state, seed, objective_metric, direction, max_trials, max_failed_trials,
                         parallelism, trials_created, created_at, updated_at, finished_at)
     SELECT gen_random_uuid(), 'history', spec, 'COMPLETED', seed, objective_metric, direction, $1, $1,
            parallelism, $1, now(), now(), now()
     FROM sweeps ORDER BY created_at LIMIT 1
     RETURNING id`,
    [Math.max(...options.historySizes)],
  );
  const runs: HistoryRun[] = [];
  let inserted = 0;
  for (const size of options.historySizes) {
    await insertHistory(cluster, sweep!.id, inserted, size);
    inserted = size;
    const run = await readHistory(cluster.sweeps, cluster, sweep!.id, size, options.pageSize);
    runs.push(run);
    const walk = (name: string, w: PageWalk) =>
      `${name} p50 ${fixed(w.p50Ms, 1)} ms, p99 ${fixed(w.p99Ms, 1)}, max ${fixed(w.maxMs, 1)} (page ${w.slowestPage})`;
    out.row(
      {
        kind: 'history',
        ...run,
        top20P50Ms: round(run.top20P50Ms),
        top20MaxMs: round(run.top20MaxMs),
        byNumber: roundAll(run.byNumber),
        byValue: roundAll(run.byValue),
      },
      `  history ${String(size).padStart(6)} trials: top-20 by value p50 ${fixed(run.top20P50Ms, 1)} ms (max ${fixed(run.top20MaxMs, 1)})` +
        `${run.top20Correct ? '' : ' WRONG ORDER'}; pages of ${options.pageSize}: ${walk('by number', run.byNumber)}; ` +
        `${walk('by value', run.byValue)}; ${run.byNumber.rows}/${size} and ${run.byValue.rows}/${size} rows` +
        `${run.byNumber.ordered && run.byValue.ordered ? ', in order' : ', OUT OF ORDER'}`,
    );
  }
  return runs;
}

/**
 * Trials numbered from..to-1: one in twenty FAILED without a value, the rest COMPLETED with
 * values spread by the golden ratio: full-precision doubles, the same on every run.
 */
async function insertHistory(
  cluster: BenchCluster,
  sweepId: string,
  from: number,
  to: number,
): Promise<void> {
  await cluster.db.query(
    `INSERT INTO trials (id, sweep_id, number, state, params, attempt, worker_id, dispatched_at, value, last_step,
                         error, created_at, started_at, finished_at, updated_at)
     SELECT gen_random_uuid(), $1, n,
            (CASE WHEN n % 20 = 7 THEN 'FAILED' ELSE 'COMPLETED' END)::"TrialState",
            jsonb_build_object('x0', random() * 10 - 5, 'x1', random() * 10 - 5, 'x2', random() * 10 - 5,
                               'x3', random() * 10 - 5, 'lr', power(10, random() * -4 - 1), 'act', 'relu'),
            1, 'bench-history', now(), CASE WHEN n % 20 = 7 THEN NULL ELSE (n * 0.6180339887498949::float8 - floor(n * 0.6180339887498949::float8)) * 100 END, 1,
            CASE WHEN n % 20 = 7 THEN 'synthetic failure' END, now(), now(), now(), now()
     FROM generate_series($2::int, $3::int - 1) AS n`,
    [sweepId, from, to],
  );
  // A bulk load outruns autovacuum; a history that grew trial by trial would be analyzed.
  await cluster.db.query('ANALYZE trials');
}

async function readHistory(
  sweeps: SweepClient,
  cluster: BenchCluster,
  sweepId: string,
  size: number,
  pageSize: number,
): Promise<HistoryRun> {
  const [best] = await cluster.db.query<{ values: number[] }>(
    'SELECT array_agg(value ORDER BY value, number) AS values FROM (SELECT value, number FROM trials WHERE sweep_id = $1 AND value IS NOT NULL ORDER BY value, number LIMIT 20) t',
    [sweepId],
  );
  const top: number[] = [];
  let correct = true;
  for (let i = 0; i < 22; i++) {
    const started = performance.now();
    const page = await sweeps.listTrials({ sweepId, orderBy: 'value', pageSize: 20 });
    const ms = performance.now() - started;
    if (i >= 2) top.push(ms); // the first two warm the connection and the plan cache
    correct &&=
      page.trials.length === 20 && page.trials.every((t, j) => t.value === best!.values[j]);
  }
  const topStats = summarize(top);
  return {
    historySize: size,
    top20P50Ms: topStats.p50,
    top20MaxMs: topStats.max,
    top20Correct: correct,
    byNumber: await walk(sweeps, sweepId, 'number', pageSize),
    byValue: await walk(sweeps, sweepId, 'value', pageSize),
  };
}

/** Every page from the first to the last, following the page tokens; times each one. */
async function walk(
  sweeps: SweepClient,
  sweepId: string,
  orderBy: 'number' | 'value',
  pageSize: number,
): Promise<PageWalk> {
  const times: number[] = [];
  let token = '';
  let rows = 0;
  let ordered = true;
  let previous: { number: number; value: number | undefined } | undefined;
  do {
    const started = performance.now();
    const page = await sweeps.listTrials({ sweepId, orderBy, pageSize, pageToken: token });
    times.push(performance.now() - started);
    for (const trial of page.trials) {
      if (previous) ordered &&= inOrder(previous, trial, orderBy);
      previous = { number: trial.number, value: trial.value };
    }
    rows += page.trials.length;
    token = page.nextPageToken;
  } while (token !== '');
  const stats = summarize(times);
  return {
    pages: times.length,
    rows,
    ordered,
    p50Ms: stats.p50,
    p99Ms: stats.p99,
    maxMs: stats.max,
    slowestPage: times.indexOf(stats.max) + 1,
  };
}

/** Ascending number; or ascending value (a minimized objective), ties by number, no value last. */
function inOrder(
  a: { number: number; value: number | undefined },
  b: { number: number; value?: number },
  orderBy: string,
): boolean {
  if (orderBy === 'number') return b.number === a.number + 1;
  if (a.value === undefined) return b.value === undefined && b.number > a.number;
  if (b.value === undefined) return true;
  return b.value > a.value || (b.value === a.value && b.number > a.number);
}

export function scaleFromArgs(args: BenchArgs, out: Output) {
  const quick = args.quick;
  return scale(
    {
      sweepCounts: listFlag(args, 'sweeps', quick ? [10, 25, 50] : [25, 50, 100]),
      inFlight: numberFlag(args, 'in-flight', 10),
      trialsPerSweep: numberFlag(args, 'trials-per-sweep', quick ? 20 : 30),
      durationMs: numberFlag(args, 'duration-ms', 5_000),
      steps: numberFlag(args, 'steps', 5),
      slotsPerProcess: numberFlag(args, 'slots-per-process', 250),
      historySizes: listFlag(
        args,
        'history',
        quick ? [1_000, 3_000, 10_000] : [10_000, 30_000, 100_000],
      ),
      pageSize: numberFlag(args, 'page-size', 100),
      profile: args.values.has('profile'),
    },
    out,
  );
}
