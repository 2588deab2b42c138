// Latency: from a worker publishing a trial's result to it holding its next trial, from the
// workers' own debug lines ("trial result published", "trial received", sub-millisecond
// clock). Two modes: "refill", parallelism = workers, so the next trial exists only once the
// coordinator has stored the result and created and published it (the whole loop); and
// "backlog", twice as many trials in flight as workers, so the next one already waits in
// JetStream (the worker's own ack-and-pull cost). Percentiles per stretch of the history.
import { readFileSync } from 'node:fs';
import { numberFlag, type BenchArgs } from './harness/args.js';
import { startCluster, type BenchCluster } from './harness/cluster.js';
import { verdict, type Output } from './harness/output.js';
import { fixed, round, summarize } from './harness/stats.js';
import { runSweep, storedCounts, syntheticSpec } from './harness/sweeps.js';

export interface LatencyOptions {
  trials: number;
  workers: number;
  workerProcesses: number;
  durationMs: number;
  modes: Array<'refill' | 'backlog'>;
  profile?: boolean;
}

export const TARGET = { p50Ms: 5, p99Ms: 50 };

export interface LatencySample {
  /** Number of the trial received: how much history the sweep had. */
  number: number;
  ms: number;
}

export async function latency(options: LatencyOptions, out: Output) {
  const slots = Math.ceil(options.workers / options.workerProcesses);
  const workers = slots * options.workerProcesses;
  const cluster = await startCluster({
    workers: { processes: options.workerProcesses, slots, logLevel: 'debug' },
    coordinatorLogLevel: 'debug',
    profile: options.profile,
  });
  const results: Array<{
    mode: string;
    samples: LatencySample[];
    fromDatabase: number[];
    completed: number;
    trials: number;
  }> = [];
  try {
    out.note(
      `latency: result published -> next trial held, per worker; ${options.trials} trials of ${options.durationMs} ms, ` +
        `${workers} workers (${options.workerProcesses} processes x ${slots} slots)`,
    );
    for (const mode of options.modes) {
      const parallelism = mode === 'refill' ? workers : workers * 2;
      const spec = syntheticSpec({
        name: `latency-${mode}`,
        trials: options.trials,
        parallelism,
        durationMs: options.durationMs,
        steps: 1,
      });
      const run = await runSweep(cluster, spec, Math.max(120_000, options.trials * 200));
      const stored = await storedCounts(cluster, run.sweepId);
      const samples = fromWorkerLogs(cluster, run.sweepId);
      const fromDatabase = await fromTimestamps(cluster, run.sweepId);
      results.push({
        mode,
        samples,
        fromDatabase,
        completed: stored.states.COMPLETED ?? 0,
        trials: stored.trials,
      });
      report(out, mode, samples, fromDatabase, options.trials, stored.states.COMPLETED ?? 0);
      const parts = breakdown(cluster, run.sweepId);
      if (parts) {
        out.row(
          {
            kind: 'breakdown',
            mode,
            resultToStoredP50Ms: round(parts.resultToStored.p50),
            createdToReceivedP50Ms: round(parts.createdToReceived.p50),
          },
          `    where it goes (p50): result published -> stored by the coordinator ${fixed(parts.resultToStored.p50, 1)} ms ` +
            `(p99 ${fixed(parts.resultToStored.p99, 1)}); next trial created -> received by a worker ${fixed(parts.createdToReceived.p50, 1)} ms ` +
            `(p99 ${fixed(parts.createdToReceived.p99, 1)}); the rest is the coordinator between storing and creating`,
        );
      }
    }
  } finally {
    await cluster.stop();
  }
  const refill = results.find((r) => r.mode === 'refill');
  if (refill) {
    const { p50, p99 } = summarize(refill.samples.map((s) => s.ms));
    const pass = p50 <= TARGET.p50Ms && p99 <= TARGET.p99Ms;
    out.row(
      {
        kind: 'target',
        mode: 'refill',
        p50Ms: round(p50),
        p99Ms: round(p99),
        target: TARGET,
        pass,
      },
      `  target p50 <= ${TARGET.p50Ms} ms, p99 <= ${TARGET.p99Ms} ms (refill): p50 ${fixed(p50, 2)}, p99 ${fixed(p99, 2)} ${verdict(pass)}`,
    );
  }
  return { results };
}

function report(
  out: Output,
  mode: string,
  samples: LatencySample[],
  fromDatabase: number[],
  trials: number,
  completed: number,
) {
  const all = summarize(samples.map((s) => s.ms));
  const db = summarize(fromDatabase);
  out.row(
    {
      kind: 'hyperfleet',
      mode,
      trials,
      completed,
      samples: all.count,
      p50Ms: round(all.p50),
      p90Ms: round(all.p90),
      p99Ms: round(all.p99),
      maxMs: round(all.max),
      dbP50Ms: round(db.p50),
      dbP99Ms: round(db.p99),
    },
    `  ${mode.padEnd(7)} p50 ${fixed(all.p50, 2)} ms, p90 ${fixed(all.p90, 2)}, p99 ${fixed(all.p99, 2)}, max ${fixed(all.max, 1)} ` +
      `over ${all.count} hand-overs; ${completed}/${trials} completed ` +
      `(database view, stored finish -> next start: p50 ${fixed(db.p50, 1)}, p99 ${fixed(db.p99, 1)})`,
  );
  // The same figure along the sweep: a cost that grows with the history shows up here.
  for (const [from, to] of [
    [0, 0.25],
    [0.25, 0.5],
    [0.5, 1],
  ] as const) {
    const low = Math.floor(trials * from);
    const high = Math.floor(trials * to);
    const part = summarize(
      samples.filter((s) => s.number >= low && s.number < high).map((s) => s.ms),
    );
    out.row(
      {
        kind: 'stretch',
        mode,
        fromTrial: low,
        toTrial: high - 1,
        samples: part.count,
        p50Ms: round(part.p50),
        p99Ms: round(part.p99),
      },
      `    trials ${String(low).padStart(5)}-${String(high - 1).padEnd(5)} p50 ${fixed(part.p50, 2)} ms, p99 ${fixed(part.p99, 2)} ms`,
    );
  }
}

interface LogLine {
  msg: string;
  sweepId?: string;
  workerId?: string;
  number?: number;
  atMs?: number;
}

/** Pairs each worker slot's "result published" with the "trial received" that follows it. */
export function fromWorkerLogs(cluster: BenchCluster, sweepId: string): LatencySample[] {
  const bySlot = new Map<string, LogLine[]>();
  for (const worker of cluster.workers) {
    for (const text of readFileSync(worker.logFile, 'utf8').split('\n')) {
      if (!text.includes('"trial re')) continue;
      const line = JSON.parse(text) as LogLine;
      if (line.sweepId !== sweepId || line.atMs === undefined || line.workerId === undefined)
        continue;
      if (line.msg !== 'trial received' && line.msg !== 'trial result published') continue;
      const list = bySlot.get(line.workerId) ?? [];
      list.push(line);
      bySlot.set(line.workerId, list);
    }
  }
  const samples: LatencySample[] = [];
  for (const lines of bySlot.values()) {
    lines.sort((a, b) => a.atMs! - b.atMs!);
    for (let i = 1; i < lines.length; i++) {
      const [before, after] = [lines[i - 1]!, lines[i]!];
      if (before.msg === 'trial result published' && after.msg === 'trial received') {
        samples.push({ number: after.number ?? 0, ms: after.atMs! - before.atMs! });
      }
    }
  }
  return samples;
}

/**
 * The hand-over in parts, from the coordinator's log lines ("trial finished", debug "trials
 * created"; millisecond clock) between the workers' ones. Undefined when those lines are
 * missing, e.g. after the coordinator's messages change.
 */
function breakdown(cluster: BenchCluster, sweepId: string) {
  const stored = new Map<string, number>();
  const created = new Map<number, number>();
  for (const text of readFileSync(cluster.coordinator.logFile, 'utf8').split('\n')) {
    if (!text.includes('"trial finished"') && !text.includes('"trials created"')) continue;
    const line = JSON.parse(text) as {
      msg: string;
      time: string;
      sweepId?: string;
      trialId?: string;
      first?: number;
      count?: number;
    };
    if (line.sweepId !== sweepId) continue;
    const at = Date.parse(line.time);
    if (line.msg === 'trial finished' && line.trialId) stored.set(line.trialId, at);
    if (line.msg === 'trials created' && line.first !== undefined) {
      for (let i = 0; i < (line.count ?? 1); i++) created.set(line.first + i, at);
    }
  }
  if (stored.size === 0 || created.size === 0) return undefined;

  const resultToStored: number[] = [];
  const createdToReceived: number[] = [];
  for (const worker of cluster.workers) {
    for (const text of readFileSync(worker.logFile, 'utf8').split('\n')) {
      if (!text.includes('"trial re')) continue;
      const line = JSON.parse(text) as LogLine & { trialId?: string };
      if (line.sweepId !== sweepId || line.atMs === undefined) continue;
      const storedAt = line.trialId === undefined ? undefined : stored.get(line.trialId);
      if (line.msg === 'trial result published' && storedAt !== undefined)
        resultToStored.push(storedAt - line.atMs);
      const createdAt = line.number === undefined ? undefined : created.get(line.number);
      if (line.msg === 'trial received' && createdAt !== undefined)
        createdToReceived.push(line.atMs - createdAt);
    }
  }
  return {
    resultToStored: summarize(resultToStored),
    createdToReceived: summarize(createdToReceived),
  };
}

/** The coarser view from PostgreSQL: a trial's stored finish to the next start on that worker. */
async function fromTimestamps(cluster: BenchCluster, sweepId: string): Promise<number[]> {
  const rows = await cluster.db.query<{ gap_ms: number }>(
    `SELECT extract(epoch FROM started_at - lag(finished_at) OVER w)::float8 * 1000 AS gap_ms
     FROM trials WHERE sweep_id = $1 AND started_at IS NOT NULL
     WINDOW w AS (PARTITION BY worker_id ORDER BY started_at)`,
    [sweepId],
  );
  return rows.map((r) => r.gap_ms).filter((ms) => ms !== null && Number.isFinite(ms));
}

export function latencyFromArgs(args: BenchArgs, out: Output) {
  return latency(
    {
      trials: numberFlag(args, 'trials', args.quick ? 200 : 1000),
      workers: numberFlag(args, 'workers', 8),
      workerProcesses: numberFlag(args, 'worker-processes', 2),
      durationMs: numberFlag(args, 'duration-ms', 20),
      modes: (args.values.get('modes') ?? 'refill,backlog').split(',') as LatencyOptions['modes'],
      profile: args.values.has('profile'),
    },
    out,
  );
}
