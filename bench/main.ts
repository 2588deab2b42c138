/**
 * The service benchmarks, against the real PostgreSQL and NATS of this machine:
 *
 *   node --conditions=development --import tsx bench/main.ts <name> [--json] [--quick] [--flag=value]
 *
 * names: pruning, bookkeeping, throughput, metrics, latency, scale (quality and overhead are
 * scripts of their own). scripts/bench.sh runs setup first and prepares the template
 * database every run clones; `npm run bench -- <name>` calls it.
 */
import { parseArgs, type BenchArgs } from './harness/args.js';
import { stopAllClusters } from './harness/cluster.js';
import { consoleOutput, type Output } from './harness/output.js';
import { bookkeepingFromArgs } from './bookkeeping.js';
import { latencyFromArgs } from './latency.js';
import { metricsFromArgs } from './metrics.js';
import { pruningFromArgs } from './pruning.js';
import { scaleFromArgs } from './scale.js';
import { throughputFromArgs } from './throughput.js';

const BENCHES: Record<string, (args: BenchArgs, out: Output) => Promise<unknown>> = {
  pruning: pruningFromArgs,
  bookkeeping: bookkeepingFromArgs,
  throughput: throughputFromArgs,
  metrics: metricsFromArgs,
  latency: latencyFromArgs,
  scale: scaleFromArgs,
};

const [name, ...rest] = process.argv.slice(2);
const bench = name === undefined ? undefined : BENCHES[name];
if (bench === undefined) {
  console.error(`usage: bench/main.ts <${Object.keys(BENCHES).join('|')}> [--json] [--quick]`);
  process.exit(2);
}

// A reader that goes away (`| head`) must not crash the run before it has cleaned up.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`${signal}: stopping the benchmark's services`);
    void stopAllClusters().finally(() => process.exit(130));
  });
}

const args = parseArgs(rest);
const started = Date.now();
try {
  await bench(args, consoleOutput(name!, args.json));
  if (!args.json) console.log(`(${name} took ${((Date.now() - started) / 1000).toFixed(0)} s)`);
} catch (error) {
  console.error(`${name} failed:`, error);
  await stopAllClusters();
  process.exitCode = 1;
}
