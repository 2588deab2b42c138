// Small, pure formatters shared by every view: numbers, parameters, durations, states.
import { fromValueMap } from '@hyperfleet/common';
import type { Value__Output } from '@hyperfleet/proto';

/** Integers as they are; others to four significant digits, tiny or huge ones in e-notation. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) {
    return value
      .toExponential(2)
      .replace(/\.?0+e/, 'e')
      .replace('e+', 'e');
  }
  return String(Number(value.toPrecision(4)));
}

export function formatPlain(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (value === undefined || value === null) return '-';
  return String(value);
}

/** `name=value` pairs sorted by name, e.g. "batch_size=64 lr=3.1e-4". */
export function formatParams(params: Record<string, Value__Output> | undefined): string {
  const plain = fromValueMap(params);
  return Object.keys(plain)
    .sort()
    .map((name) => `${name}=${formatPlain(plain[name])}`)
    .join(' ');
}

/** Cuts a text to `max` characters, marking the cut; newlines become spaces. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** 0:05, 12:34, 1:02:03: elapsed time as a stopwatch shows it. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** 45s, 3m12s, 2h05m: a finished span, in words. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m${String(total % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Milliseconds between two ISO timestamps, or undefined when either is unset. */
export function spanMs(fromIso: string | undefined, toIso: string | undefined): number | undefined {
  if (!fromIso || !toIso) return undefined;
  const span = Date.parse(toIso) - Date.parse(fromIso);
  return Number.isFinite(span) ? span : undefined;
}

/** "SWEEP_RUNNING" to "RUNNING": the prefix only exists to keep proto enums unique. */
export function sweepStateName(state: string): string {
  return state.replace(/^SWEEP_/, '');
}

/** A timestamp as the API gives it, or "-" when unset. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
