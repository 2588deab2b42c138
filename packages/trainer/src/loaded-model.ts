import * as tf from '@tensorflow/tfjs';

import { artifactDigest, decodeArtifact, toModelArtifacts } from './artifact.js';
import { initBackend } from './backend.js';
import {
  ArtifactDigestMismatchError,
  ArtifactFormatError,
  ModelDisposedError,
  PredictInputError,
  describeValue,
} from './errors.js';
import { silentLogger, type Logger } from './logger.js';

export interface Prediction {
  /** One row of class probabilities (summing to ~1) per input row. */
  probabilities: number[][];
  /** The most probable class of each input row. */
  classes: number[];
}

export interface LoadedModel {
  readonly inputSize: number;
  readonly classes: number;
  predict(inputs: number[][]): Prediction;
  /** Frees the model's weights; idempotent. predict() throws ModelDisposedError after it. */
  dispose(): void;
}

export interface LoadModelOptions {
  logger?: Logger;
}

/**
 * Decodes a bundle written by trainMlp into a model ready to predict. The digest is
 * checked before any decoding, so a corrupted or substituted artifact is rejected as
 * such rather than surfacing as a confusing format or shape error.
 */
export async function loadModelArtifact(
  bytes: Uint8Array,
  expectedDigest?: string,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const logger = options.logger ?? silentLogger;
  const digest = artifactDigest(bytes);
  if (expectedDigest !== undefined && expectedDigest !== digest) {
    throw new ArtifactDigestMismatchError(expectedDigest, digest);
  }

  const decoded = decodeArtifact(bytes);
  await initBackend(logger);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(toModelArtifacts(decoded)));
  } catch (error) {
    throw new ArtifactFormatError('TF.js could not load the model', { cause: error });
  }

  const inputSize = model.inputs[0]?.shape[1];
  const classes = model.outputs[0]?.shape[1];
  if (model.inputs.length !== 1 || model.inputs[0]?.shape.length !== 2 || !inputSize || !classes) {
    model.dispose();
    throw new ArtifactFormatError('model is not a single-input vector classifier');
  }

  logger.debug('model artifact loaded', { digest, inputSize, classes });
  return new TfLoadedModel(model, inputSize, classes);
}

class TfLoadedModel implements LoadedModel {
  private disposed = false;

  constructor(
    private readonly model: tf.LayersModel,
    readonly inputSize: number,
    readonly classes: number,
  ) {}

  predict(inputs: number[][]): Prediction {
    if (this.disposed) {
      throw new ModelDisposedError();
    }
    const flat = this.flatten(inputs);
    if (inputs.length === 0) {
      return { probabilities: [], classes: [] };
    }

    const scores = tf.tidy(() => {
      const output = this.model.predict(tf.tensor2d(flat, [inputs.length, this.inputSize]));
      return (Array.isArray(output) ? output[0]! : output).dataSync();
    });

    const probabilities: number[][] = [];
    const classes: number[] = [];
    for (let row = 0; row < inputs.length; row++) {
      const probs = Array.from(scores.subarray(row * this.classes, (row + 1) * this.classes));
      probabilities.push(probs);
      classes.push(argmax(probs));
    }
    return { probabilities, classes };
  }

  dispose(): void {
    if (!this.disposed) {
      this.disposed = true;
      this.model.dispose();
    }
  }

  /** Validates every row before any tensor exists, so a bad request allocates nothing. */
  private flatten(inputs: unknown): Float32Array {
    if (!Array.isArray(inputs)) {
      throw new PredictInputError(
        undefined,
        `expected an array of rows, got ${describeValue(inputs)}`,
      );
    }
    const flat = new Float32Array(inputs.length * this.inputSize);
    // Index loops rather than forEach, which would skip the holes of a sparse array.
    for (let index = 0; index < inputs.length; index++) {
      const row: unknown = inputs[index];
      if (!Array.isArray(row) || row.length !== this.inputSize) {
        const got = Array.isArray(row) ? String(row.length) : describeValue(row);
        throw new PredictInputError(index, `expected ${this.inputSize} numbers, got ${got}`);
      }
      for (let column = 0; column < row.length; column++) {
        const value: unknown = row[column];
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          const got = describeValue(value);
          throw new PredictInputError(
            index,
            `element ${column} must be a finite number, got ${got}`,
          );
        }
        // Every model here is trained on pixels scaled to [0, 1]; values far outside give
        // confident nonsense, and huge ones overflow float32 into NaN.
        if (value < 0 || value > 1) {
          throw new PredictInputError(
            index,
            `element ${column} must be a pixel value in [0, 1], as the model was trained on, got ${value}`,
          );
        }
        flat[index * this.inputSize + column] = value;
      }
    }
    return flat;
  }
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! > values[best]!) {
      best = i;
    }
  }
  return best;
}
