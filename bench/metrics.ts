// Metric ingestion: intermediate reports stored in PostgreSQL per second, sustained, with
// many trials reporting at once, each as fast as its worker can publish (a 1 ms pause per
// step by default). Printed beside the stored rate: the rate the workers published at and
// the backlog when the load stopped, which tell whether ingestion or the load was the
// limit. Then the workers stop, the backlog drains, and every report is accounted for: the
// event stream (it keeps every message a worker published) must carry exactly as many
// progress reports as trial_metrics holds rows.
import { setTimeout as sleep } from 'node:timers/promises';
import { listFlag, numberFlag, type BenchArgs } from './harness/args.js';
import { startCluster, type BenchCluster } from './harness/cluster.js';
import { verdict, type Output } from './harness/output.js';
import { fixed, quantile, round, roundAll } from './harness/stats.js';
import { storedCounts, syntheticSpec } from './harness/sweeps.js';
import { decodeWorkerEvent } from '@hyperfleet/transport';

export interface MetricsOptions {
  /** Each run: trials reporting at once, and seconds of load. */
  runs: Array<{ concurrency: number; seconds: number }>;
  /** Pause before each report of a trial; each then waits for JetStream's ack of the report. */
  stepMs: number;
  steps: number;
  /** At most this many worker processes, with up to 32 trial slots each. */
  workerProcesses: number;
  profile?: boolean;
}

export const TARGET_REPORTS_PER_SECOND = 5_000;
export const RAY_TUNE_PRACTICAL_LIMIT = 500;

export interface MetricsRun {
  concurrency: number;
  seconds: number;
  /** Messages the workers published during the load window, per second (a message may carry several reports). */
  publishedPerSecond: number;
  /** Rows stored during the load window, per second. */
  storedPerSecond: number;
  /** The slowest and the median whole second of the window. */
  p10SecondRate: number;
  medianSecondRate: number;
  /** Events published but not yet stored when the load stopped. */
  backlogAtStop: number;
  rows: number;
  progressEvents: number;
  lost: number;
  gappedTrials: number;
  trials: number;
  coordinatorCpuPercent: number;
  workerCpuPercent: number;
}

export async function metrics(options: MetricsOptions, out: Output) {
  out.note(
    `metrics: synthetic trials of ${options.steps} reports each, ${options.stepMs} ms before each; ` +
      'stored rows per second while the load runs, then every report counted',
  );
  const runs: MetricsRun[] = [];
  for (const { concurrency, seconds } of options.runs) {
    const run = await oneRun(concurrency, seconds, options);
    runs.push(run);
    out.row(
      { kind: 'hyperfleet', ...roundAll(run), target: TARGET_REPORTS_PER_SECOND },
      `  ${String(concurrency).padStart(3)} trials at once, ${seconds} s: ${fixed(run.storedPerSecond, 0)} reports/s stored ` +
        `(slowest tenth of seconds ${fixed(run.p10SecondRate, 0)}, median ${fixed(run.medianSecondRate, 0)}; ` +
        `published ${fixed(run.publishedPerSecond, 0)} messages/s), backlog at stop ${run.backlogAtStop} messages, ` +
        `CPU coordinator ${fixed(run.coordinatorCpuPercent, 0)}% workers ${fixed(run.workerCpuPercent, 0)}%; ` +
        `${run.rows} rows for ${run.progressEvents} published reports: ${run.lost} lost, ${run.gappedTrials} trials with gaps`,
    );
  }
  out.row(
    {
      kind: 'ray-tune',
      practicalLimitPerSecond: RAY_TUNE_PRACTICAL_LIMIT,
      source: "Ray Tune's docs, quoted in issue 6",
    },
    `  ray tune (docs): practical limit near ${RAY_TUNE_PRACTICAL_LIMIT} results/s`,
  );
  // The run the target is about: the longest one (64 trials for 60 s by default).
  const main = runs.reduce<MetricsRun | undefined>(
    (best, run) => (best && best.seconds >= run.seconds ? best : run),
    undefined,
  );
  if (main) {
    const pass = main.storedPerSecond >= TARGET_REPORTS_PER_SECOND && main.lost === 0;
    out.row(
      {
        kind: 'target',
        storedPerSecond: round(main.storedPerSecond),
        lost: main.lost,
        target: TARGET_REPORTS_PER_SECOND,
        pass,
      },
      `  target >= ${TARGET_REPORTS_PER_SECOND}/s with none lost (${main.concurrency} trials, ${main.seconds} s): ` +
        `${fixed(main.storedPerSecond, 0)}/s, ${main.lost} lost ${verdict(pass)}`,
    );
  }
  return { runs };
}

async function oneRun(
  concurrency: number,
  seconds: number,
  options: MetricsOptions,
): Promise<MetricsRun> {
  const processes = Math.min(options.workerProcesses, Math.ceil(concurrency / 32));
  const slots = Math.ceil(concurrency / processes);
  const cluster = await startCluster({ workers: { processes, slots }, profile: options.profile });
  try {
    const spec = syntheticSpec({
      name: `metrics-${concurrency}`,
      trials: 1_000_000,
      parallelism: processes * slots,
      durationMs: options.steps * options.stepMs,
      steps: options.steps,
    });
    const { id } = await cluster.sweeps.createSweep(spec);
    const firstRow = await waitForFirstRow(cluster, id);
    const before = { ...cpu(cluster), at: Date.now(), events: await streamMessages(cluster) };
    await sleep(Math.max(0, firstRow + seconds * 1000 - Date.now()));
    const after = { ...cpu(cluster), at: Date.now(), events: await streamMessages(cluster) };
    const stopAt = after.at;
    const backlogAtStop = await eventBacklog(cluster);
    await cluster.stopWorkers();
    await waitForDrain(cluster);

    const window = await windowRates(cluster, id, seconds);
    const stored = await storedCounts(cluster, id);
    const progressEvents = await publishedProgressEvents(cluster, id);
    return {
      concurrency,
      seconds,
      publishedPerSecond: ((after.events - before.events) * 1000) / (after.at - before.at),
      storedPerSecond: window.rows / Math.min(seconds, (stopAt - window.start) / 1000),
      p10SecondRate: window.p10,
      medianSecondRate: window.median,
      backlogAtStop,
      rows: stored.metrics,
      progressEvents,
      lost: progressEvents - stored.metrics,
      gappedTrials: stored.gappedTrials,
      trials: stored.trials,
      coordinatorCpuPercent:
        ((after.coordinator - before.coordinator) / (after.at - before.at)) * 100,
      workerCpuPercent: ((after.workers - before.workers) / (after.at - before.at)) * 100,
    };
  } finally {
    await cluster.stop();
  }
}

async function waitForFirstRow(cluster: BenchCluster, sweepId: string): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await cluster.db.query<{ at: Date | null }>(
      'SELECT min(m.recorded_at) AS at FROM trial_metrics m JOIN trials t ON t.id = m.trial_id WHERE t.sweep_id = $1',
      [sweepId],
    );
    if (row?.at) return row.at.getTime();
    if (Date.now() > deadline)
      throw new Error('no metric stored within 60 s of creating the sweep');
    await sleep(100);
  }
}

function cpu(cluster: BenchCluster) {
  return {
    coordinator: cluster.coordinator.cpuMs(),
    workers: cluster.workers.reduce((sum, w) => sum + w.cpuMs(), 0),
  };
}

async function streamMessages(cluster: BenchCluster): Promise<number> {
  return (await cluster.jsm.streams.info(cluster.names.eventStream)).state.messages;
}

/** Events in the stream that the coordinator has not stored (acked) yet. */
async function eventBacklog(cluster: BenchCluster): Promise<number> {
  const info = await cluster.jsm.consumers.info(
    cluster.names.eventStream,
    cluster.names.eventConsumer,
  );
  return info.num_pending + info.num_ack_pending;
}

async function waitForDrain(cluster: BenchCluster): Promise<void> {
  const deadline = Date.now() + 600_000;
  while ((await eventBacklog(cluster)) > 0) {
    if (Date.now() > deadline)
      throw new Error('the coordinator did not store the backlog within 10 minutes');
    await sleep(250);
  }
}

/** Rows stored from the first one on, over `seconds`: in total and per whole second. */
async function windowRates(cluster: BenchCluster, sweepId: string, seconds: number) {
  const bins = await cluster.db.query<{ second: number; n: number; first: Date }>(
    `WITH m AS (
       SELECT m.recorded_at FROM trial_metrics m JOIN trials t ON t.id = m.trial_id WHERE t.sweep_id = $1
     ), f AS (SELECT min(recorded_at) AS first FROM m)
     SELECT floor(extract(epoch FROM m.recorded_at - f.first))::int AS second, count(*)::int AS n, f.first
     FROM m, f GROUP BY 1, f.first ORDER BY 1`,
    [sweepId],
  );
  const perSecond = new Array<number>(seconds).fill(0);
  for (const { second, n } of bins) if (second < seconds) perSecond[second] = n;
  const rows = perSecond.reduce((sum, n) => sum + n, 0);
  // The first second starts with the first row; the load is already on by then.
  return {
    start: bins[0]!.first.getTime(),
    rows,
    p10: quantile(perSecond, 0.1),
    median: quantile(perSecond, 0.5),
  };
}

/**
 * Progress reports the workers published for this sweep, read from the event stream itself,
 * which keeps every message (message ids dedupe retries, so each is there once). A message
 * may carry several reports.
 */
async function publishedProgressEvents(cluster: BenchCluster, sweepId: string): Promise<number> {
  // Each run has a namespace, and so an event stream, of its own with this one sweep in it.
  const total = await streamMessages(cluster);
  const consumer = await cluster.jsm.jetstream().consumers.get(cluster.names.eventStream);
  const messages = await consumer.consume();
  let seen = 0;
  let reports = 0;
  for await (const msg of messages) {
    seen += 1;
    const event = decodeWorkerEvent(msg.subject, msg.data);
    if (event.type === 'progress' && event.sweepId === sweepId) reports += 1 + (event.earlier?.length ?? 0);
    if (seen >= total) break;
  }
  await messages.close();
  return reports;
}

export function metricsFromArgs(args: BenchArgs, out: Output) {
  const quick = args.quick;
  const concurrency = listFlag(args, 'concurrency', [16, 64, 256]);
  const seconds = listFlag(args, 'seconds', quick ? [5, 10, 5] : [20, 60, 20]);
  return metrics(
    {
      runs: concurrency.map((c, i) => ({
        concurrency: c,
        seconds: seconds[Math.min(i, seconds.length - 1)]!,
      })),
      stepMs: numberFlag(args, 'step-ms', 1),
      steps: numberFlag(args, 'steps', 200),
      workerProcesses: numberFlag(args, 'worker-processes', 4),
      profile: args.values.has('profile'),
    },
    out,
  );
}
