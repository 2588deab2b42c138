import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localPool, pool } from '../test-support.js';
import { poolDetails, poolHeadline } from './pool-view.js';

describe('poolDetails', () => {
  it('shows the counts and limits, the pending workers, the reasons and the events', () => {
    assert.deepEqual(poolDetails(pool()), [
      'pool hf-workers (kubernetes, namespace hyperfleet): desired 3, ready 2, pending 1, busy 2, demand 5, min 0, max 4',
      '',
      'pending:',
      '  NAME             REASON         MESSAGE                                                  SINCE',
      '  hf-worker-x7k2p  Unschedulable  0/3 nodes are available: 3 Insufficient nvidia.com/gpu.  2025-12-04 10:00:30Z',
      '',
      'why:',
      '  1 worker pod(s) unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
      '',
      'recent events:',
      '  TIME                  TYPE            WORKER           TRIAL                                 MESSAGE',
      '  2025-12-04 10:00:31Z  WORKER_PENDING  hf-worker-x7k2p  -                                     0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
      '  2025-12-04 10:00:20Z  WORKER_FAILED   hf-worker-q9m4d  22222222-2222-4222-8222-000000000003  worker pod hf-worker-q9m4d OOMKilled (exit 137)',
    ]);
  });

  it('says none for empty sections and leaves out "why" when there is no reason', () => {
    assert.deepEqual(poolDetails(localPool()), [
      'pool local (local): desired 2, ready 2, pending 0, busy 1, demand 1, fixed size',
      '',
      'pending: none',
      '',
      'recent events: none',
    ]);
  });

  it('puts a multi-line message on one row and marks an unknown start with a dash', () => {
    const lines = poolDetails(
      pool({
        pendingWorkers: [
          {
            name: 'hf-worker-b2c3d',
            reason: 'Creating',
            message: 'created,\n  not yet seen by the watch',
            since: '',
          },
        ],
      }),
    );
    assert.equal(lines[4], '  hf-worker-b2c3d  Creating  created, not yet seen by the watch  -');
  });
});

describe('poolHeadline', () => {
  it('says "fixed size" rather than min and max for a pool that cannot be limited', () => {
    assert.equal(
      poolHeadline(localPool({ kind: 'none', name: 'none', desired: 0, ready: 0 })),
      'pool none (none): desired 0, ready 0, pending 0, busy 1, demand 1, fixed size',
    );
  });
});
