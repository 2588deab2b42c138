/**
 * Suggestion overhead: milliseconds per ask+tell as a study grows, for TPE (to 1,000 trials)
 * and GP (to 200), next to Optuna 3.1's TPE on the same space when python3 has optuna.
 *
 *   node --conditions=development --import tsx bench/overhead.ts [--json] [--tpe=1000]
 *     [--gp=200] [--no-optuna]
 *
 * The space and objective are those of the peer script optuna_overhead.py (4 floats, a
 * log-scale learning rate and a 3-way categorical), found in HYPERFLEET_ANCHORS or
 * ../shared/anchors. Figures are wall-clock on whatever else the machine is doing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { Study, type Params, type SamplerConfig } from '@hyperfleet/core';

const SPACE = [
  ...Array.from({ length: 4 }, (_, i) => ({ name: `x${i}`, type: 'float', low: -5, high: 5 })),
  { name: 'lr', type: 'float', low: 1e-5, high: 1e-1, log: true },
  { name: 'act', type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
];

function objective(p: Params): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += (p[`x${i}`] as number) ** 2;
  return sum + Math.abs(Math.log10(p['lr'] as number) + 3) + (p['act'] === 'relu' ? 0 : 0.5);
}

function flags(argv: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    map.set(key!, value ?? 'true');
  }
  return map;
}

/** Milliseconds per ask+tell over each interval between consecutive marks. */
function measure(sampler: SamplerConfig, trials: number, marks: number[]) {
  const study = new Study({ space: SPACE, direction: 'minimize', sampler, seed: 1 });
  const rows: Array<{ from: number; to: number; msPerTrial: number }> = [];
  let from = 1;
  let started = performance.now();
  for (let i = 1; i <= trials; i++) {
    const { number, params } = study.ask();
    study.tell(number, objective(params));
    if (marks.includes(i) || i === trials) {
      const now = performance.now();
      rows.push({ from, to: i, msPerTrial: (now - started) / (i - from + 1) });
      from = i + 1;
      started = performance.now();
    }
  }
  return rows;
}

function findPython(): string | undefined {
  for (const python of [process.env['HYPERFLEET_PYTHON'], 'python3', '/usr/bin/python3']) {
    if (python === undefined || python === '') continue;
    if (spawnSync(python, ['-c', 'import optuna'], { stdio: 'ignore' }).status === 0) return python;
  }
  return undefined;
}

function main(): void {
  const args = flags(process.argv.slice(2));
  const json = args.has('json');
  const tpeTrials = Number(args.get('tpe') ?? 1000);
  const gpTrials = Number(args.get('gp') ?? 200);

  const runs: Array<[string, SamplerConfig, number, number[]]> = [
    ['tpe', { name: 'tpe' }, tpeTrials, [100, 250, 500, 1000, 2000]],
    [
      'tpe-univariate',
      { name: 'tpe', multivariate: false },
      tpeTrials,
      [100, 250, 500, 1000, 2000],
    ],
    ['gp', { name: 'gp' }, gpTrials, [50, 100, 150, 200, 400]],
  ];
  for (const [label, sampler, trials, marks] of runs) {
    if (trials <= 0) continue;
    for (const row of measure(sampler, trials, marks)) {
      if (json) console.log(JSON.stringify({ sampler: label, ...row }));
      else
        console.log(
          `${label.padEnd(15)} trials ${row.from}-${row.to}: ${row.msPerTrial.toFixed(2)} ms/trial`,
        );
    }
  }

  if (args.has('no-optuna')) return;
  const script = resolve(
    process.env['HYPERFLEET_ANCHORS'] ?? '../shared/anchors',
    'optuna_overhead.py',
  );
  const python = findPython();
  if (python === undefined || !existsSync(script)) {
    const reason = python === undefined ? 'no python3 with optuna' : `no ${script}`;
    console.log(
      json ? JSON.stringify({ peer: 'optuna', skipped: reason }) : `optuna: skipped (${reason})`,
    );
    return;
  }
  const run = spawnSync(python, [script, 'inmem', String(tpeTrials)], { encoding: 'utf8' });
  for (const line of run.stdout.split('\n').filter((l) => l.startsWith('inmem'))) {
    const match = /trials (\d+)-(\d+): ([\d.]+) ms/.exec(line);
    if (json && match) {
      console.log(
        JSON.stringify({
          peer: 'optuna',
          sampler: 'tpe',
          from: Number(match[1]),
          to: Number(match[2]),
          msPerTrial: Number(match[3]),
        }),
      );
    } else {
      console.log(`optuna ${line}`);
    }
  }
  if (run.status !== 0) console.log(`optuna exited with ${run.status}: ${run.stderr.slice(-500)}`);
}

main();
