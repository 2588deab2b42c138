import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { SweepEvent__Output } from '@hyperfleet/proto';
import { InterruptedError } from './errors.js';
import { RECONNECT } from './follow.js';
import { run } from './run.js';
import {
  at,
  event,
  fakeDeploy,
  fakePool,
  fakeSweeps,
  localPool,
  pool,
  serviceError,
  stream,
  sweep,
  SWEEP_ID,
  testIo,
  trial,
  trialCounts,
} from './test-support.js';

const EXAMPLE_SPEC = new URL('../../../examples/mnist-mlp.yaml', import.meta.url).pathname;

function finishedAs(
  state: 'SWEEP_COMPLETED' | 'SWEEP_FAILED' | 'SWEEP_CANCELLED',
): SweepEvent__Output[] {
  const done = trial(0, {
    state: 'COMPLETED',
    value: 0.9,
    attempt: 1,
    workerId: 'w-1',
    startedAt: at(1),
    finishedAt: at(9),
  });
  return [
    event('SNAPSHOT', sweep()),
    event(
      'TRIAL_STARTED',
      sweep({ counts: trialCounts({ running: 1, total: 1 }) }),
      trial(0, { state: 'RUNNING', attempt: 1, workerId: 'w-1', startedAt: at(1) }),
    ),
    event(
      'TRIAL_COMPLETED',
      sweep({ counts: trialCounts({ completed: 1, total: 1 }), bestTrial: done }),
      done,
    ),
    event(
      'SWEEP_FINISHED',
      sweep({
        state,
        counts: trialCounts({ completed: 1, total: 1 }),
        bestTrial: done,
        finishedAt: at(10),
      }),
    ),
  ];
}

function watching(events: SweepEvent__Output[]) {
  return testIo({ sweeps: () => fakeSweeps({ watchSweep: () => stream(events) }) });
}

describe('hyperfleet sweep watch', () => {
  it('exits 0 when the sweep ends COMPLETED, with one plain line per change off a terminal', async () => {
    const io = watching(finishedAs('SWEEP_COMPLETED'));
    assert.equal(await run(['sweep', 'watch', SWEEP_ID], io), 0);
    assert.deepEqual(io.stdout.lines, [
      `sweep ${SWEEP_ID} (mnist-mlp) RUNNING: 0/4 done, 0 running, 0 queued; best -`,
      '[0:01] trial #0 running on w-1 (attempt 1)',
      '[0:09] trial #0 completed val_accuracy=0.9 (new best)',
      'sweep COMPLETED after 10s: 1 completed, 0 pruned, 0 failed, 0 cancelled; best #0 val_accuracy=0.9; hidden_units=128 learning_rate=0.00312',
    ]);
    assert.equal(io.stdout.text.includes('\r'), false);
  });

  it('exits 1 when the sweep ends FAILED or CANCELLED', async () => {
    assert.equal(await run(['sweep', 'watch', SWEEP_ID], watching(finishedAs('SWEEP_FAILED'))), 1);
    assert.equal(
      await run(['sweep', 'watch', SWEEP_ID], watching(finishedAs('SWEEP_CANCELLED'))),
      1,
    );
  });

  it('writes one JSON object per event with --json, before or after the command', async () => {
    for (const argv of [
      ['--json', 'sweep', 'watch', SWEEP_ID],
      ['sweep', 'watch', SWEEP_ID, '--json'],
    ]) {
      const io = watching(finishedAs('SWEEP_COMPLETED'));
      assert.equal(await run(argv, io), 0);
      const records = io.stdout.lines.map(
        (line) => JSON.parse(line) as { type: string; trial?: { params: unknown } },
      );
      assert.deepEqual(
        records.map((record) => record.type),
        ['SNAPSHOT', 'TRIAL_STARTED', 'TRIAL_COMPLETED', 'SWEEP_FINISHED'],
      );
      assert.deepEqual(records[1]!.trial!.params, { hidden_units: 128, learning_rate: 0.00312 });
    }
  });

  it('redraws a single progress line on a terminal and ends with the summary', async () => {
    const io = testIo(
      { sweeps: () => fakeSweeps({ watchSweep: () => stream(finishedAs('SWEEP_COMPLETED')) }) },
      { tty: true },
    );
    assert.equal(await run(['sweep', 'watch', SWEEP_ID], io), 0);
    const [live, summary] = io.stdout.text.split('\n');
    assert.match(live!, /^\rmnist-mlp .* 0\/4 done · 0 running/);
    assert.match(
      live!,
      /\rmnist-mlp .* 1\/4 done · 0 running · 0 failed · 0 pruned · best 0\.9 \(#0\) · 0:10\x1b\[K$/,
    );
    assert.match(summary!, /^sweep COMPLETED after 10s/);
  });

  it('opens a lost stream again and catches up from the new snapshot', async () => {
    const saved = RECONNECT.firstDelayMs;
    RECONNECT.firstDelayMs = 1;
    try {
      const streams = [
        stream(
          finishedAs('SWEEP_COMPLETED').slice(0, 2),
          serviceError(status.UNAVAILABLE, 'Connection dropped'),
        ),
        stream(finishedAs('SWEEP_COMPLETED')),
      ];
      const io = testIo({ sweeps: () => fakeSweeps({ watchSweep: () => streams.shift()! }) });
      assert.equal(await run(['sweep', 'watch', SWEEP_ID], io), 0);
      assert.match(
        io.stderr.text,
        /lost the watch of sweep .*; reconnecting to 127\.0\.0\.1:50051 for up to 60s\n.*watching sweep .* again/,
      );
      assert.equal(
        io.stdout.lines.filter((line) => line.startsWith('sweep ') && line.includes('RUNNING:'))
          .length,
        2,
      );
    } finally {
      RECONNECT.firstDelayMs = saved;
    }
  });

  it('fails with exit 3 when the coordinator cannot be reached at all', async () => {
    const io = testIo({
      sweeps: () =>
        fakeSweeps({
          watchSweep: () => stream([], serviceError(status.UNAVAILABLE, 'connect ECONNREFUSED')),
        }),
    });
    assert.equal(
      await run(['sweep', 'watch', SWEEP_ID, '--coordinator', '127.0.0.1:50071'], io),
      3,
    );
    assert.deepEqual(io.stderr.lines, [
      'error: connect ECONNREFUSED',
      '  UNAVAILABLE: is the coordinator running at 127.0.0.1:50071?',
    ]);
  });

  it('stops on Ctrl-C with exit 130 and says the sweep goes on', async () => {
    const interrupt = new AbortController();
    async function* hanging() {
      yield event('SNAPSHOT', sweep());
      await new Promise(() => {});
    }
    const io = {
      ...testIo({
        sweeps: () =>
          fakeSweeps({ watchSweep: () => hanging() as AsyncGenerator<SweepEvent__Output> }),
      }),
      signal: interrupt.signal,
    };
    const code = run(['sweep', 'watch', SWEEP_ID], io);
    setTimeout(() => interrupt.abort(new InterruptedError()), 10);
    assert.equal(await code, 130);
    assert.match(io.stderr.text, /stopped watching; the sweep goes on \(hyperfleet sweep watch /);
  });
});

describe('hyperfleet sweep submit', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hf-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file and the field of a bad spec, before any call', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'name: x\nbudget: 3\n');
    const io = testIo();
    assert.equal(await run(['sweep', 'submit', file], io), 2);
    assert.match(io.stderr.lines[0]!, new RegExp(`^error: ${file}: `));
    assert.doesNotMatch(io.stderr.text, /\n\s+at /);
  });

  it('prints the new sweep and how to follow it', async () => {
    const io = testIo({
      sweeps: () =>
        fakeSweeps({
          createSweep: async (spec) => sweep({ spec: { ...sweep().spec!, name: spec.name! } }),
        }),
    });
    assert.equal(await run(['sweep', 'submit', EXAMPLE_SPEC], io), 0);
    assert.deepEqual(io.stdout.lines, [
      `submitted sweep ${SWEEP_ID} (mnist-mlp): 4 trials, seed 42`,
    ]);
    assert.match(io.stderr.text, /hyperfleet sweep watch 1111/);
  });

  it('follows the sweep with --watch and exits by its end state', async () => {
    const io = testIo({
      sweeps: () =>
        fakeSweeps({
          createSweep: async () => sweep(),
          watchSweep: () => stream(finishedAs('SWEEP_FAILED')),
        }),
    });
    assert.equal(await run(['sweep', 'submit', EXAMPLE_SPEC, '--watch'], io), 1);
    assert.match(io.stdout.lines.at(-1)!, /^sweep FAILED/);
  });

  it('shows a rejection by the server with the field and the file', async () => {
    const rejected = serviceError(
      status.INVALID_ARGUMENT,
      'searchSpace.layers.high: must be >= low (got 0)',
    );
    const io = testIo({
      sweeps: () => fakeSweeps({ createSweep: () => Promise.reject(rejected) }),
    });
    assert.equal(await run(['sweep', 'submit', EXAMPLE_SPEC], io), 2);
    assert.deepEqual(io.stderr.lines, [
      'error: searchSpace.layers.high: must be >= low (got 0)',
      '  INVALID_ARGUMENT: from the coordinator at 127.0.0.1:50051',
      `  in the spec file ${EXAMPLE_SPEC}`,
    ]);
  });
});

describe('hyperfleet trials list', () => {
  it('rejects a bad flag with exit 2 before dialing anything', async () => {
    const io = testIo({ sweeps: () => assert.fail('no client should be needed') });
    assert.equal(await run(['trials', 'list', SWEEP_ID, '--limit', 'abc'], io), 2);
    assert.deepEqual(io.stderr.lines, [
      'error: --limit: must be an integer from 1 to 1000 (got "abc")',
    ]);
  });

  it('reads every page with --all and sends the filters as the API names them', async () => {
    const requests: unknown[] = [];
    const pages = [
      { trials: [trial(0), trial(1)], nextPageToken: 'p2', totalSize: 3 },
      { trials: [trial(2)], nextPageToken: '', totalSize: 3 },
    ];
    const io = testIo({
      sweeps: () =>
        fakeSweeps({
          listTrials: async (request) => {
            requests.push(request);
            return pages.shift()!;
          },
        }),
    });
    assert.equal(
      await run(
        ['trials', 'list', SWEEP_ID, '--all', '--state', 'queued,failed', '--order-by', 'value'],
        io,
      ),
      0,
    );
    assert.deepEqual(requests, [
      {
        sweepId: SWEEP_ID,
        states: ['QUEUED', 'FAILED'],
        orderBy: 'value',
        pageSize: 1000,
        pageToken: '',
      },
      {
        sweepId: SWEEP_ID,
        states: ['QUEUED', 'FAILED'],
        orderBy: 'value',
        pageSize: 1000,
        pageToken: 'p2',
      },
    ]);
    assert.equal(io.stdout.lines.length, 4);
    assert.equal(io.stderr.text, '3 of 3 trials\n');
  });

  it('names the next page when there is one', async () => {
    const io = testIo({
      sweeps: () =>
        fakeSweeps({
          listTrials: async () => ({ trials: [trial(0)], nextPageToken: 'tok', totalSize: 9 }),
        }),
    });
    assert.equal(await run(['trials', 'list', SWEEP_ID, '--limit', '1'], io), 0);
    assert.equal(io.stderr.text, '1 of 9 trials; more: add --page-token tok\n');
  });

  it('maps NOT_FOUND to exit 2', async () => {
    const io = testIo({
      sweeps: () =>
        fakeSweeps({
          listTrials: () =>
            Promise.reject(serviceError(status.NOT_FOUND, `sweep ${SWEEP_ID} not found`)),
        }),
    });
    assert.equal(await run(['trials', 'list', SWEEP_ID], io), 2);
    assert.equal(io.stderr.lines[1], '  NOT_FOUND: from the coordinator at 127.0.0.1:50051');
  });
});

describe('hyperfleet trials list, with a lost worker', () => {
  it('marks the interrupted trial and explains the mark on stderr', async () => {
    const interrupted = trial(3, {
      state: 'RUNNING',
      attempt: 2,
      workerId: 'w-3',
      interruption: 'worker pod hf-worker-q9m4d OOMKilled (exit 137)',
    });
    const io = testIo({
      sweeps: () =>
        fakeSweeps({
          listTrials: async () => ({ trials: [interrupted], nextPageToken: '', totalSize: 1 }),
        }),
    });
    assert.equal(await run(['trials', 'list', SWEEP_ID], io), 0);
    assert.match(io.stdout.lines[1]!, /  ! 2  w-3$/);
    assert.deepEqual(io.stderr.lines, [
      '! = lost its worker mid-run and was redelivered; hyperfleet trials get <id> says why',
      '1 of 1 trials',
    ]);
  });
});

describe('hyperfleet trials get', () => {
  it('says why a worker was lost', async () => {
    const interruption = 'worker pod hf-worker-q9m4d OOMKilled (exit 137)';
    const io = testIo({
      sweeps: () =>
        fakeSweeps({
          getTrial: async () => trial(3, { state: 'RUNNING', attempt: 2, interruption }),
        }),
    });
    assert.equal(await run(['trials', 'get', trial(3).id], io), 0);
    assert.ok(io.stdout.lines.includes(`interrupted: ${interruption}`), io.stdout.text);
  });

  const redelivered = trial(3, {
    state: 'COMPLETED',
    attempt: 2,
    metrics: [
      { attempt: 1, step: 1, values: { loss: 0.7 }, recordedAt: at(10) },
      { attempt: 2, step: 1, values: { loss: 0.6 }, recordedAt: at(30) },
      { attempt: 2, step: 2, values: { loss: 0.5 }, recordedAt: at(40) },
    ],
  });

  it('tells the steps of each attempt apart in the metric table', async () => {
    const io = testIo({ sweeps: () => fakeSweeps({ getTrial: async () => redelivered }) });
    assert.equal(await run(['trials', 'get', redelivered.id], io), 0);
    const header = io.stdout.lines.findIndex((line) => line.startsWith('ATTEMPT'));
    assert.deepEqual(io.stdout.lines.slice(header), [
      'ATTEMPT  STEP  loss  RECORDED',
      '      1     1   0.7  2025-12-04 10:00:10Z',
      '      2     1   0.6  2025-12-04 10:00:30Z',
      '      2     2   0.5  2025-12-04 10:00:40Z',
    ]);
  });
});

describe('hyperfleet pool get', () => {
  it('asks the coordinator, with the token, for 20 events and prints the pool', async () => {
    const dialed: unknown[] = [];
    const asked: number[] = [];
    const io = testIo({
      pool: (options) => {
        dialed.push(options);
        return fakePool({ getPool: async (limit) => (asked.push(limit ?? 0), pool()) });
      },
    });
    const argv = ['pool', 'get', '--coordinator', '127.0.0.1:50071', '--token', 's3cret'];
    assert.equal(await run(argv, io), 0);
    assert.deepEqual(dialed, [{ address: '127.0.0.1:50071', token: 's3cret' }]);
    assert.deepEqual(asked, [20]);
    assert.equal(
      io.stdout.lines[0],
      'pool hf-workers (kubernetes, namespace hyperfleet): desired 3, ready 2, pending 1, busy 2, demand 5, min 0, max 4',
    );
    assert.ok(
      io.stdout.lines.includes(
        '  hf-worker-x7k2p  Unschedulable  0/3 nodes are available: 3 Insufficient nvidia.com/gpu.  2025-12-04 10:00:30Z',
      ),
      io.stdout.text,
    );
    assert.equal(io.stderr.text, '');
  });

  it('passes --events on and prints the Pool message with --json', async () => {
    let asked: number | undefined;
    const io = testIo({
      pool: () => fakePool({ getPool: async (limit) => ((asked = limit), pool()) }),
    });
    assert.equal(await run(['pool', 'get', '--events', '200', '--json'], io), 0);
    assert.equal(asked, 200);
    assert.deepEqual(JSON.parse(io.stdout.text), pool());
  });

  it('rejects --events above 200 with exit 2 before dialing anything', async () => {
    const io = testIo({ pool: () => assert.fail('no client should be needed') });
    assert.equal(await run(['pool', 'get', '--events', '500'], io), 2);
    assert.deepEqual(io.stderr.lines, [
      'error: --events: must be an integer from 1 to 200 (got "500")',
    ]);
  });

  it('fails with exit 3 when the coordinator cannot be reached', async () => {
    const io = testIo({
      pool: () =>
        fakePool({
          getPool: () =>
            Promise.reject(serviceError(status.UNAVAILABLE, 'No connection established')),
        }),
    });
    assert.equal(await run(['pool', 'get', '--coordinator', '127.0.0.1:50071'], io), 3);
    assert.deepEqual(io.stderr.lines, [
      'error: No connection established',
      '  UNAVAILABLE: is the coordinator running at 127.0.0.1:50071?',
    ]);
  });
});

describe('hyperfleet pool set-limits', () => {
  it('sends only the bounds given and prints the pool as it now is', async () => {
    const requests: unknown[] = [];
    const io = testIo({
      pool: () =>
        fakePool({
          setPoolLimits: async (limits) => (requests.push(limits), pool({ min: 1, max: 8 })),
        }),
    });
    assert.equal(await run(['pool', 'set-limits', '--max', '8', '--min', '1'], io), 0);
    assert.deepEqual(requests, [{ min: 1, max: 8 }]);
    assert.match(io.stdout.lines[0]!, /, min 1, max 8$/);
    assert.ok(io.stdout.lines.includes('recent events:'), io.stdout.text);
  });

  it('prints the Pool message with --json', async () => {
    const io = testIo({ pool: () => fakePool({ setPoolLimits: async () => pool({ max: 8 }) }) });
    assert.equal(await run(['pool', 'set-limits', '--max', '8', '--json'], io), 0);
    assert.equal((JSON.parse(io.stdout.text) as { max: number }).max, 8);
  });

  it('wants at least one bound, each an integer >= 0, before dialing anything', async () => {
    for (const [argv, message] of [
      [[], 'error: --min, --max: give at least one of them'],
      [['--min', '-1'], 'error: --min: must be an integer from 0 to 2147483647 (got "-1")'],
      [['--max', 'many'], 'error: --max: must be an integer from 0 to 2147483647 (got "many")'],
    ] as const) {
      const io = testIo({ pool: () => assert.fail('no client should be needed') });
      assert.equal(await run(['pool', 'set-limits', ...argv], io), 2, argv.join(' '));
      assert.deepEqual(io.stderr.lines, [message]);
    }
  });

  it("shows the coordinator's rejection of the pair with exit 2", async () => {
    const rejected = serviceError(
      status.INVALID_ARGUMENT,
      'min: min must be <= max (got min 9, max 4)',
    );
    const io = testIo({ pool: () => fakePool({ setPoolLimits: () => Promise.reject(rejected) }) });
    assert.equal(await run(['pool', 'set-limits', '--min', '9'], io), 2);
    assert.deepEqual(io.stderr.lines, [
      'error: min: min must be <= max (got min 9, max 4)',
      '  INVALID_ARGUMENT: from the coordinator at 127.0.0.1:50051',
    ]);
  });

  it('says a fixed-size pool has no limits, with exit 2', async () => {
    const fixed = serviceError(
      status.FAILED_PRECONDITION,
      'the local pool has a fixed size; it has no limits to set',
    );
    const io = testIo({ pool: () => fakePool({ setPoolLimits: () => Promise.reject(fixed) }) });
    assert.equal(await run(['pool', 'set-limits', '--max', '4'], io), 2);
    assert.deepEqual(io.stderr.lines, [
      'error: the local pool has a fixed size; it has no limits to set',
    ]);
    assert.equal(io.stdout.text, '');
  });

  it('fails with exit 3 when the coordinator cannot be reached', async () => {
    const io = testIo({
      pool: () =>
        fakePool({
          setPoolLimits: () =>
            Promise.reject(serviceError(status.UNAVAILABLE, 'No connection established')),
        }),
    });
    assert.equal(await run(['pool', 'set-limits', '--max', '4'], io), 3);
    assert.deepEqual(io.stderr.lines, [
      'error: No connection established',
      '  UNAVAILABLE: is the coordinator running at 127.0.0.1:50051?',
    ]);
  });
});

describe('hyperfleet predict', () => {
  it('sends the rows of a file to the version asked for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hf-cli-'));
    try {
      const file = join(dir, 'rows.json');
      await writeFile(file, JSON.stringify([Array(784).fill(0), Array(784).fill(1)]));
      let asked: number | undefined;
      const predictions = [
        { probabilities: [0.1, 0.9, 0, 0, 0, 0, 0, 0, 0, 0], label: 1 },
        { probabilities: [0.8, 0.2, 0, 0, 0, 0, 0, 0, 0, 0], label: 0 },
      ];
      const io = testIo({
        deploy: () =>
          fakeDeploy({
            predict: async (_rows, version) => ((asked = version), { version: 2, predictions }),
          }),
      });
      assert.equal(await run(['predict', '--file', file, '--version', '2'], io), 0);
      assert.equal(asked, 2);
      assert.deepEqual(io.stdout.lines, [
        'ROW  PREDICTED  PROBABILITY',
        '  0          1        0.900',
        '  1          0        0.800',
        'model version 2',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('asks for exactly one of --digits and --file', async () => {
    const io = testIo();
    assert.equal(await run(['predict'], io), 2);
    assert.deepEqual(io.stderr.lines, ['error: --digits, --file: give exactly one of them']);
  });
});

describe('hyperfleet', () => {
  it('exits 0 for --help and 2 for an unknown option', async () => {
    assert.equal(await run(['--help'], testIo()), 0);
    const io = testIo();
    assert.equal(await run(['sweep', 'get', SWEEP_ID, '--bogus'], io), 2);
    assert.match(io.stderr.text, /unknown option '--bogus'/);
  });

  it('reads a bad address from the environment as a usage error', async () => {
    const io = testIo({}, { env: { HYPERFLEET_COORDINATOR: 'nowhere' } });
    assert.equal(await run(['sweep', 'list'], io), 2);
    assert.deepEqual(io.stderr.lines, [
      'error: HYPERFLEET_COORDINATOR: must be HOST:PORT with a port from 1 to 65535 (got "nowhere")',
    ]);
  });
});
