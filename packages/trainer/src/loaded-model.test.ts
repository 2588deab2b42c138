import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { artifactDigest, decodeArtifact, saveModelArtifact, toModelArtifacts } from './artifact.js';
import { initBackend } from './backend.js';
import { ArtifactDigestMismatchError, PredictInputError } from './errors.js';
import { loadModelArtifact, type LoadedModel } from './loaded-model.js';
import { sampleRows, tinyArtifact, tinyModel } from './test-support.js';

describe('loadModelArtifact', () => {
  let bundle: Uint8Array;
  let loaded: LoadedModel;

  before(async () => {
    await initBackend();
    bundle = await tinyArtifact();
    loaded = await loadModelArtifact(bundle, artifactDigest(bundle));
  });

  after(() => loaded.dispose());

  it('reports the input size and number of classes', () => {
    assert.equal(loaded.inputSize, 784);
    assert.equal(loaded.classes, 10);
  });

  it('predicts exactly what the model that was saved predicts', async () => {
    const original = tinyModel();
    const rows = sampleRows(5);
    const expected = tf.tidy(() => (original.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync());
    original.dispose();

    const { probabilities, classes } = loaded.predict(rows);

    assert.deepEqual(probabilities, expected);
    assert.equal(classes.length, 5);
    probabilities.forEach((p, row) => {
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
      assert.equal(classes[row], p.indexOf(Math.max(...p)));
    });
  });

  it('rejects bytes whose digest differs from the expected one', async () => {
    const tampered = bundle.slice();
    tampered[tampered.length - 1] = 0xff - bundle[bundle.length - 1]!;

    await assert.rejects(loadModelArtifact(tampered, artifactDigest(bundle)), (error: unknown) => {
      assert.ok(error instanceof ArtifactDigestMismatchError);
      assert.equal(error.expected, artifactDigest(bundle));
      assert.equal(error.actual, artifactDigest(tampered));
      return true;
    });
  });

  it('leaks no tensors across load, predict and dispose', async () => {
    const baseline = tf.memory().numTensors;
    const model = await loadModelArtifact(bundle);
    model.predict(sampleRows(3));
    model.dispose();
    model.dispose();

    assert.equal(tf.memory().numTensors, baseline);
    assert.throws(() => model.predict(sampleRows(1)), { name: 'ModelDisposedError' });
  });

  it('round-trips through stock TF.js layers to the same bytes (no custom layer inside)', async () => {
    const stock = await tf.loadLayersModel(
      tf.io.fromMemory(toModelArtifacts(decodeArtifact(bundle))),
    );
    const resaved = await saveModelArtifact(stock);
    stock.dispose();

    assert.equal(artifactDigest(resaved), artifactDigest(bundle));
  });
});

describe('LoadedModel.predict input validation', () => {
  let loaded: LoadedModel;

  before(async () => {
    loaded = await loadModelArtifact(await tinyArtifact());
  });

  after(() => loaded.dispose());

  function predictError(inputs: unknown): PredictInputError {
    try {
      loaded.predict(inputs as number[][]);
    } catch (error) {
      assert.ok(error instanceof PredictInputError);
      return error;
    }
    assert.fail('expected predict to reject the input');
  }

  it('names the row whose length is wrong', () => {
    const rows = sampleRows(4);
    rows[3] = rows[3]!.slice(0, 12);

    const error = predictError(rows);
    assert.equal(error.message, 'inputs[3]: expected 784 numbers, got 12');
    assert.equal(error.row, 3);
  });

  it('names the row and element that is not a finite number', () => {
    const rows = sampleRows(2);
    rows[1]![17] = Number.NaN;
    assert.equal(
      predictError(rows).message,
      'inputs[1]: element 17 must be a finite number, got NaN',
    );

    rows[1]![17] = '0.5' as unknown as number;
    assert.equal(
      predictError(rows).message,
      'inputs[1]: element 17 must be a finite number, got "0.5"',
    );

    const sparse = sampleRows(1);
    delete sparse[0]![5];
    assert.equal(
      predictError(sparse).message,
      'inputs[0]: element 5 must be a finite number, got undefined',
    );
  });

  it('names the element outside the pixel range the model was trained on', () => {
    const rows = sampleRows(1);
    rows[0]![3] = 3e38;
    assert.equal(
      predictError(rows).message,
      'inputs[0]: element 3 must be a pixel value in [0, 1], as the model was trained on, got 3e+38',
    );
    rows[0]![3] = -1000;
    assert.match(predictError(rows).message, /element 3 must be a pixel value in \[0, 1\].*got -1000$/);
  });

  it('rejects rows that are not arrays and inputs that is not an array', () => {
    assert.equal(
      predictError([sampleRows(1)[0], 'pixels']).message,
      'inputs[1]: expected 784 numbers, got "pixels"',
    );
    assert.equal(
      predictError({ rows: [] }).message,
      'inputs: expected an array of rows, got object',
    );
    assert.equal(predictError({ rows: [] }).row, undefined);
  });

  it('allocates no tensor for a rejected request and answers an empty one with nothing', () => {
    const baseline = tf.memory().numTensors;
    predictError([[1, 2, 3]]);
    assert.deepEqual(loaded.predict([]), { probabilities: [], classes: [] });
    assert.equal(tf.memory().numTensors, baseline);
  });
});
