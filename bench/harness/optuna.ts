// Optuna 3.1 as a peer, run in the same invocation: the anchor scripts of ../shared/anchors
// (or HYPERFLEET_ANCHORS) under a Python that can import optuna. Debian's python3-optuna
// lives in /usr/bin/python3, which is not always the python3 first on PATH.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createBenchDatabase } from './database.js';
import { REPO_ROOT } from './processes.js';

export interface OptunaRdbRun {
  sampler: string;
  trials: number;
  processes: number;
  seconds: number;
  trialsPerSecond: number;
}

export function anchorScript(name: string): string {
  return path.resolve(
    process.env.HYPERFLEET_ANCHORS ?? path.join(REPO_ROOT, '../shared/anchors'),
    name,
  );
}

/** A python3 that imports the given modules, or the reason there is none. */
export function findPython(modules: string[]): { python: string } | { skipped: string } {
  for (const python of [process.env.HYPERFLEET_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!python) continue;
    const probe = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    if (probe.status === 0) return { python };
  }
  return {
    skipped: `no python3 that imports ${modules.join(' and ')} (apt-get install python3-optuna python3-psycopg2)`,
  };
}

/**
 * Trials per second of `optuna_overhead.py rdb` through a fresh PostgreSQL database of its
 * own, once per (sampler, size). Runs one after another, never beside a Hyperfleet run.
 */
export async function optunaRdb(
  runs: Array<{ sampler: string; trials: number }>,
  processes: number,
) {
  const found = findPython(['optuna', 'psycopg2']);
  const script = anchorScript('optuna_overhead.py');
  if ('skipped' in found) return { skipped: found.skipped };
  if (!existsSync(script)) return { skipped: `no ${script}` };

  const results: OptunaRdbRun[] = [];
  const db = await createBenchDatabase({ empty: true });
  try {
    const url = db.url.replace(/^postgresql:/, 'postgresql+psycopg2:');
    for (const run of runs) {
      const out = await runPython(found.python, [
        script,
        'rdb',
        url,
        String(run.trials),
        String(processes),
        run.sampler,
      ]);
      const match = /rdb (\S+) (\d+) trials, (\d+) procs: ([\d.]+)s, ([\d.]+) trials\/s/.exec(out);
      if (!match) throw new Error(`unexpected output of optuna_overhead.py: ${out.slice(-500)}`);
      results.push({
        sampler: match[1]!,
        trials: Number(match[2]),
        processes: Number(match[3]),
        seconds: Number(match[4]),
        trialsPerSecond: Number(match[5]),
      });
    }
  } finally {
    await db.drop();
  }
  return { python: found.python, results };
}

function runPython(python: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${python} ${args[0]} exited with ${code}: ${err.slice(-800)}`)),
    );
  });
}
