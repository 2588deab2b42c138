import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Output } from './output.js';
import { Collector } from './test-support.js';

describe('Output', () => {
  it('draws live lines only on a terminal, never with --json, TERM=dumb or in CI', () => {
    const interactive = (tty: boolean, json: boolean, env: NodeJS.ProcessEnv = {}) =>
      new Output(new Collector(tty), new Collector(), { json, env }).interactive;
    assert.equal(interactive(true, false), true);
    assert.equal(interactive(false, false), false);
    assert.equal(interactive(true, true), false);
    assert.equal(interactive(true, false, { TERM: 'dumb' }), false);
    assert.equal(interactive(true, false, { CI: 'true' }), false);
  });

  it('redraws a live line in place and starts the next line below it', () => {
    const stdout = new Collector(true);
    const out = new Output(stdout, new Collector(), { json: false });
    out.liveLine('1/4');
    out.liveLine('2/4');
    out.line('done');
    assert.equal(stdout.text, '\r1/4\x1b[K\r2/4\x1b[K\ndone\n');
  });

  it('keeps notes off stdout, so that a pipe sees results only', () => {
    const stdout = new Collector();
    const stderr = new Collector();
    const out = new Output(stdout, stderr, { json: true });
    out.document({ a: { numberValue: 1, kind: 'numberValue' } });
    out.note('3 of 3 trials');
    assert.deepEqual(JSON.parse(stdout.text), { a: 1 });
    assert.equal(stderr.text, '3 of 3 trials\n');
  });

  it('falls back to 100 columns when the stream reports none', () => {
    assert.equal(
      new Output(new Collector(false, 0), new Collector(), { json: false }).columns,
      100,
    );
  });
});
