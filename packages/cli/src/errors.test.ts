import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { SpecFileError } from '@hyperfleet/client';
import {
  CliError,
  errorLines,
  EXIT,
  exitCodeFor,
  exitCodeForSweep,
  InterruptedError,
  RemoteError,
  toRemoteError,
  UsageError,
} from './errors.js';
import { serviceError } from './test-support.js';

const coordinator = { service: 'coordinator', address: '127.0.0.1:50051' };
const remote = (code: status, details = 'details') =>
  toRemoteError(serviceError(code, details), coordinator);

describe('exitCodeFor', () => {
  it('is 2 for a request the server rejected as wrong or unknown', () => {
    assert.equal(exitCodeFor(remote(status.INVALID_ARGUMENT)), EXIT.badRequest);
    assert.equal(exitCodeFor(remote(status.NOT_FOUND)), EXIT.badRequest);
  });

  it('is 3 when the service cannot be reached', () => {
    assert.equal(exitCodeFor(remote(status.UNAVAILABLE)), EXIT.unavailable);
  });

  it('is 1 for every other status', () => {
    for (const code of [
      status.FAILED_PRECONDITION,
      status.INTERNAL,
      status.UNAUTHENTICATED,
      status.DEADLINE_EXCEEDED,
    ]) {
      assert.equal(exitCodeFor(remote(code)), EXIT.failure, status[code]);
    }
  });

  it('is 2 for a bad flag or spec file, 130 for Ctrl-C, and 1 for a bug', () => {
    assert.equal(
      exitCodeFor(new UsageError('--limit', 'must be an integer', 'x')),
      EXIT.badRequest,
    );
    assert.equal(
      exitCodeFor(new SpecFileError('s.yaml', 'budget.maxTrials: is required')),
      EXIT.badRequest,
    );
    assert.equal(exitCodeFor(new InterruptedError()), EXIT.interrupted);
    assert.equal(exitCodeFor(new CliError('nothing deployed')), EXIT.failure);
    assert.equal(exitCodeFor(new TypeError('x is undefined')), EXIT.failure);
  });
});

describe('exitCodeForSweep', () => {
  it('is 0 only for a COMPLETED sweep', () => {
    assert.equal(exitCodeForSweep('SWEEP_COMPLETED'), 0);
    assert.equal(exitCodeForSweep('SWEEP_FAILED'), 1);
    assert.equal(exitCodeForSweep('SWEEP_CANCELLED'), 1);
  });
});

describe('errorLines', () => {
  it("prints the server's details and the status name, without a stack trace", () => {
    const lines = errorLines(
      remote(status.INVALID_ARGUMENT, 'budget.maxTrials: must be >= 1 (got 0)'),
    );
    assert.deepEqual(lines, [
      'error: budget.maxTrials: must be >= 1 (got 0)',
      '  INVALID_ARGUMENT: from the coordinator at 127.0.0.1:50051',
    ]);
  });

  it('asks whether the service runs when it cannot be reached', () => {
    const lines = errorLines(
      remote(
        status.UNAVAILABLE,
        'No connection established. Last error: connect ECONNREFUSED. Resolution note: ',
      ),
    );
    assert.deepEqual(lines, [
      'error: No connection established. Last error: connect ECONNREFUSED.',
      '  UNAVAILABLE: is the coordinator running at 127.0.0.1:50051?',
    ]);
  });

  it('points at --token when the service wants one', () => {
    assert.match(
      errorLines(remote(status.UNAUTHENTICATED))[1]!,
      /pass --token or set HYPERFLEET_TOKEN/,
    );
  });

  it('adds what the call was about', () => {
    const error = (remote(status.INVALID_ARGUMENT) as RemoteError).withContext(
      'in the spec file s.yaml',
    );
    assert.equal(errorLines(error)[2], '  in the spec file s.yaml');
  });

  it('names the file and the field of a bad spec file', () => {
    assert.deepEqual(errorLines(new SpecFileError('s.yaml', 'budget.maxTrials: is required')), [
      'error: s.yaml: budget.maxTrials: is required',
    ]);
  });

  it('keeps the stack of an unexpected error, which is a bug to report', () => {
    const lines = errorLines(new TypeError('x is undefined'));
    assert.equal(lines[0], 'error: x is undefined');
    assert.match(lines[1]!, /TypeError: x is undefined\n\s+at /);
  });
});

describe('toRemoteError', () => {
  it('leaves anything that is not a gRPC status alone', () => {
    const error = new Error('plain');
    assert.equal(toRemoteError(error, coordinator), error);
  });
});
