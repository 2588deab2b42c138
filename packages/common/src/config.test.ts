import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, envListenAddress } from './config.js';

const VARIABLE = 'HYPERFLEET_COORDINATOR_LISTEN';

function rejects(value: string, rule: RegExp) {
  assert.throws(
    () => envListenAddress({ [VARIABLE]: value }, VARIABLE, '127.0.0.1:50051'),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.variable, VARIABLE);
      assert.ok(error.message.startsWith(`${VARIABLE}: `), error.message);
      assert.ok(error.message.includes(`(got "${value}")`), error.message);
      assert.match(error.message, rule);
      return true;
    },
  );
}

test('a listen address is host:port, a bracketed IPv6 host, or a unix socket', () => {
  for (const address of ['127.0.0.1:50051', '0.0.0.0:0', 'localhost:65535', 'coordinator.svc:80', '[::1]:50051', '[::]:1', '[fe80::1%eth0]:7', 'unix:/run/hf.sock']) {
    assert.equal(envListenAddress({ [VARIABLE]: address }, VARIABLE, 'unused:1'), address);
  }
  assert.equal(envListenAddress({}, VARIABLE, '127.0.0.1:50051'), '127.0.0.1:50051', 'absent means the default');
});

test('a bad listen address is named with its variable and value', () => {
  rejects('foo', /must be host:port/);
  rejects(':50051', /must be host:port/);
  rejects('::1:50051', /IPv6 host in brackets/);
  rejects('127.0.0.1:', /port from 0 to 65535/);
  rejects('127.0.0.1:65536', /port from 0 to 65535/);
  rejects('127.0.0.1:99999999', /port from 0 to 65535/);
  rejects('127.0.0.1:-1', /port from 0 to 65535/);
  rejects('127.0.0.1:http', /port from 0 to 65535/);
  rejects('127.0.0.1:5e3', /port from 0 to 65535/);
  rejects('unix:', /socket path/);
});
