import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ControlRouter } from './trial-runner.js';

test('a decision seen before its trial starts here reaches the trial when it listens', () => {
  const router = new ControlRouter(1_000);
  router.deliver('t1', { action: 'cancel', reason: 'sweep cancelled' });
  const got: string[] = [];
  const unlisten = router.listen('t1', (signal) => got.push(signal.action));
  router.deliver('t1', { action: 'prune', reason: 'rule' });
  unlisten();
  router.deliver('t1', { action: 'cancel', reason: 'again' });
  assert.deepEqual(got, ['cancel', 'prune']);
  router.listen('t2', (signal) => got.push(`t2 ${signal.action}`));
  assert.deepEqual(got, ['cancel', 'prune'], 'no decision for another trial');
});

test('only assignments stored before the watcher opened (with clock slack) need the bucket read', () => {
  const router = new ControlRouter(1_000_000);
  assert.equal(router.mayHaveMissed(900_000), true);
  assert.equal(router.mayHaveMissed(1_004_000), true, "within the clock slack");
  assert.equal(router.mayHaveMissed(1_100_000), false);
});
