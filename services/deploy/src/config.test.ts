import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDeployConfig } from './config.js';

test('a bad HYPERFLEET_DEPLOY_LISTEN stops the deploy service naming the variable and value', () => {
  assert.throws(
    () => readDeployConfig({ HYPERFLEET_AUTH: 'none', HYPERFLEET_DEPLOY_LISTEN: 'foo' }),
    /^ConfigError: HYPERFLEET_DEPLOY_LISTEN: must be host:port.* \(got "foo"\)$/,
  );
  assert.equal(readDeployConfig({ HYPERFLEET_AUTH: 'none' }).listen, '127.0.0.1:50052');
});
