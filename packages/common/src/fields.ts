// Readers for untrusted input (YAML, JSON, gRPC requests) that either return a typed value
// or throw a SpecError naming the field, the rule and the value.
import { SpecError } from '@hyperfleet/core';

export type Obj = Record<string, unknown>;

export function isObject(raw: unknown): raw is Obj {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

export function readObject(raw: unknown, field: string): Obj {
  if (!isObject(raw)) throw new SpecError(field, 'must be an object', { value: raw });
  return raw;
}

/** Rejects keys the schema does not know, so that a typo is an error instead of a default. */
export function rejectUnknownKeys(obj: Obj, known: readonly string[], field: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      throw new SpecError(`${field}.${key}`, `unknown field; expected one of ${known.join(', ')}`);
    }
  }
}

export function readString(
  raw: unknown,
  field: string,
  rule: { pattern?: RegExp; patternText?: string; maxLength?: number } = {},
): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new SpecError(field, 'must be a non-empty string', { value: raw });
  }
  if (rule.maxLength !== undefined && raw.length > rule.maxLength) {
    throw new SpecError(field, `must be at most ${rule.maxLength} characters`, { value: raw });
  }
  if (rule.pattern && !rule.pattern.test(raw)) {
    throw new SpecError(field, `must match ${rule.patternText ?? String(rule.pattern)}`, { value: raw });
  }
  return raw;
}

export function readInt(raw: unknown, field: string, range: { min?: number; max?: number } = {}): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw)) {
    throw new SpecError(field, 'must be an integer', { value: raw });
  }
  if (range.min !== undefined && raw < range.min) {
    throw new SpecError(field, `must be >= ${range.min}`, { value: raw });
  }
  if (range.max !== undefined && raw > range.max) {
    throw new SpecError(field, `must be <= ${range.max}`, { value: raw });
  }
  return raw;
}

export function readOneOf<T extends string>(raw: unknown, field: string, choices: readonly T[]): T {
  const normalized = typeof raw === 'string' ? raw.toLowerCase() : raw;
  if (typeof normalized !== 'string' || !choices.includes(normalized as T)) {
    throw new SpecError(field, `must be one of ${choices.join(', ')}`, { value: raw });
  }
  return normalized as T;
}
