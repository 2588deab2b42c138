/**
 * Limited-memory BFGS with optional box bounds (projected search directions and an Armijo
 * backtracking line search along the projected path). Used to fit GP hyperparameters and to
 * polish acquisition maxima; both are smooth, low-dimensional problems where this simple
 * scheme converges in tens of iterations.
 */

/** Returns f(x) and writes the gradient into `grad`. Minimized. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** History pairs kept for the inverse-Hessian estimate. */
  memory?: number;
  lower?: number;
  upper?: number;
  /** Stop when the projected gradient's largest component falls below this. */
  gradientTolerance?: number;
  /** Stop when an iteration improves f by less than this fraction. */
  relativeTolerance?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
}

const ARMIJO_C = 1e-4;
const MAX_BACKTRACKS = 30;

function project(x: Float64Array, lower: number, upper: number): void {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(upper, Math.max(lower, x[i]!));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function minimizeLbfgs(
  f: Objective,
  x0: ArrayLike<number>,
  options: LbfgsOptions,
): LbfgsResult {
  const n = x0.length;
  const lower = options.lower ?? -Infinity;
  const upper = options.upper ?? Infinity;
  const memory = options.memory ?? 8;
  const gtol = options.gradientTolerance ?? 1e-6;
  const rtol = options.relativeTolerance ?? 1e-9;

  const x = Float64Array.from(x0);
  project(x, lower, upper);
  const g = new Float64Array(n);
  let fx = f(x, g);
  if (!Number.isFinite(fx)) return { x, value: fx, iterations: 0 };

  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Float64Array(memory);
  let iterations = 0;

  for (; iterations < options.maxIterations; iterations++) {
    // Variables held at a bound by a gradient pushing outward do not move this iteration.
    const free = new Uint8Array(n);
    let pgMax = 0;
    for (let i = 0; i < n; i++) {
      const blocked = (x[i]! <= lower && g[i]! > 0) || (x[i]! >= upper && g[i]! < 0);
      free[i] = blocked ? 0 : 1;
      if (!blocked) pgMax = Math.max(pgMax, Math.abs(g[i]!));
    }
    if (pgMax < gtol) break;

    // Two-loop recursion on the free variables.
    for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i]! : 0;
    const m = sList.length;
    for (let k = m - 1; k >= 0; k--) {
      const rho = 1 / dot(yList[k]!, sList[k]!);
      alpha[k] = rho * dot(sList[k]!, d);
      for (let i = 0; i < n; i++) d[i] = d[i]! - alpha[k]! * yList[k]![i]!;
    }
    if (m > 0) {
      const scale = dot(sList[m - 1]!, yList[m - 1]!) / dot(yList[m - 1]!, yList[m - 1]!);
      for (let i = 0; i < n; i++) d[i] = d[i]! * scale;
    }
    for (let k = 0; k < m; k++) {
      const rho = 1 / dot(yList[k]!, sList[k]!);
      const beta = rho * dot(yList[k]!, d);
      for (let i = 0; i < n; i++) d[i] = d[i]! + sList[k]![i]! * (alpha[k]! - beta);
    }
    for (let i = 0; i < n; i++) if (!free[i]) d[i] = 0;
    if (dot(d, g) >= 0) {
      // Not a descent direction (curvature information went stale): restart from -g.
      sList.length = 0;
      yList.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i]! : 0;
    }

    let step = m === 0 ? Math.min(1, 1 / Math.max(pgMax, 1e-12)) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let b = 0; b < MAX_BACKTRACKS; b++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      project(xNew, lower, upper);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += g[i]! * (xNew[i]! - x[i]!);
      fNew = f(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= fx + ARMIJO_C * decrease) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    if (dot(s, y) > 1e-12) {
      sList.push(s);
      yList.push(y);
      if (sList.length > memory) {
        sList.shift();
        yList.shift();
      }
    }

    const improvement = fx - fNew;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (improvement <= rtol * Math.max(1, Math.abs(fx))) {
      iterations++;
      break;
    }
  }
  return { x, value: fx, iterations };
}
