// How a benchmark reports: a human line per figure, or with --json one JSON object per line
// (each tagged with the benchmark's name). The smoke test collects the records instead.
export type BenchRecord = Record<string, unknown>;

export interface Output {
  /** One figure (or one row of a table). */
  row(record: BenchRecord, text: string): void;
  /** Context for a reader: a heading, a caveat. A `note` record under --json. */
  note(text: string): void;
}

export function consoleOutput(bench: string, json: boolean): Output {
  return {
    row(record, text) {
      console.log(json ? JSON.stringify({ bench, ...record }) : text);
    },
    note(text) {
      console.log(json ? JSON.stringify({ bench, note: text }) : text);
    },
  };
}

/** Keeps every record, prints nothing (HYPERFLEET_BENCH_LOG=1 prints the text lines). */
export function collectingOutput(): Output & { records: BenchRecord[] } {
  const records: BenchRecord[] = [];
  const echo = Boolean(process.env.HYPERFLEET_BENCH_LOG);
  return {
    records,
    row(record, text) {
      records.push(record);
      if (echo) console.log(text);
    },
    note(text) {
      if (echo) console.log(text);
    },
  };
}

/** "ok" or "MISSED", for lines that compare a figure with its target. */
export function verdict(pass: boolean): string {
  return pass ? 'ok' : 'MISSED';
}
