import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TrainerInputError } from './errors.js';
import { loadMnist, MNIST_DIGITS, type DatasetSplit } from './mnist.js';

/** Identifies a digit by its pixels, since the split hides where it came from. */
function fingerprints(split: DatasetSplit): string[] {
  const keys: string[] = [];
  for (let row = 0; row < split.count; row++) {
    const pixels = split.xs.subarray(row * 784, (row + 1) * 784);
    keys.push(
      `${split.labels[row]}:${Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength).toString('base64')}`,
    );
  }
  return keys;
}

describe('loadMnist', () => {
  it('returns real digits: 784 pixels in [0, 1] and labels 0-9 with every class present', () => {
    const data = loadMnist({ trainSize: 500, validationSize: 200, testSize: 100, seed: 1 });

    assert.equal(data.features, 784);
    assert.equal(data.classes, 10);
    assert.equal(data.train.xs.length, 500 * 784);
    assert.equal(data.validation.labels.length, 200);
    assert.equal(data.test.count, 100);
    assert.ok(data.train.xs.every((p) => p >= 0 && p <= 1));
    assert.ok(
      data.train.xs.some((p) => p > 0.9),
      'digits have ink',
    );
    assert.deepEqual(new Set(data.train.labels), new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('splits train, validation and test into disjoint sets', () => {
    const data = loadMnist({ trainSize: 3000, validationSize: 1000, testSize: 1000, seed: 5 });
    const train = new Set(fingerprints(data.train));
    const validation = new Set(fingerprints(data.validation));
    const test = new Set(fingerprints(data.test));

    // The package's 10,000 digits are pixel-wise distinct, so equal pixels mean one digit.
    assert.equal(train.size + validation.size + test.size, 5000);
    assert.equal(new Set([...train, ...validation, ...test]).size, 5000);
  });

  it('gives the same split for the same seed and a different one for another seed', () => {
    const a = loadMnist({ trainSize: 300, validationSize: 100, seed: 9 });
    const b = loadMnist({ trainSize: 300, validationSize: 100, seed: 9 });
    const c = loadMnist({ trainSize: 300, validationSize: 100, seed: 10 });

    assert.deepEqual(a.train.xs, b.train.xs);
    assert.deepEqual(a.validation.labels, b.validation.labels);
    assert.notDeepEqual(a.train.labels, c.train.labels);
  });

  it('keeps the validation set fixed when only trainSize changes', () => {
    const small = loadMnist({ trainSize: 100, validationSize: 200, seed: 3 });
    const large = loadMnist({ trainSize: 2000, validationSize: 200, seed: 3 });

    assert.deepEqual(small.validation.xs, large.validation.xs);
  });

  it('can use all 10,000 digits', () => {
    const data = loadMnist({ trainSize: 8000, validationSize: 1000, testSize: 1000, seed: 0 });
    assert.equal(data.train.count + data.validation.count + data.test.count, MNIST_DIGITS);
  });

  it('rejects sizes above the available digits, naming the fields', () => {
    assert.throws(
      () => loadMnist({ trainSize: 9000, validationSize: 1000, testSize: 1, seed: 0 }),
      (error: unknown) =>
        error instanceof TrainerInputError &&
        error.field === 'trainSize + validationSize + testSize' &&
        error.message ===
          'trainSize + validationSize + testSize: must be at most 10000, the digits available (got 10001)',
    );
  });

  it('rejects a size that is not a positive integer, naming the field', () => {
    assert.throws(() => loadMnist({ trainSize: 0, validationSize: 10, seed: 0 }), {
      name: 'TrainerInputError',
      message: 'trainSize: must be an integer >= 1 (got 0)',
    });
    assert.throws(() => loadMnist({ trainSize: 10, validationSize: 2.5, seed: 0 }), {
      message: 'validationSize: must be an integer >= 1 (got 2.5)',
    });
    assert.throws(() => loadMnist({ trainSize: 10, validationSize: 10, testSize: -1, seed: 0 }), {
      message: 'testSize: must be an integer >= 0 (got -1)',
    });
    assert.throws(() => loadMnist({ trainSize: 10, validationSize: 10, seed: Number.NaN }), {
      message: 'seed: must be a safe integer (got NaN)',
    });
  });
});
