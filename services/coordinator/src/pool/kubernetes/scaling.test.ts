// The pool's decisions without a cluster: the desired count with its cooldown, and what one
// reconcile step creates and deletes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScaleDecider } from './autoscaler.js';
import type { PodView } from './pod-state.js';
import { planReconcile, type PlanInput } from './reconciler.js';

const limits = { min: 1, max: 4 };

test('scaling up is immediate, scaling down waits for the cooldown, and limits always apply', () => {
  const decider = new ScaleDecider(10_000);
  assert.equal(decider.desired(0, limits, 0), 1, 'min holds with no demand');
  assert.equal(decider.desired(3, limits, 1_000), 3, 'a rise takes effect at once');
  assert.equal(decider.desired(9, limits, 2_000), 4, 'never above max');
  assert.equal(decider.desired(1, limits, 5_000), 4, 'a fall waits');
  assert.equal(decider.desired(1, limits, 12_500), 1, 'a fall held for the cooldown takes effect');
  assert.equal(decider.desired(1, { min: 0, max: 2 }, 12_600), 1);
  decider.seed(3, 20_000);
  assert.equal(decider.desired(0, { min: 0, max: 2 }, 20_001), 2, 'a lowered max applies at once');
});

const view = (
  name: string,
  condition: PodView['condition'],
  createdAt = 0,
  templateHash = 'h1',
): PodView => ({
  name,
  uid: name,
  condition,
  reason: '',
  message: '',
  createdAt: new Date(createdAt),
  templateHash,
  failed: condition === 'ended',
});

const input = (overrides: Partial<PlanInput>): PlanInput => ({
  views: [],
  deleting: new Set(),
  creating: 0,
  desired: 0,
  max: 4,
  busy: new Set(),
  templateHash: 'h1',
  mayCreate: true,
  ...overrides,
});

test('a step creates up to the desired count, counting pending pods and pods being created', () => {
  const views = [
    view('a', 'ready'),
    view('b', 'pending'),
    view('gone', 'terminating'),
    view('dead', 'ended'),
  ];
  const plan = planReconcile(input({ views, desired: 4, creating: 1 }));
  assert.equal(plan.create, 1);
  assert.deepEqual(
    plan.ended.map((v) => v.name),
    ['dead'],
  );
  assert.equal(
    planReconcile(input({ views, desired: 4, mayCreate: false })).create,
    0,
    'no creation while backing off',
  );
});

test('a step removes pending pods first, then idle ones, and a busy one only above max', () => {
  const views = [
    view('busy1', 'ready', 1),
    view('idle', 'ready', 2),
    view('old', 'ready', 3, 'h0'),
    view('stuck', 'pending', 4),
    view('busy2', 'ready', 5),
  ];
  const busy = new Set(['busy1', 'busy2']);
  assert.deepEqual(
    planReconcile(input({ views, busy, desired: 3 })).remove.map((r) => r.name),
    ['stuck', 'old'],
  );
  assert.deepEqual(
    planReconcile(input({ views, busy, desired: 0, max: 4 })).remove.map((r) => [r.name, r.cause]),
    [
      ['stuck', 'pending'],
      ['old', 'outdated'],
      ['idle', 'idle'],
    ],
    'busy pods stay while the pool is within max',
  );
  assert.deepEqual(
    planReconcile(input({ views, busy, desired: 1, max: 1 }))
      .remove.map((r) => [r.name, r.cause])
      .slice(-1),
    [['busy2', 'above-max']],
  );
});

test('at the desired count an idle pod from an older template is replaced, one at a time', () => {
  const views = [
    view('new', 'ready', 1),
    view('old1', 'ready', 2, 'h0'),
    view('old2', 'ready', 3, 'h0'),
  ];
  assert.deepEqual(planReconcile(input({ views, desired: 3 })).remove, [
    { name: 'old1', cause: 'outdated' },
  ]);
  assert.deepEqual(
    planReconcile(input({ views, desired: 3, busy: new Set(['old1', 'old2']) })).remove,
    [],
  );
});
