import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { artifactDigest, decodeArtifact, WEIGHTS_PATH } from './artifact.js';
import { initBackend } from './backend.js';
import { ArtifactFormatError } from './errors.js';
import { tinyArtifact } from './test-support.js';

describe('model bundle', () => {
  let bundle: Uint8Array;

  before(async () => {
    await initBackend();
    bundle = await tinyArtifact();
  });

  it('holds a TF.js layers model.json whose manifest points at the bundled weights', () => {
    const { modelJson, weights } = decodeArtifact(bundle);

    assert.equal(modelJson.format, 'layers-model');
    assert.deepEqual(modelJson.weightsManifest[0]?.paths, [WEIGHTS_PATH]);
    // 784x16 + 16 + 16x10 + 10 float32 weights.
    assert.equal(weights.length, (784 * 16 + 16 + 16 * 10 + 10) * 4);
    const layers = (modelJson.modelTopology as { config: { layers: { class_name: string }[] } })
      .config.layers;
    assert.deepEqual(
      layers.map((l) => l.class_name),
      ['Dense', 'Dropout', 'Dense'],
    );
  });

  it('is byte-identical for the same seed, so equal models share one digest', async () => {
    const again = await tinyArtifact();
    const other = await tinyArtifact(2);

    assert.equal(artifactDigest(again), artifactDigest(bundle));
    assert.notEqual(artifactDigest(other), artifactDigest(bundle));
  });

  it('digests as sha256 with a prefix', () => {
    assert.equal(
      artifactDigest(new TextEncoder().encode('abc')),
      'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('rejects bytes that are not a bundle', () => {
    assert.throws(() => decodeArtifact(new Uint8Array(3)), ArtifactFormatError);
    assert.throws(() => decodeArtifact(new TextEncoder().encode('{"format":"layers-model"}')), {
      name: 'ArtifactFormatError',
      message: 'invalid model artifact: does not start with "HFMB"',
    });
  });

  it('rejects a truncated bundle', () => {
    assert.throws(() => decodeArtifact(bundle.subarray(0, bundle.length - 1)), {
      message: `invalid model artifact: header announces ${bundle.length} bytes, bundle has ${bundle.length - 1}`,
    });
  });

  it('rejects an unknown format version', () => {
    const future = bundle.slice();
    new DataView(future.buffer).setUint32(4, 2, true);
    assert.throws(() => decodeArtifact(future), {
      message: 'invalid model artifact: format version 2 is not supported (1 is)',
    });
  });
});
