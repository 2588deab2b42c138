import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCoordinatorConfig } from './config.js';

test('a bad HYPERFLEET_COORDINATOR_LISTEN stops the coordinator naming the variable and value', () => {
  assert.throws(
    () => readCoordinatorConfig({ HYPERFLEET_AUTH: 'none', HYPERFLEET_COORDINATOR_LISTEN: '127.0.0.1:70000' }),
    /^ConfigError: HYPERFLEET_COORDINATOR_LISTEN: must end in a port from 0 to 65535 \(got "127\.0\.0\.1:70000"\)$/,
  );
  assert.equal(readCoordinatorConfig({ HYPERFLEET_AUTH: 'none', HYPERFLEET_COORDINATOR_LISTEN: '[::1]:0' }).listen, '[::1]:0');
});
