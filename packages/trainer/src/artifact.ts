import { createHash } from 'node:crypto';

import * as tf from '@tensorflow/tfjs';

import { ArtifactFormatError } from './errors.js';

/**
 * The model bundle: one byte string that a trial stores and the deploy service loads.
 *
 *   bytes 0-3    ASCII "HFMB" (Hyperfleet model bundle)
 *   bytes 4-7    format version, uint32 little-endian (1)
 *   bytes 8-11   length of model.json in bytes, uint32 LE
 *   bytes 12-15  length of the weight bytes, uint32 LE
 *   then         model.json (UTF-8): TF.js layers format, topology + weightsManifest
 *   then         the weight bytes that the manifest's single path "weights.bin" names
 *
 * Splitting at the header recovers exactly the two files `tf.loadLayersModel` reads
 * from disk, so a bundle can also be unpacked and loaded by any TF.js tool.
 */
const MAGIC = 'HFMB';
const FORMAT_VERSION = 1;
const HEADER_BYTES = 16;
export const WEIGHTS_PATH = 'weights.bin';

export interface DecodedArtifact {
  modelJson: tf.io.ModelJSON;
  weights: Uint8Array;
}

/** The content address of a bundle: 'sha256:' and 64 lowercase hex digits. */
export function artifactDigest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Serializes a model's topology and current weights into one bundle. */
export async function saveModelArtifact(model: tf.LayersModel): Promise<Uint8Array> {
  let bundle: Uint8Array | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      bundle = encodeArtifact(artifacts);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!bundle) {
    throw new Error('model.save did not call its save handler');
  }
  return bundle;
}

export function encodeArtifact(artifacts: tf.io.ModelArtifacts): Uint8Array {
  if (!artifacts.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new Error('model artifacts lack topology or weights');
  }
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const modelJson: tf.io.ModelJSON = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_PATH], weights: artifacts.weightSpecs }],
  };
  const json = new TextEncoder().encode(JSON.stringify(modelJson));

  const bundle = new Uint8Array(HEADER_BYTES + json.length + weights.length);
  const header = new DataView(bundle.buffer);
  bundle.set(new TextEncoder().encode(MAGIC), 0);
  header.setUint32(4, FORMAT_VERSION, true);
  header.setUint32(8, json.length, true);
  header.setUint32(12, weights.length, true);
  bundle.set(json, HEADER_BYTES);
  bundle.set(weights, HEADER_BYTES + json.length);
  return bundle;
}

export function decodeArtifact(bytes: Uint8Array): DecodedArtifact {
  if (bytes.length < HEADER_BYTES) {
    throw new ArtifactFormatError(`${bytes.length} bytes is shorter than the header`);
  }
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== MAGIC) {
    throw new ArtifactFormatError(`does not start with "${MAGIC}"`);
  }
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const version = header.getUint32(4, true);
  if (version !== FORMAT_VERSION) {
    throw new ArtifactFormatError(
      `format version ${version} is not supported (${FORMAT_VERSION} is)`,
    );
  }
  const jsonLength = header.getUint32(8, true);
  const weightsLength = header.getUint32(12, true);
  if (HEADER_BYTES + jsonLength + weightsLength !== bytes.length) {
    throw new ArtifactFormatError(
      `header announces ${HEADER_BYTES + jsonLength + weightsLength} bytes, bundle has ${bytes.length}`,
    );
  }

  const modelJson = parseModelJson(bytes.subarray(HEADER_BYTES, HEADER_BYTES + jsonLength));
  const weights = bytes.subarray(HEADER_BYTES + jsonLength);
  return { modelJson, weights };
}

/** The in-memory form `tf.io.fromMemory` takes; weights are copied out of the bundle. */
export function toModelArtifacts(decoded: DecodedArtifact): tf.io.ModelArtifacts {
  const { modelJson, weights } = decoded;
  return {
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    // slice() gives the weights their own ArrayBuffer, as TF.js expects one it can own.
    weightData: weights.slice().buffer,
  };
}

function parseModelJson(bytes: Uint8Array): tf.io.ModelJSON {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ArtifactFormatError('model.json is not valid UTF-8 JSON', { cause: error });
  }

  const json = parsed as Partial<tf.io.ModelJSON> | null;
  if (json?.format !== 'layers-model' || typeof json.modelTopology !== 'object') {
    throw new ArtifactFormatError('model.json is not a TF.js layers model');
  }
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || !manifest.every((g) => Array.isArray(g?.weights))) {
    throw new ArtifactFormatError('model.json has no weightsManifest');
  }
  return json as tf.io.ModelJSON;
}
