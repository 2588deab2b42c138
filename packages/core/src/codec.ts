/**
 * One mapping between each parameter and the unit interval, shared by every sampler so that
 * the search-space semantics (lattices, log scale, bounds) are implemented exactly once.
 *
 * `fromUnit(u)` maps u in [0, 1) to a legal value; a uniform u gives the sampling
 * distribution the semantics promise (equal odds per lattice point, uniform in log space
 * when log). `toUnit(v)` is its inverse: for a discrete value it returns the centre of the
 * value's cell, so `fromUnit(toUnit(v)) === v` for every legal value.
 */
import type { ParamSpec, ParamValue, Params, SearchSpace } from './space.js';

export interface ParamCodec {
  readonly spec: ParamSpec;
  /** Number of distinct values; Infinity for a continuous float with low < high. */
  readonly size: number;
  /** True for categorical parameters, whose unit position carries no order. */
  readonly categorical: boolean;
  fromUnit(u: number): ParamValue;
  toUnit(value: ParamValue): number;
  /** The i-th value (0 <= i < size) of a discrete parameter. */
  valueAt(i: number): ParamValue;
  /** Index of a value of a discrete parameter, or -1 when it is not one of its values. */
  indexOf(value: ParamValue): number;
  /** The sub-interval of [0, 1] that `fromUnit` maps to the i-th value (discrete only). */
  unitCell(i: number): [number, number];
}

const LATTICE_TOLERANCE = 1e-9;
const MAX_DECIMALS = 15;

/** Decimal places needed to write x exactly as typed (0.1 -> 1, 1e-3 -> 3, 2.5e-7 -> 8). */
export function decimalsOf(x: number): number {
  const text = Math.abs(x).toString();
  const [mantissa = '', exponent] = text.split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  const shift = exponent === undefined ? 0 : -Number(exponent);
  return Math.max(0, fraction + shift);
}

/** Number of lattice points low + k*step <= high, forgiving float noise in (high-low)/step. */
export function latticeCount(low: number, high: number, step: number): number {
  const ratio = (high - low) / step;
  const nearest = Math.round(ratio);
  const onLattice = Math.abs(ratio - nearest) <= LATTICE_TOLERANCE * Math.max(1, nearest);
  return (onLattice ? nearest : Math.floor(ratio)) + 1;
}

function clampIndex(i: number, size: number): number {
  return Math.min(size - 1, Math.max(0, i));
}

function clampUnit(u: number): number {
  return Math.min(1, Math.max(0, u));
}

class LatticeCodec implements ParamCodec {
  readonly categorical = false;
  readonly size: number;
  readonly #low: number;
  readonly #high: number;
  readonly #step: number;
  readonly #decimals: number | undefined;

  constructor(
    readonly spec: ParamSpec & { low: number; high: number },
    step: number,
  ) {
    this.#low = spec.low;
    this.#high = spec.high;
    this.#step = step;
    this.size = spec.low === spec.high ? 1 : latticeCount(spec.low, spec.high, step);
    const decimals = Math.max(decimalsOf(spec.low), decimalsOf(step));
    this.#decimals = spec.type === 'float' && decimals <= MAX_DECIMALS ? decimals : undefined;
  }

  valueAt(i: number): number {
    const k = clampIndex(i, this.size);
    if (k === 0) return this.#low;
    const raw = this.#low + k * this.#step;
    const rounded = this.#decimals === undefined ? raw : Number(raw.toFixed(this.#decimals));
    return Math.min(this.#high, Math.max(this.#low, rounded));
  }

  indexOf(value: ParamValue): number {
    if (typeof value !== 'number') return -1;
    const i = Math.round((value - this.#low) / this.#step);
    return i >= 0 && i < this.size && this.valueAt(i) === value ? i : -1;
  }

  fromUnit(u: number): number {
    return this.valueAt(Math.floor(clampUnit(u) * this.size));
  }

  toUnit(value: ParamValue): number {
    const v = typeof value === 'number' ? value : this.#low;
    const i = clampIndex(Math.round((v - this.#low) / this.#step), this.size);
    return (i + 0.5) / this.size;
  }

  unitCell(i: number): [number, number] {
    return [i / this.size, (i + 1) / this.size];
  }
}

/** Continuous float, linear or log. */
class ContinuousCodec implements ParamCodec {
  readonly categorical = false;
  readonly size = Infinity;
  readonly #a: number;
  readonly #b: number;
  readonly #log: boolean;

  constructor(
    readonly spec: ParamSpec & { low: number; high: number },
    log: boolean,
  ) {
    this.#log = log;
    this.#a = log ? Math.log(spec.low) : spec.low;
    this.#b = log ? Math.log(spec.high) : spec.high;
  }

  fromUnit(u: number): number {
    const t = this.#a + clampUnit(u) * (this.#b - this.#a);
    const v = this.#log ? Math.exp(t) : t;
    return Math.min(this.spec.high, Math.max(this.spec.low, v));
  }

  toUnit(value: ParamValue): number {
    const v = typeof value === 'number' ? value : this.spec.low;
    const t = this.#log ? Math.log(Math.max(v, this.spec.low)) : v;
    return clampUnit((t - this.#a) / (this.#b - this.#a));
  }

  valueAt(): number {
    throw new RangeError(`${this.spec.name} is continuous and has no value index`);
  }

  indexOf(): number {
    return -1;
  }

  unitCell(): [number, number] {
    throw new RangeError(`${this.spec.name} is continuous and has no cells`);
  }
}

/** Int with log: uniform in log space on [low - 0.5, high + 0.5], rounded, like Optuna. */
class LogIntCodec implements ParamCodec {
  readonly categorical = false;
  readonly size: number;
  readonly #a: number;
  readonly #b: number;

  constructor(readonly spec: ParamSpec & { low: number; high: number }) {
    this.size = spec.high - spec.low + 1;
    this.#a = Math.log(spec.low - 0.5);
    this.#b = Math.log(spec.high + 0.5);
  }

  fromUnit(u: number): number {
    const v = Math.round(Math.exp(this.#a + clampUnit(u) * (this.#b - this.#a)));
    return Math.min(this.spec.high, Math.max(this.spec.low, v));
  }

  toUnit(value: ParamValue): number {
    const v = typeof value === 'number' ? value : this.spec.low;
    return clampUnit((Math.log(Math.max(v, this.spec.low - 0.5)) - this.#a) / (this.#b - this.#a));
  }

  valueAt(i: number): number {
    return this.spec.low + clampIndex(i, this.size);
  }

  indexOf(value: ParamValue): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) return -1;
    const i = value - this.spec.low;
    return i >= 0 && i < this.size ? i : -1;
  }

  unitCell(i: number): [number, number] {
    const v = this.valueAt(i);
    const at = (x: number) => clampUnit((Math.log(x) - this.#a) / (this.#b - this.#a));
    return [at(v - 0.5), at(v + 0.5)];
  }
}

class CategoricalCodec implements ParamCodec {
  readonly categorical = true;
  readonly size: number;
  readonly #choices: readonly ParamValue[];

  constructor(readonly spec: ParamSpec & { choices: ParamValue[] }) {
    this.#choices = spec.choices;
    this.size = spec.choices.length;
  }

  fromUnit(u: number): ParamValue {
    return this.valueAt(Math.floor(clampUnit(u) * this.size));
  }

  toUnit(value: ParamValue): number {
    return (Math.max(0, this.indexOf(value)) + 0.5) / this.size;
  }

  valueAt(i: number): ParamValue {
    return this.#choices[clampIndex(i, this.size)]!;
  }

  indexOf(value: ParamValue): number {
    return this.#choices.indexOf(value);
  }

  unitCell(i: number): [number, number] {
    return [i / this.size, (i + 1) / this.size];
  }
}

export function paramCodec(spec: ParamSpec): ParamCodec {
  if (spec.type === 'categorical') return new CategoricalCodec(spec);
  if (spec.type === 'int') {
    if (spec.log && spec.low < spec.high) return new LogIntCodec(spec);
    return new LatticeCodec(spec, spec.step ?? 1);
  }
  if (spec.step !== undefined || spec.low === spec.high) {
    return new LatticeCodec(spec, spec.step ?? 1);
  }
  return new ContinuousCodec(spec, spec.log === true);
}

const codecCache = new WeakMap<SearchSpace, readonly ParamCodec[]>();

/** Codecs of a space, in its order; cached per (frozen) space object. */
export function spaceCodecs(space: SearchSpace): readonly ParamCodec[] {
  let codecs = codecCache.get(space);
  if (codecs === undefined) {
    codecs = Object.freeze(space.map(paramCodec));
    codecCache.set(space, codecs);
  }
  return codecs;
}

/** Product of the parameters' sizes: the number of distinct points, possibly Infinity. */
export function spaceCardinality(space: SearchSpace): number {
  return spaceCodecs(space).reduce((n, c) => n * c.size, 1);
}

/** Params from one unit coordinate per parameter. */
export function paramsFromUnit(space: SearchSpace, unit: ArrayLike<number>): Params {
  const codecs = spaceCodecs(space);
  const params: Params = {};
  codecs.forEach((codec, i) => {
    params[codec.spec.name] = codec.fromUnit(unit[i] ?? 0.5);
  });
  return params;
}

/**
 * A canonical identity for a point of the space, used to keep suggestions distinct. Numbers,
 * strings and booleans stay apart (`1` is not `"1"`); params outside the space are ignored.
 */
export function paramsKey(space: SearchSpace, params: Params): string {
  // Trial records are immutable snapshots asked about on every suggestion, so the key of
  // each params object is memoized per space; a new object simply misses the memo.
  let memo = keyMemo.get(space);
  if (memo === undefined) {
    memo = new WeakMap();
    keyMemo.set(space, memo);
  }
  let key = memo.get(params);
  if (key === undefined) {
    key = JSON.stringify(space.map((p) => params[p.name] ?? null));
    if (Object.isFrozen(params)) memo.set(params, key);
  }
  return key;
}

const keyMemo = new WeakMap<SearchSpace, WeakMap<Params, string>>();

/**
 * The point with the given mixed-radix index (0 <= index < cardinality) of a fully discrete
 * space; the last parameter varies fastest.
 */
export function pointAtIndex(space: SearchSpace, index: number): Params {
  const codecs = spaceCodecs(space);
  const params: Params = {};
  let rest = index;
  for (let i = codecs.length - 1; i >= 0; i--) {
    const codec = codecs[i]!;
    const digit = rest % codec.size;
    rest = Math.floor(rest / codec.size);
    params[codec.spec.name] = codec.valueAt(digit);
  }
  return params;
}

/** Whether `value` is a legal value of the parameter (on its lattice, within bounds). */
export function isLegal(codec: ParamCodec, value: ParamValue | undefined): boolean {
  if (value === undefined) return false;
  if (Number.isFinite(codec.size)) return codec.indexOf(value) >= 0;
  const spec = codec.spec as { low: number; high: number };
  return typeof value === 'number' && value >= spec.low && value <= spec.high;
}
