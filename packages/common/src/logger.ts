// A small structured logger: one JSON object per line on stderr, constant messages, variables
// in fields with a fixed vocabulary (sweepId, trialId, workerId, attempt, ...), child loggers
// for context. Library code receives a Logger; only processes decide where lines go.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Field names whose values are never written, whatever logs them. */
const SECRET_FIELDS = new Set(['token', 'password', 'pass', 'secret', 'authorization', 'databaseUrl']);

export interface LoggerOptions {
  level?: LogLevel;
  /** Written into every line, e.g. { service: 'coordinator' }. */
  fields?: LogFields;
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? parseLogLevel(process.env.HYPERFLEET_LOG_LEVEL);
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  return new JsonLogger(LEVEL_RANK[level], options.fields ?? {}, write);
}

export function parseLogLevel(raw: string | undefined): LogLevel {
  if (raw === undefined || raw === '') return 'info';
  if (raw in LEVEL_RANK) return raw as LogLevel;
  throw new Error(`HYPERFLEET_LOG_LEVEL: must be one of ${Object.keys(LEVEL_RANK).join(', ')} (got "${raw}")`);
}

class JsonLogger implements Logger {
  constructor(
    private readonly minRank: number,
    private readonly context: LogFields,
    private readonly write: (line: string) => void,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.minRank, { ...this.context, ...fields }, this.write);
  }

  private log(level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void {
    if (LEVEL_RANK[level] < this.minRank) return;
    const record = { time: new Date().toISOString(), level, msg: message, ...this.context, ...fields };
    this.write(JSON.stringify(record, redact));
  }
}

function redact(key: string, value: unknown): unknown {
  if (SECRET_FIELDS.has(key)) return '[redacted]';
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(value.cause ? { cause: String(value.cause) } : {}) };
  }
  return value;
}

/** A logger that drops everything, for tests and library defaults. */
export const silentLogger: Logger = createLogger({ level: 'silent', write: () => {} });
