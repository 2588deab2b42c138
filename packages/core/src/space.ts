/**
 * Search spaces: the parameter types and the one function that turns user input (JSON, YAML,
 * a gRPC message) into a validated, normalized `SearchSpace`.
 *
 * ## Search-space semantics (the same for every sampler)
 *
 * - A space is a non-empty list of parameters with distinct names; each name is a simple
 *   identifier (`[A-Za-z_][A-Za-z0-9_]*`). It may be given as an array of
 *   `{ name, type, ... }` or as an object keyed by name (`{ lr: { type: 'float', ... } }`);
 *   both normalize to the array form, in the given order.
 * - `float` and `int` take finite `low <= high` whose width `high - low` is finite too (so
 *   not -1e308..1e308); `int` bounds are integers. `log: true` samples uniformly in log
 *   space and needs `low > 0`.
 * - `step > 0` defines a lattice anchored at `low`: the values are `low + k * step` for
 *   k = 0, 1, ... while they do not exceed `high`. `high` is a value exactly when it lies on
 *   the lattice. int low 1, high 10, step 3 gives 1, 4, 7, 10; int low 2, high 4, step 3
 *   gives only 2; float low 0.5, high 0.9, step 0.1 gives exactly 0.5, 0.6, 0.7, 0.8, 0.9
 *   (float lattice values are rounded to the decimals of low and step, so no 0.8999999).
 *   An int's step must be an integer; an int without step has step 1. A step cannot be
 *   combined with `log: true`.
 * - Under uniform (random, quasi-random) sampling every lattice value is about equally
 *   likely; a continuous float is uniform on [low, high] (or on [ln low, ln high] when log);
 *   an int with log is uniform in log space on [low - 0.5, high + 0.5], then rounded.
 * - `low == high` (linear or log) and a one-choice categorical always give that exact value.
 * - `categorical` takes a non-empty list of distinct choices, each a string, a finite
 *   number or a boolean (`1` and `"1"` are different choices).
 * - Every sampled value lies within [low, high]; int values are integers.
 *
 * Rejections throw `SpecError` naming `searchSpace[<index>]` or `searchSpace.<name>.<field>`,
 * the rule and the value.
 */
import { SpecError } from './errors.js';

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

export interface FloatParam {
  name: string;
  type: 'float';
  low: number;
  high: number;
  log?: boolean;
  step?: number;
}

export interface IntParam {
  name: string;
  type: 'int';
  low: number;
  high: number;
  log?: boolean;
  step?: number;
}

export interface CategoricalParam {
  name: string;
  type: 'categorical';
  choices: ParamValue[];
}

export type ParamSpec = FloatParam | IntParam | CategoricalParam;
export type SearchSpace = readonly ParamSpec[];

const PARAM_TYPES = ['float', 'int', 'categorical'] as const;
const NUMERIC_FIELDS = ['low', 'high', 'log', 'step'] as const;
const KNOWN_FIELDS = new Set(['name', 'type', 'low', 'high', 'log', 'step', 'choices']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NAME_LENGTH = 128;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent means undefined or null: gRPC and YAML both produce nulls for unset fields. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function readBound(obj: Record<string, unknown>, key: 'low' | 'high', at: string, int: boolean) {
  const value = obj[key];
  if (isAbsent(value)) throw new SpecError(`${at}.${key}`, 'is required');
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SpecError(`${at}.${key}`, 'must be a finite number', { value });
  }
  if (int && !Number.isSafeInteger(value)) {
    throw new SpecError(`${at}.${key}`, 'must be an integer for an int parameter', { value });
  }
  return value;
}

function readNumeric(
  obj: Record<string, unknown>,
  name: string,
  type: 'float' | 'int',
  at: string,
): FloatParam | IntParam {
  const choices = obj['choices'];
  // An empty list is how gRPC and some YAML writers spell "no choices".
  if (!isAbsent(choices) && !(Array.isArray(choices) && choices.length === 0)) {
    throw new SpecError(`${at}.choices`, `only applies to categorical parameters, not ${type}`, {
      value: obj['choices'],
    });
  }
  const int = type === 'int';
  const low = readBound(obj, 'low', at, int);
  const high = readBound(obj, 'high', at, int);
  if (low > high) {
    throw new SpecError(`${at}.low`, `must be <= high (${high})`, { value: low });
  }
  // Every sampler maps the range onto [0, 1] through high - low; past Number.MAX_VALUE that
  // width is Infinity and every suggestion would collapse onto one bound or NaN.
  if (!Number.isFinite(high - low)) {
    throw new SpecError(
      `${at}.high`,
      `must be at most ${Number.MAX_VALUE} above low (${low}), so that high - low is finite`,
      { value: high },
    );
  }

  const rawLog = obj['log'];
  if (!isAbsent(rawLog) && typeof rawLog !== 'boolean') {
    throw new SpecError(`${at}.log`, 'must be a boolean', { value: rawLog });
  }
  const log = rawLog === true;
  if (log && low <= 0) {
    throw new SpecError(`${at}.low`, 'must be > 0 for a log-scale parameter', { value: low });
  }

  const rawStep = obj['step'];
  let step: number | undefined;
  if (!isAbsent(rawStep)) {
    if (typeof rawStep !== 'number' || !Number.isFinite(rawStep)) {
      throw new SpecError(`${at}.step`, 'must be a finite number', { value: rawStep });
    }
    if (rawStep <= 0) throw new SpecError(`${at}.step`, 'must be > 0', { value: rawStep });
    if (int && !Number.isSafeInteger(rawStep)) {
      throw new SpecError(`${at}.step`, 'must be an integer for an int parameter', {
        value: rawStep,
      });
    }
    // Optuna refuses this too: a log-spaced lattice has no single natural anchor rule.
    if (log) {
      throw new SpecError(`${at}.step`, 'cannot be combined with log: true', { value: rawStep });
    }
    // The lattice has (high - low) / step + 1 points; an infinite count has no index to draw.
    if (!Number.isFinite((high - low) / rawStep)) {
      throw new SpecError(
        `${at}.step`,
        `is too small for the range ${low}..${high}: (high - low) / step overflows`,
        { value: rawStep },
      );
    }
    step = rawStep;
  }

  const spec: FloatParam | IntParam = { name, type, low, high };
  if (log) spec.log = true;
  if (step !== undefined) spec.step = step;
  return spec;
}

function choiceKey(choice: ParamValue): string {
  return `${typeof choice}:${String(choice)}`;
}

function readCategorical(obj: Record<string, unknown>, name: string, at: string): CategoricalParam {
  for (const key of NUMERIC_FIELDS) {
    if (!isAbsent(obj[key]) && !(key === 'log' && obj[key] === false)) {
      throw new SpecError(`${at}.${key}`, 'does not apply to a categorical parameter', {
        value: obj[key],
      });
    }
  }

  const raw = obj['choices'];
  if (isAbsent(raw)) throw new SpecError(`${at}.choices`, 'is required');
  if (!Array.isArray(raw)) throw new SpecError(`${at}.choices`, 'must be an array', { value: raw });
  if (raw.length === 0) throw new SpecError(`${at}.choices`, 'must not be empty', { value: raw });

  const seen = new Map<string, number>();
  const choices: ParamValue[] = [];
  raw.forEach((choice: unknown, i) => {
    const ok =
      typeof choice === 'string' ||
      typeof choice === 'boolean' ||
      (typeof choice === 'number' && Number.isFinite(choice));
    if (!ok) {
      throw new SpecError(`${at}.choices[${i}]`, 'must be a string, a finite number or a boolean', {
        value: choice,
      });
    }
    const key = choiceKey(choice);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new SpecError(`${at}.choices[${i}]`, `duplicates choices[${first}]`, { value: choice });
    }
    seen.set(key, i);
    choices.push(choice);
  });
  return { name, type: 'categorical', choices };
}

function readParam(obj: Record<string, unknown>, name: string, at: string): ParamSpec {
  for (const key of Object.keys(obj)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new SpecError(
        `${at}.${key}`,
        `unknown field; expected one of ${[...KNOWN_FIELDS].join(', ')}`,
      );
    }
  }

  const type = obj['type'];
  if (isAbsent(type)) {
    throw new SpecError(`${at}.type`, `is required; one of ${PARAM_TYPES.join(', ')}`);
  }
  if (type === 'float' || type === 'int') return readNumeric(obj, name, type, at);
  if (type === 'categorical') return readCategorical(obj, name, at);
  throw new SpecError(`${at}.type`, `must be one of ${PARAM_TYPES.join(', ')}`, { value: type });
}

function checkName(name: unknown, at: string): string {
  if (isAbsent(name)) throw new SpecError(`${at}.name`, 'is required');
  if (typeof name !== 'string' || !IDENTIFIER.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new SpecError(
      `${at}.name`,
      `must be a simple identifier (letters, digits and _, not starting with a digit, at most ${MAX_NAME_LENGTH} characters)`,
      { value: name },
    );
  }
  return name;
}

/** Entries as (name, definition, path used in messages before the name is known valid). */
function entriesOf(raw: unknown, field: string): Array<[unknown, Record<string, unknown>, string]> {
  if (Array.isArray(raw)) {
    return raw.map((item: unknown, i) => {
      const at = `${field}[${i}]`;
      if (!isPlainObject(item)) throw new SpecError(at, 'must be an object', { value: item });
      return [item['name'], item, at];
    });
  }
  if (isPlainObject(raw)) {
    return Object.entries(raw).map(([key, item]) => {
      const at = `${field}.${key}`;
      if (!isPlainObject(item)) throw new SpecError(at, 'must be an object', { value: item });
      if (!isAbsent(item['name']) && item['name'] !== key) {
        throw new SpecError(`${at}.name`, `must match its key "${key}" or be omitted`, {
          value: item['name'],
        });
      }
      const { name: _ignored, ...rest } = item;
      return [key, rest, at];
    });
  }
  throw new SpecError(
    field,
    'must be an array of parameters or an object keyed by parameter name',
    {
      value: raw,
    },
  );
}

/**
 * Validates and normalizes a search space; see the module comment for the rules.
 * The result is frozen and holds only the fields that apply to each type.
 */
export function validateSearchSpace(raw: unknown, field = 'searchSpace'): SearchSpace {
  const entries = entriesOf(raw, field);
  if (entries.length === 0) {
    throw new SpecError(field, 'must define at least one parameter', { value: raw });
  }

  const firstIndex = new Map<string, number>();
  const space = entries.map(([rawName, obj, at], i) => {
    const name = checkName(rawName, at);
    const first = firstIndex.get(name);
    if (first !== undefined) {
      throw new SpecError(
        `${at}.name`,
        `duplicate parameter name, first defined at ${field}[${first}]`,
        {
          value: name,
        },
      );
    }
    firstIndex.set(name, i);
    const spec = readParam(obj, name, `${field}.${name}`);
    if (spec.type === 'categorical') Object.freeze(spec.choices);
    return Object.freeze(spec);
  });
  return Object.freeze(space);
}
