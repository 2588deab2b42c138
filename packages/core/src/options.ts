/**
 * Readers for algorithm options ("options in, validated options out"): each fills a default
 * or rejects a bad value with a SpecError naming the field, the value and the rule.
 */
import { SpecError } from './errors.js';

export type RawOptions = Record<string, unknown>;

interface NumberRule {
  default: number;
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
  integer?: boolean;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/**
 * Accepts `'name'` or `{ name, ...options }` and returns the object form. The name must be one
 * of `known`; the message lists them.
 */
export function readNamedConfig(raw: unknown, field: string, known: readonly string[]): RawOptions {
  const obj: unknown = typeof raw === 'string' ? { name: raw } : raw;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new SpecError(
      field,
      `must be a name or an object with a name (one of ${known.join(', ')})`,
      {
        value: raw,
      },
    );
  }
  const name = (obj as RawOptions)['name'];
  if (isAbsent(name))
    throw new SpecError(`${field}.name`, `is required; one of ${known.join(', ')}`);
  if (typeof name !== 'string' || !known.includes(name)) {
    throw new SpecError(`${field}.name`, `must be one of ${known.join(', ')}`, { value: name });
  }
  return obj as RawOptions;
}

/** Rejects keys other than `name` and the allowed ones, so typos do not pass silently. */
export function checkKeys(obj: RawOptions, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (key === 'name' || allowed.includes(key)) continue;
    const expected =
      allowed.length > 0 ? `expected one of ${allowed.join(', ')}` : 'takes no options';
    throw new SpecError(
      `${field}.${key}`,
      `unknown option for ${String(obj['name'])}; ${expected}`,
    );
  }
}

export function readNumber(obj: RawOptions, key: string, field: string, rule: NumberRule): number {
  const value = obj[key];
  if (isAbsent(value)) return rule.default;
  const at = `${field}.${key}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SpecError(at, 'must be a finite number', { value });
  }
  if (rule.integer && !Number.isSafeInteger(value)) {
    throw new SpecError(at, 'must be an integer', { value });
  }
  if (rule.min !== undefined && value < rule.min) {
    throw new SpecError(at, `must be >= ${rule.min}`, { value });
  }
  if (rule.above !== undefined && value <= rule.above) {
    throw new SpecError(at, `must be > ${rule.above}`, { value });
  }
  if (rule.max !== undefined && value > rule.max) {
    throw new SpecError(at, `must be <= ${rule.max}`, { value });
  }
  return value;
}

export function readInteger(
  obj: RawOptions,
  key: string,
  field: string,
  rule: Omit<NumberRule, 'integer'>,
): number {
  return readNumber(obj, key, field, { ...rule, integer: true });
}

export function readBoolean(
  obj: RawOptions,
  key: string,
  field: string,
  fallback: boolean,
): boolean {
  const value = obj[key];
  if (isAbsent(value)) return fallback;
  if (typeof value !== 'boolean')
    throw new SpecError(`${field}.${key}`, 'must be a boolean', { value });
  return value;
}

export function readOptionalInteger(
  obj: RawOptions,
  key: string,
  field: string,
  rule: Omit<NumberRule, 'integer' | 'default'>,
): number | undefined {
  if (isAbsent(obj[key])) return undefined;
  return readInteger(obj, key, field, { ...rule, default: 0 });
}
