/**
 * The trainer's error vocabulary. Each class sets `name` so that callers (the worker's
 * ack/nak mapping, the deploy service's gRPC status mapping) can branch on it without
 * `instanceof` across package copies, and carries typed fields for the log line.
 */

/** A caller-supplied value (trial param, dataset size, option) breaks a rule. */
export class TrainerInputError extends Error {
  override readonly name = 'TrainerInputError';
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;

  constructor(field: string, value: unknown, rule: string) {
    super(`${field}: ${rule} (got ${describeValue(value)})`);
    this.field = field;
    this.value = value;
    this.rule = rule;
  }
}

/** A requested TensorFlow.js backend could not be loaded or activated. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  readonly backend: string;

  constructor(backend: string, reason: string, options?: { cause?: unknown }) {
    super(`backend ${backend} is unavailable: ${reason}`, options);
    this.backend = backend;
  }
}

/** The artifact's bytes do not hash to the digest the caller expected. */
export class ArtifactDigestMismatchError extends Error {
  override readonly name = 'ArtifactDigestMismatchError';
  readonly expected: string;
  readonly actual: string;

  constructor(expected: string, actual: string) {
    super(`artifact digest mismatch: expected ${expected}, got ${actual}`);
    this.expected = expected;
    this.actual = actual;
  }
}

/** The artifact's bytes are not a bundle this package can decode. */
export class ArtifactFormatError extends Error {
  override readonly name = 'ArtifactFormatError';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`invalid model artifact: ${reason}`, options);
  }
}

/** A prediction request does not match the model's input shape or type. */
export class PredictInputError extends Error {
  override readonly name = 'PredictInputError';
  /** Index of the offending row; undefined when `inputs` itself is malformed. */
  readonly row: number | undefined;

  constructor(row: number | undefined, problem: string) {
    super(`${row === undefined ? 'inputs' : `inputs[${row}]`}: ${problem}`);
    this.row = row;
  }
}

/** A LoadedModel was used after dispose(). */
export class ModelDisposedError extends Error {
  override readonly name = 'ModelDisposedError';

  constructor() {
    super('model was disposed');
  }
}

/** Short, log-safe rendering of a rejected value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) {
    return String(value);
  }
  return Array.isArray(value) ? `array of ${value.length}` : typeof value;
}
