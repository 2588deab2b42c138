/**
 * The search-space semantics, checked for every sampler through the public Study API.
 * Model-based samplers are told real objective values so that their models, not only their
 * startup phase, produce the values checked here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SearchExhaustedError, Study, type Params, type SamplerConfig } from './index.js';

const SAMPLERS: SamplerConfig[] = [
  { name: 'random' },
  { name: 'grid' },
  { name: 'sobol' },
  { name: 'tpe', nStartupTrials: 3 },
  { name: 'tpe', multivariate: false, nStartupTrials: 3 },
  { name: 'gp', nStartupTrials: 3 },
];

/** Samplers that draw uniformly, for which equal frequencies are promised. */
const UNIFORM = new Set(['random', 'sobol']);

function numeric(params: Params, name: string): number {
  const v = params[name];
  assert.equal(typeof v, 'number');
  return v as number;
}

/** Runs a study telling `objective`, with `inFlight` trials asked before the oldest is told. */
function run(
  sampler: SamplerConfig,
  space: unknown,
  trials: number,
  objective: (p: Params) => number,
  opts: { seed?: number; inFlight?: number; direction?: 'minimize' | 'maximize' } = {},
): Params[] {
  const study = new Study({
    space,
    direction: opts.direction ?? 'minimize',
    sampler,
    seed: opts.seed ?? 1,
  });
  const pending: Array<{ number: number; params: Params }> = [];
  const asked: Params[] = [];
  for (let i = 0; i < trials; i++) {
    let trial: { number: number; params: Params };
    try {
      trial = study.ask();
    } catch (err) {
      // Only grid runs out, and only after it has handed out every point once.
      if (err instanceof SearchExhaustedError && sampler.name === 'grid') break;
      throw err;
    }
    asked.push(trial.params);
    pending.push(trial);
    if (pending.length >= (opts.inFlight ?? 1)) {
      const done = pending.shift()!;
      study.tell(done.number, objective(done.params));
    }
  }
  return asked;
}

function gridCapable(space: unknown[]): boolean {
  return space.every(
    (p) => (p as { type: string; step?: number }).type !== 'float' || 'step' in (p as object),
  );
}

for (const sampler of SAMPLERS) {
  describe(`search-space semantics under ${JSON.stringify(sampler)}`, () => {
    const lattice = [{ name: 'n', type: 'int', low: 1, high: 10, step: 3 }];

    it('int low 1, high 10, step 3 yields only 1, 4, 7 and 10, each reachable', () => {
      const values = run(sampler, lattice, 4, (p) => numeric(p, 'n')).map((p) => p['n']);
      const more = run(sampler, lattice, 40, (p) => Math.abs(numeric(p, 'n') - 5), { seed: 3 });
      const seen = new Set([...values, ...more.map((p) => p['n'])]);
      assert.deepEqual(
        [...seen].sort((a, b) => Number(a) - Number(b)),
        [1, 4, 7, 10],
      );
    });

    it('int low 2, high 4, step 3 always yields 2', () => {
      const values = run(
        sampler,
        [{ name: 'n', type: 'int', low: 2, high: 4, step: 3 }],
        6,
        () => 1,
      );
      assert.deepEqual(
        values.map((p) => p['n']),
        [2, 2, 2, 2, 2, 2].slice(0, values.length),
      );
    });

    it('float low 0.5, high 0.9, step 0.1 yields exactly 0.5, 0.6, 0.7, 0.8 and 0.9', () => {
      const space = [{ name: 'x', type: 'float', low: 0.5, high: 0.9, step: 0.1 }];
      const seen = new Set<number>();
      for (const seed of [1, 2, 3]) {
        for (const p of run(sampler, space, 5, (q) => (numeric(q, 'x') - 0.72) ** 2, { seed })) {
          seen.add(numeric(p, 'x'));
        }
      }
      assert.deepEqual([...seen].sort(), [0.5, 0.6, 0.7, 0.8, 0.9]);
    });

    it('low == high (linear and log) and a one-choice categorical give that exact value', () => {
      const space = [
        { name: 'a', type: 'float', low: 0.3, high: 0.3 },
        { name: 'b', type: 'float', low: 1e-3, high: 1e-3, log: true },
        { name: 'c', type: 'int', low: 5, high: 5, log: true },
        { name: 'd', type: 'categorical', choices: ['only'] },
        { name: 'e', type: 'int', low: 0, high: 3 },
      ];
      const asked = run(sampler, space, 10, (p) => numeric(p, 'e'), { inFlight: 2 });
      for (const p of asked) {
        assert.equal(p['a'], 0.3);
        assert.equal(p['b'], 1e-3);
        assert.equal(p['c'], 5);
        assert.equal(p['d'], 'only');
      }
    });

    const mixed = [
      { name: 'lr', type: 'float', low: 1e-5, high: 1e-1, log: true },
      { name: 'x', type: 'float', low: -2, high: 3 },
      { name: 'units', type: 'int', low: 8, high: 512, log: true },
      { name: 'k', type: 'int', low: -3, high: 3 },
      { name: 'act', type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
    ];
    const objective = (p: Params) =>
      (Math.log10(numeric(p, 'lr')) + 3) ** 2 +
      numeric(p, 'x') ** 2 +
      Math.abs(numeric(p, 'k')) +
      (p['act'] === 'relu' ? 0 : 1);

    if (gridCapable(mixed)) {
      it('keeps every value within its bounds, with integer ints', () => {
        for (const p of run(sampler, mixed, 40, objective)) checkBounds(p);
      });
    }

    it('samples a range almost as wide as a float allows, within its bounds on both sides', () => {
      // Width 1.7e308, just under Number.MAX_VALUE: the widest range validation accepts.
      const [low, high] = [-7e307, 1e308];
      const spaces: unknown[][] = [[{ name: 'x', type: 'float', low, high, step: 1e307 }]];
      if (sampler.name !== 'grid') spaces.push([{ name: 'x', type: 'float', low, high }]);
      for (const space of spaces) {
        const xs = run(sampler, space, 30, (p) => Math.abs(numeric(p, 'x') / 1e307 - 3)).map((p) =>
          numeric(p, 'x'),
        );
        assert.ok(
          xs.every((x) => Number.isFinite(x) && x >= low && x <= high),
          `${JSON.stringify(space)}: ${xs.join(', ')}`,
        );
        assert.ok(xs.some((x) => x < 0) && xs.some((x) => x > 0), xs.join(', '));
      }
    });

    it('asks a batch of 5 pairwise distinct points before any result, and after some', () => {
      const space = gridCapable(mixed)
        ? mixed
        : [
            { name: 'k', type: 'int', low: 0, high: 7 },
            { name: 'b', type: 'categorical', choices: [true, false] },
          ];
      const study = new Study({ space, direction: 'minimize', sampler, seed: 9 });
      const first = Array.from({ length: 5 }, () => JSON.stringify(study.ask().params));
      assert.equal(new Set(first).size, 5);
      for (const t of study.trials) study.tell(t.number, t.number % 3);
      const second = Array.from({ length: 5 }, () => JSON.stringify(study.ask().params));
      assert.equal(new Set([...first, ...second]).size, 10);
    });

    it('is deterministic per seed', () => {
      const space = [
        { name: 'k', type: 'int', low: 0, high: 50 },
        { name: 'c', type: 'categorical', choices: [1, 2, 3] },
      ];
      const f = (p: Params) => (numeric(p, 'k') - 20) ** 2 + numeric(p, 'c');
      const a = run(sampler, space, 25, f, { seed: 4, inFlight: 3 });
      const b = run(sampler, space, 25, f, { seed: 4, inFlight: 3 });
      const c = run(sampler, space, 25, f, { seed: 5, inFlight: 3 });
      assert.deepEqual(a, b);
      assert.notDeepEqual(a, c);
    });

    if (UNIFORM.has(sampler.name)) {
      it('samples each lattice value about equally often', () => {
        const counts = new Map<unknown, number>();
        for (let seed = 0; seed < 400; seed++) {
          for (const p of run(sampler, lattice, 3, () => 0, { seed })) {
            counts.set(p['n'], (counts.get(p['n']) ?? 0) + 1);
          }
        }
        // 1200 draws of 4 values, but 3 draws per study are kept distinct, which keeps the
        // odds equal by symmetry; 300 expected each, allow about 4 standard deviations.
        for (const v of [1, 4, 7, 10])
          assert.ok(Math.abs((counts.get(v) ?? 0) - 300) < 60, `${v}: ${counts.get(v)}`);
      });

      it('samples a log-scale float uniformly in log space', () => {
        const space = [{ name: 'lr', type: 'float', low: 1e-4, high: 1, log: true }];
        let below = 0;
        for (let seed = 0; seed < 1000; seed++) {
          const [p] = run(sampler, space, 1, () => 0, { seed });
          if (numeric(p!, 'lr') < 1e-2) below += 1;
        }
        assert.ok(Math.abs(below - 500) < 70, `below 1e-2: ${below}`);
      });
    }
  });
}

function checkBounds(p: Params): void {
  const lr = numeric(p, 'lr');
  assert.ok(lr >= 1e-5 && lr <= 1e-1, `lr ${lr}`);
  const x = numeric(p, 'x');
  assert.ok(x >= -2 && x <= 3, `x ${x}`);
  const units = numeric(p, 'units');
  assert.ok(Number.isInteger(units) && units >= 8 && units <= 512, `units ${units}`);
  const k = numeric(p, 'k');
  assert.ok(Number.isInteger(k) && k >= -3 && k <= 3, `k ${k}`);
  assert.ok(['relu', 'tanh', 'gelu'].includes(p['act'] as string));
}
