/** Shared setup for the fake API server's tests: a server per test, the real client, polling. */
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ApiException, CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { startFakeKubeApi, type FakeKubeApi, type FakeKubeApiOptions } from './fake-api-server.js';
import type { KubeStatus } from './internal/status.js';

export const NAMESPACE = 'hyperfleet';

export interface Harness {
  api: FakeKubeApi;
  kc: KubeConfig;
  core: CoreV1Api;
}

/** A fresh server for one test, closed (with every pod process) when the test ends. */
export async function startHarness(
  t: TestContext,
  options: FakeKubeApiOptions = {},
): Promise<Harness> {
  const api = await startFakeKubeApi(options);
  t.after(() => api.close());
  const kc = api.kubeConfig();
  return { api, kc, core: kc.makeApiClient(CoreV1Api) };
}

/** A pod running `node -e script`, the shape of a worker pod template. */
export function nodePod(
  name: string,
  script: string,
  overrides: Partial<V1Pod['spec']> = {},
): V1Pod {
  return {
    metadata: { name, labels: { app: 'hyperfleet-worker', pool: 'gpu' } },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 5,
      containers: [
        { name: 'worker', image: 'hyperfleet/worker:1.0', command: ['node', '-e', script] },
      ],
      ...overrides,
    },
  };
}

/** Polls `read` through the client until `accept` holds for its result. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}

/** The Status object of a rejected client call, after checking its HTTP code. */
export async function rejectedWith(promise: Promise<unknown>, code: number): Promise<KubeStatus> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiException, `expected an ApiException, got ${String(error)}`);
    assert.equal(
      error.code,
      code,
      `expected HTTP ${code}, got ${error.code}: ${String(error.body)}`,
    );
    // The client keeps no body for some codes (401); the code alone is then the answer.
    return (typeof error.body === 'string' ? JSON.parse(error.body) : { code }) as KubeStatus;
  }
  assert.fail(`expected the call to fail with HTTP ${code}`);
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
