import * as tf from '@tensorflow/tfjs';

import type { MlpHyperparameters } from './hyperparameters.js';
import { deriveSeed } from './random.js';
import { SeededDropout } from './seeded-dropout.js';

/**
 * Builds the trial's multilayer perceptron: `layers` dense hidden layers, each followed
 * by dropout when the rate is above 0, and a softmax output.
 *
 * Layer names are fixed rather than TF.js's auto-numbered ones (dense_Dense3, ...),
 * which depend on how many models the process built before; with fixed names the same
 * weights always serialize to the same bytes and hence the same digest.
 */
export function buildMlp(
  hp: MlpHyperparameters,
  shape: { features: number; classes: number },
  seed: number,
): tf.Sequential {
  const model = tf.sequential({ name: 'hyperfleet_mlp' });

  for (let i = 1; i <= hp.layers; i++) {
    model.add(
      tf.layers.dense({
        name: `hidden_${i}`,
        units: hp.hiddenUnits,
        activation: hp.activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, `hidden_${i}`) }),
        ...(i === 1 ? { inputShape: [shape.features] } : {}),
      }),
    );
    if (hp.dropout > 0) {
      const dropoutSeed = deriveSeed(seed, `dropout_${i}`);
      model.add(new SeededDropout({ name: `dropout_${i}`, rate: hp.dropout, seed: dropoutSeed }));
    }
  }
  model.add(
    tf.layers.dense({
      name: 'output',
      units: shape.classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'output') }),
    }),
  );

  return model;
}

/** Creates the optimizer; the caller owns it and must dispose it with the model. */
export function createOptimizer(hp: MlpHyperparameters): tf.Optimizer {
  switch (hp.optimizer) {
    case 'adam':
      return tf.train.adam(hp.learningRate);
    case 'sgd':
      return tf.train.sgd(hp.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(hp.learningRate);
  }
}
