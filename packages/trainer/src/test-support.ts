/** Helpers shared by the test files; not part of the package's surface. */
import * as tf from '@tensorflow/tfjs';

import { saveModelArtifact } from './artifact.js';
import { DEFAULT_MLP_HYPERPARAMETERS } from './hyperparameters.js';
import { buildMlp } from './model.js';

/** An untrained 784-16-10 MLP, enough to exercise the bundle and predict paths quickly. */
export function tinyModel(seed = 1): tf.Sequential {
  const hp = { ...DEFAULT_MLP_HYPERPARAMETERS, hiddenUnits: 16, dropout: 0.5 };
  return buildMlp(hp, { features: 784, classes: 10 }, seed);
}

export async function tinyArtifact(seed = 1): Promise<Uint8Array> {
  const model = tinyModel(seed);
  try {
    return await saveModelArtifact(model);
  } finally {
    model.dispose();
  }
}

/** `count` deterministic rows of `size` values in [0, 1). */
export function sampleRows(count: number, size = 784): number[][] {
  return Array.from({ length: count }, (_, r) =>
    Array.from({ length: size }, (_, c) => ((r * 7919 + c * 104729) % 1000) / 1000),
  );
}
