import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  createSampler,
  SpecError,
  Study,
  validateSamplerConfig,
  validateSearchSpace,
  type Params,
} from '../../index.js';
import { Rng } from '../../rng.js';
import { logExpectedImprovement } from './acquisition.js';
import { fitHyperparameters, GpPosterior, negativeLogPosterior, type GpData } from './model.js';

function sampleData(
  n: number,
  d: number,
  f: (x: Float64Array) => number,
  categorical = new Uint8Array(d),
): GpData {
  const rng = Rng.derive(n, d);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = Float64Array.from({ length: d }, (_, k) =>
      categorical[k] ? rng.int(3) : rng.float(),
    );
    x.set(row, i * d);
    y[i] = f(row);
  }
  return { x, y, n, d, categorical };
}

function checkGradient(
  f: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  tolerance: number,
): void {
  const g = new Float64Array(x0.length);
  f(x0, g);
  const scratch = new Float64Array(x0.length);
  for (let k = 0; k < x0.length; k++) {
    const h = 1e-6;
    const plus = Float64Array.from(x0);
    const minus = Float64Array.from(x0);
    plus[k] = plus[k]! + h;
    minus[k] = minus[k]! - h;
    const numeric = (f(plus, scratch) - f(minus, scratch)) / (2 * h);
    assert.ok(
      Math.abs(numeric - g[k]!) <= tolerance * Math.max(1, Math.abs(numeric)),
      `coordinate ${k}: ${g[k]} vs ${numeric}`,
    );
  }
}

describe('GP model', () => {
  const data = sampleData(
    25,
    3,
    (x) => Math.sin(6 * x[0]!) + x[1]! ** 2 + (x[2] === 1 ? 0.5 : 0),
    Uint8Array.of(0, 0, 1),
  );

  it('has an analytic likelihood gradient that matches finite differences', () => {
    checkGradient(
      (z, g) => negativeLogPosterior(data, z, g),
      Float64Array.of(-0.3, 0.2, 0.5, 0.1, -1.5),
      1e-4,
    );
  });

  it('has prediction and log EI gradients that match finite differences', () => {
    const posterior = new GpPosterior(data, fitHyperparameters(data));
    const point = Float64Array.of(0.37, 0.61, 1);
    checkGradient(
      (x, g) => {
        const gv = new Float64Array(3);
        const mean = posterior.predict(x, g, gv).mean;
        g[2] = 0;
        return mean;
      },
      point,
      1e-4,
    );
    checkGradient(
      (x, g) => {
        const gm = new Float64Array(3);
        const variance = posterior.predict(x, gm, g).variance;
        g[2] = 0;
        return variance;
      },
      point,
      1e-4,
    );
    checkGradient(
      (x, g) => {
        const v = logExpectedImprovement(posterior, x, -0.5, g);
        g[2] = 0;
        return v;
      },
      point,
      1e-4,
    );
  });

  it('interpolates noise-free observations', () => {
    const posterior = new GpPosterior(data, fitHyperparameters(data));
    for (let i = 0; i < 5; i++) {
      const { mean, variance } = posterior.predict(data.x.subarray(i * 3, i * 3 + 3));
      assert.ok(Math.abs(mean - data.y[i]!) < 0.05, `${mean} vs ${data.y[i]}`);
      assert.ok(variance < 0.01);
    }
  });

  it('learns a long lengthscale for a parameter the target ignores', () => {
    const flat = sampleData(40, 2, (x) => Math.sin(8 * x[0]!));
    const hyper = fitHyperparameters(flat);
    assert.ok(
      hyper.logLengthscales[1]! > hyper.logLengthscales[0]! + 1,
      String(hyper.logLengthscales),
    );
  });
});

describe('GP sampler', () => {
  const space2d = [
    { name: 'a', type: 'float', low: -2, high: 2 },
    { name: 'b', type: 'float', low: -2, high: 2 },
  ];

  function best(
    direction: 'minimize' | 'maximize',
    f: (p: Params) => number,
    trials: number,
    space: unknown = space2d,
  ) {
    const study = new Study({ space, direction, sampler: { name: 'gp' }, seed: 3 });
    for (let i = 0; i < trials; i++) {
      const { number, params } = study.ask();
      study.tell(number, f(params));
    }
    return study.bestTrial()!;
  }

  it('converges on a smooth minimum, and on a maximum when maximizing', () => {
    const bowl = (p: Params) => ((p['a'] as number) - 0.7) ** 2 + ((p['b'] as number) + 1.2) ** 2;
    assert.ok(bowl(best('minimize', bowl, 25).params) < 1e-3);
    const hill = (p: Params) => -bowl(p);
    assert.ok(hill(best('maximize', hill, 25).params) > -1e-3);
  });

  it('handles ints and categoricals', () => {
    const space = [
      { name: 'n', type: 'int', low: 1, high: 64, log: true },
      { name: 'opt', type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
      { name: 'x', type: 'float', low: 0, high: 1, step: 0.05 },
    ];
    const f = (p: Params) =>
      Math.abs(Math.log2(p['n'] as number) - 3) +
      (p['opt'] === 'adam' ? 0 : 1) +
      ((p['x'] as number) - 0.35) ** 2;
    const trial = best('minimize', f, 30, space);
    assert.deepEqual(trial.params, { n: 8, opt: 'adam', x: 0.35 });
  });

  it('spreads a batch asked with trials in flight (fantasies)', () => {
    const space = validateSearchSpace(space2d);
    const spread = (fantasize: boolean) => {
      const study = new Study({
        space,
        direction: 'minimize',
        sampler: { name: 'gp', fantasize },
        seed: 5,
      });
      for (let i = 0; i < 12; i++) {
        const { number, params } = study.ask();
        study.tell(number, ((params['a'] as number) - 1) ** 2 + (params['b'] as number) ** 2);
      }
      const batch = Array.from({ length: 4 }, () => study.ask().params);
      let nearest = Infinity;
      for (let i = 0; i < batch.length; i++) {
        for (let j = 0; j < i; j++) {
          const d = Math.hypot(
            (batch[i]!['a'] as number) - (batch[j]!['a'] as number),
            (batch[i]!['b'] as number) - (batch[j]!['b'] as number),
          );
          nearest = Math.min(nearest, d);
        }
      }
      return nearest;
    };
    assert.ok(spread(true) > 10 * spread(false), `${spread(true)} vs ${spread(false)}`);
  });

  it('validates its options and rejects spaces beyond its size', () => {
    assert.deepEqual(validateSamplerConfig('gp'), {
      name: 'gp',
      nStartupTrials: 10,
      fantasize: true,
    });
    const wide = validateSearchSpace(
      Array.from({ length: 40 }, (_, i) => ({ name: `x${i}`, type: 'float', low: 0, high: 1 })),
    );
    assert.throws(
      () => createSampler({ name: 'gp' }, wide),
      (err: unknown) => err instanceof SpecError && /at most 32/.test(err.message),
    );
  });
});
