/**
 * Where a process's CPU time went, from a V8 .cpuprofile (`node --cpu-prof`, which the
 * benchmarks' --profile flag turns on for the coordinator): self time by package and by
 * function, largest first.
 *
 *   node --conditions=development --import tsx bench/profile-summary.ts FILE.cpuprofile [--top=25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs, numberFlag } from './harness/args.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function summarizeProfile(profile: Profile, top: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const total = [...self.values()].reduce((sum, us) => sum + us, 0);

  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const where = packageOf(frame.url, frame.functionName);
    byPackage.set(where, (byPackage.get(where) ?? 0) + us);
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const rank = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return {
    totalMs: total / 1000,
    wallMs: (profile.endTime - profile.startTime) / 1000,
    byPackage: rank(byPackage),
    byFunction: rank(byFunction),
  };
}

function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  const ours = /\/(packages|services)\/([^/]+)\//.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : shortUrl(url);
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/(packages|services)\//, '$1/');
}

const args = parseArgs(process.argv.slice(3));
const file = process.argv[2];
if (!file) {
  console.error('usage: bench/profile-summary.ts FILE.cpuprofile [--top=25]');
  process.exit(2);
}
const summary = summarizeProfile(
  JSON.parse(readFileSync(file, 'utf8')) as Profile,
  numberFlag(args, 'top', 25),
);
console.log(
  `CPU ${summary.totalMs.toFixed(0)} ms sampled over ${summary.wallMs.toFixed(0)} ms of wall time`,
);
for (const [title, rows] of [
  ['by package', summary.byPackage],
  ['by function', summary.byFunction],
] as const) {
  console.log(`\n${title}:`);
  for (const row of rows)
    console.log(
      `  ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`,
    );
}
