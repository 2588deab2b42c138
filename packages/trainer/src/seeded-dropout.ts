import * as tf from '@tensorflow/tfjs';

import { seededUint32 } from './random.js';

type Kwargs = Parameters<tf.layers.Layer['call']>[1];

/**
 * Dropout whose masks come from a seeded stream, one fresh seed per training step.
 *
 * TF.js's own Dropout either draws from Math.random (no `seed`), so a trial cannot be
 * reproduced, or reuses its one `seed` on every call, so every batch gets the same mask
 * and the layer stops regularizing. This layer serializes under the class name
 * 'Dropout' with the same config, so a saved model loads as the stock layer everywhere
 * (this class is deliberately not registered for deserialization).
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'Dropout';

  private readonly rate: number;
  private readonly nextSeed: () => number;

  constructor(args: { name: string; rate: number; seed: number }) {
    super({ name: args.name });
    this.rate = args.rate;
    this.nextSeed = seededUint32(args.seed);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true || this.rate <= 0) {
      return input;
    }
    return tf.tidy(() => tf.dropout(input, this.rate, undefined, this.nextSeed()));
  }

  /** Exactly the stock Dropout's config, key order included, so the bytes match too. */
  override getConfig(): tf.serialization.ConfigDict {
    return { rate: this.rate, noiseShape: null, seed: null, ...super.getConfig() };
  }
}
