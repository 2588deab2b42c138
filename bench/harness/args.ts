// Command-line flags of the benchmarks: `--json`, `--quick` and `--name=value` settings.
export interface BenchArgs {
  json: boolean;
  quick: boolean;
  values: Map<string, string>;
}

export function parseArgs(argv: string[]): BenchArgs {
  const values = new Map<string, string>();
  for (const arg of argv) {
    if (!arg.startsWith('--'))
      throw new Error(`unexpected argument "${arg}" (flags look like --name=value)`);
    const [key, value] = arg.slice(2).split('=', 2);
    values.set(key!, value ?? 'true');
  }
  return { json: values.has('json'), quick: values.has('quick'), values };
}

/** A positive number flag, e.g. `--trials=500`; the fallback when absent. */
export function numberFlag(args: BenchArgs, name: string, fallback: number): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name}: must be a positive number (got "${raw}")`);
  return value;
}

/** A comma-separated list of positive numbers, e.g. `--sizes=1000,2500,5000`. */
export function listFlag(args: BenchArgs, name: string, fallback: number[]): number[] {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const list = raw.split(',').map(Number);
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`--${name}: must be positive integers separated by commas (got "${raw}")`);
  }
  return list;
}
