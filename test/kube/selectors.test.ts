import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesLabels, parseLabelSelector } from './internal/label-selector.js';
import { matchesFields, parseFieldSelector } from './internal/field-selector.js';
import { parseQuantity } from './internal/quantity.js';
import { jsonPatch, mergePatch } from './internal/patch.js';
import { KubeApiError } from './internal/status.js';

const labels = { app: 'worker', tier: 'gpu', 'hyperfleet.dev/sweep': 's-1', replicas: '3' };
const matches = (selector: string) => matchesLabels(parseLabelSelector(selector), labels);

test('label selectors follow the apimachinery grammar', () => {
  assert.equal(matches(''), true);
  assert.equal(matches('app=worker'), true);
  assert.equal(matches('app==worker,tier=cpu'), false);
  assert.equal(matches('app!=worker'), false);
  assert.equal(matches('missing!=x'), true, '!= holds when the key is absent');
  assert.equal(matches('tier in (cpu,gpu)'), true);
  assert.equal(matches('tier notin (cpu, gpu)'), false);
  assert.equal(matches('missing notin (x)'), true);
  assert.equal(matches('hyperfleet.dev/sweep'), true);
  assert.equal(matches('!hyperfleet.dev/sweep'), false);
  assert.equal(matches('replicas>2,replicas<4'), true);
  assert.equal(matches(' app = worker , tier in ( gpu ) '), true);
  assert.equal(matches('tier in (cpu,)'), false);
  assert.equal(
    matchesLabels(parseLabelSelector('x in (,a)'), { x: '' }),
    true,
    'an empty value is a value',
  );
});

test('malformed label selectors are 400 errors', () => {
  for (const bad of ['app=', 'in (a)', 'app in a', 'app=worker,', 'bad key=x', 'app=x!y', '!']) {
    if (bad === 'app=') {
      assert.deepEqual(parseLabelSelector(bad), [{ key: 'app', operator: 'equals', values: [''] }]);
      continue;
    }
    assert.throws(
      () => parseLabelSelector(bad),
      (e: unknown) => e instanceof KubeApiError && e.code === 400,
      bad,
    );
  }
});

test('field selectors support =, == and != with escaped separators', () => {
  const supported = ['metadata.name', 'status.phase'];
  const fields = { 'metadata.name': 'a,b', 'status.phase': 'Running' };
  assert.equal(matchesFields(parseFieldSelector('status.phase=Running', supported), fields), true);
  assert.equal(
    matchesFields(parseFieldSelector('status.phase!=Running', supported), fields),
    false,
  );
  assert.equal(
    matchesFields(
      parseFieldSelector('metadata.name==a\\,b,status.phase=Running', supported),
      fields,
    ),
    true,
  );
  assert.throws(
    () => parseFieldSelector('spec.nodeName=x', supported),
    /field label not supported: spec.nodeName/,
  );
});

test('quantities parse with binary, decimal and exponent suffixes', () => {
  assert.equal(parseQuantity('1'), 1);
  assert.equal(parseQuantity('500m'), 0.5);
  assert.equal(parseQuantity('2Gi'), 2 * 2 ** 30);
  assert.equal(parseQuantity('1.5k'), 1500);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity(4), 4);
  assert.equal(parseQuantity('lots'), undefined);
  assert.equal(parseQuantity('1GB'), undefined);
});

test('merge patches delete with null and JSON patches apply in order', () => {
  assert.deepEqual(mergePatch({ a: { b: 1, c: 2 } }, { a: { b: null, d: 3 } }), {
    a: { c: 2, d: 3 },
  });
  const doc = { metadata: { labels: { a: '1' } }, list: [1, 2] };
  assert.deepEqual(
    jsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'test', path: '/list/0', value: 1 },
    ]),
    { metadata: { labels: { 'b/c': '2' } }, list: [1, 2, 3] },
  );
  assert.deepEqual(doc.metadata.labels, { a: '1' }, 'the input is not changed');
  assert.throws(() => jsonPatch(doc, [{ op: 'test', path: '/list/0', value: 9 }]), KubeApiError);
});
