// The CLI's only door to the terminal. Results go to stdout (text, or one JSON document, or
// one JSON object per line for streams); notes and errors go to stderr so that a pipe only
// ever sees results. A live line is redrawn in place only on a real terminal.
import { toJson } from './json.js';

/** The part of a stream the CLI uses; a test passes a plain collector. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface OutputOptions {
  json: boolean;
  env?: NodeJS.ProcessEnv;
}

// Below this a bar has no room; a pipe reports no width at all.
const FALLBACK_COLUMNS = 100;
const CLEAR_TO_END = '\x1b[K';

export class Output {
  readonly json: boolean;
  /** True when stdout is a terminal a person watches: live redraws are worth it. */
  readonly interactive: boolean;
  private live = false;

  constructor(
    private readonly stdout: TextSink,
    private readonly stderr: TextSink,
    options: OutputOptions,
  ) {
    this.json = options.json;
    const env = options.env ?? {};
    this.interactive = !this.json && stdout.isTTY === true && env.TERM !== 'dumb' && !env.CI;
  }

  get columns(): number {
    return this.stdout.columns && this.stdout.columns > 0 ? this.stdout.columns : FALLBACK_COLUMNS;
  }

  lines(lines: readonly string[]): void {
    for (const line of lines) this.line(line);
  }

  line(text = ''): void {
    this.endLive();
    this.stdout.write(`${text}\n`);
  }

  /** The whole result of a command as one JSON document. */
  document(value: unknown): void {
    this.stdout.write(`${JSON.stringify(toJson(value), null, 2)}\n`);
  }

  /** One element of a stream, on a line of its own (JSON Lines). */
  record(value: unknown): void {
    this.stdout.write(`${JSON.stringify(toJson(value))}\n`);
  }

  /** Redraws the live line in place; the next ordinary line starts below it. */
  liveLine(text: string): void {
    this.stdout.write(`\r${text}${CLEAR_TO_END}`);
    this.live = true;
  }

  endLive(): void {
    if (!this.live) return;
    this.stdout.write('\n');
    this.live = false;
  }

  /** A remark for the person, never part of the result. */
  note(text: string): void {
    this.endLive();
    this.stderr.write(`${text}\n`);
  }
}
