/**
 * The error vocabulary of @hyperfleet/core. Each case has its own class so that a caller
 * (the coordinator translating to gRPC status codes, a CLI printing a message) can branch on
 * `instanceof` or `name` and read typed fields instead of parsing messages.
 */

const MAX_SHOWN = 80;

/** Renders a rejected value for a message: short, unambiguous, never throws. */
export function showValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
}

export interface SpecErrorOptions {
  /** The offending value; shown in the message as `(got ...)` when present. */
  value?: unknown;
  cause?: unknown;
}

/**
 * A search space, sampler or pruner configuration that breaks a rule. The message names the
 * field, the rule and the value, e.g.
 * `searchSpace.lr.low: must be > 0 for a log-scale parameter (got 0)`.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  /** Dotted path of the offending field, e.g. `searchSpace.lr.low` or `pruner.reductionFactor`. */
  readonly field: string;
  /** The rule that was broken, without the field or the value. */
  readonly rule: string;
  readonly value: unknown;

  constructor(field: string, rule: string, options: SpecErrorOptions = {}) {
    const shown = 'value' in options ? ` (got ${showValue(options.value)})` : '';
    super(`${field}: ${rule}${shown}`, { cause: options.cause });
    this.field = field;
    this.rule = rule;
    this.value = options.value;
  }
}

/** The grid sampler has no unused point left: every grid point belongs to some trial. */
export class SearchExhaustedError extends Error {
  override readonly name = 'SearchExhaustedError';
  /** Number of points in the grid, all of them used. */
  readonly gridSize: number;

  constructor(gridSize: number) {
    super(`search space exhausted: all ${gridSize} grid points have been suggested`);
    this.gridSize = gridSize;
  }
}

/** Base class of the errors a `Study` raises about one trial. */
export class StudyError extends Error {
  override readonly name: string = 'StudyError';
  readonly trialNumber: number;

  constructor(trialNumber: number, message: string, options?: { cause?: unknown }) {
    super(`trial ${trialNumber}: ${message}`, options);
    this.trialNumber = trialNumber;
  }
}

/** No trial with this number exists in the study. */
export class UnknownTrialError extends StudyError {
  override readonly name = 'UnknownTrialError';

  constructor(trialNumber: number) {
    super(trialNumber, 'no such trial in this study');
  }
}

/** The trial is already in a terminal state, so it takes no more results or reports. */
export class TrialFinishedError extends StudyError {
  override readonly name = 'TrialFinishedError';
  readonly state: string;

  constructor(trialNumber: number, state: string, action: string) {
    super(trialNumber, `cannot ${action}: the trial is already ${state}`);
    this.state = state;
  }
}

/** A told value or a reported step/value is not acceptable (NaN, Infinity, a step going back). */
export class InvalidResultError extends StudyError {
  override readonly name = 'InvalidResultError';
  readonly value: unknown;

  constructor(trialNumber: number, rule: string, value: unknown) {
    super(trialNumber, `${rule} (got ${showValue(value)})`);
    this.value = value;
  }
}
