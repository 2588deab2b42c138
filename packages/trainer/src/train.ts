import * as tf from '@tensorflow/tfjs';

import { artifactDigest, saveModelArtifact } from './artifact.js';
import { initBackend } from './backend.js';
import { TrainerInputError } from './errors.js';
import type { MlpHyperparameters } from './hyperparameters.js';
import { silentLogger, type Logger } from './logger.js';
import type { Dataset, DatasetSplit } from './mnist.js';
import { buildMlp, createOptimizer } from './model.js';
import { deriveSeed, seededUint32, shuffledIndices } from './random.js';

export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches (with dropout active). */
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
}

export type EpochDecision = 'continue' | 'stop';

export interface TrainMlpOptions {
  hyperparameters: MlpHyperparameters;
  data: Dataset;
  epochs: number;
  seed: number;
  /**
   * Awaited after every epoch; 'stop' ends training before the next one (stopped is then
   * 'early', or 'completed' when it was the last epoch anyway).
   */
  onEpoch?: (metrics: EpochMetrics) => Promise<EpochDecision> | EpochDecision;
  /** Checked between batches; an abort ends training within one batch. */
  signal?: AbortSignal;
  logger?: Logger;
}

export type StopReason = 'completed' | 'early' | 'aborted';

export interface TrainMlpResult {
  /** The bundle (see artifact.ts) holding the model as it was when training ended. */
  artifact: Uint8Array;
  /** 'sha256:<hex>' of `artifact`. */
  digest: string;
  /** One entry per completed epoch; an epoch cut short by an abort is not reported. */
  metrics: EpochMetrics[];
  stopped: StopReason;
}

export const MAX_EPOCHS = 10_000;

/**
 * Trains the trial's MLP on `data.train`, validating on `data.validation` after every
 * epoch, and returns the bundle of the final weights.
 *
 * Each epoch is one `model.fit` call over rows in a seeded order, because fit's own
 * shuffle uses Math.random. With seeded initializers and SeededDropout the whole run
 * is reproducible on a deterministic backend (checked on wasm; native GPU kernels
 * may reorder floating-point sums). Between batches the loop yields to the event loop,
 * so the worker's heartbeats and an AbortSignal are serviced during training.
 */
export async function trainMlp(opts: TrainMlpOptions): Promise<TrainMlpResult> {
  const logger = opts.logger ?? silentLogger;
  const hp = opts.hyperparameters;
  if (!Number.isSafeInteger(opts.epochs) || opts.epochs < 1 || opts.epochs > MAX_EPOCHS) {
    throw new TrainerInputError('epochs', opts.epochs, `must be an integer in [1, ${MAX_EPOCHS}]`);
  }
  if (!Number.isSafeInteger(opts.seed)) {
    throw new TrainerInputError('seed', opts.seed, 'must be a safe integer');
  }
  requireSplit('data.train', opts.data.train, opts.data);
  requireSplit('data.validation', opts.data.validation, opts.data);
  const backend = await initBackend(logger);

  const model = buildMlp(hp, opts.data, opts.seed);
  const optimizer = createOptimizer(hp);
  const owned: tf.Tensor[] = [];
  const nextShuffleSeed = seededUint32(deriveSeed(opts.seed, 'epoch-shuffle'));
  const metrics: EpochMetrics[] = [];
  let stopped: StopReason = 'completed';
  const started = performance.now();
  try {
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const train = toTensors(opts.data.train, opts.data);
    owned.push(train.xs, train.ys);
    const validation = toTensors(opts.data.validation, opts.data);
    owned.push(validation.xs, validation.ys);

    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      if (opts.signal?.aborted) {
        stopped = 'aborted';
        break;
      }

      const epochStarted = performance.now();
      const epochMetrics = await fitOneEpoch(model, train, validation, {
        epoch,
        batchSize: hp.batchSize,
        order: shuffledIndices(train.count, nextShuffleSeed),
        signal: opts.signal,
      });
      if (!epochMetrics) {
        stopped = 'aborted';
        break;
      }
      metrics.push(epochMetrics);
      logger.debug('epoch finished', {
        ...epochMetrics,
        ms: Math.round(performance.now() - epochStarted),
      });

      if ((await opts.onEpoch?.(epochMetrics)) === 'stop' && epoch < opts.epochs) {
        stopped = 'early';
        break;
      }
    }

    const artifact = await saveModelArtifact(model);
    const digest = artifactDigest(artifact);
    logger.info('training finished', {
      backend,
      stopped,
      epochs: metrics.length,
      valAccuracy: metrics.at(-1)?.valAccuracy,
      ms: Math.round(performance.now() - started),
      digest,
    });
    return { artifact, digest, metrics, stopped };
  } finally {
    tf.dispose(owned);
    model.dispose();
    optimizer.dispose();
  }
}

function requireSplit(field: string, split: DatasetSplit, data: Dataset): void {
  if (!Number.isSafeInteger(split.count) || split.count < 1) {
    throw new TrainerInputError(`${field}.count`, split.count, 'must be an integer >= 1');
  }
  if (split.xs.length !== split.count * data.features) {
    const rule = `must hold count x ${data.features} pixels`;
    throw new TrainerInputError(`${field}.xs`, split.xs.length, rule);
  }
  if (split.labels.length !== split.count) {
    throw new TrainerInputError(`${field}.labels`, split.labels.length, 'must hold count labels');
  }
  // tf.oneHot turns an out-of-range label into an all-zero target without complaint.
  const badLabel = split.labels.find((label) => label >= data.classes);
  if (badLabel !== undefined) {
    throw new TrainerInputError(`${field}.labels`, badLabel, `must be below ${data.classes}`);
  }
}

interface SplitTensors {
  xs: tf.Tensor2D;
  ys: tf.Tensor2D;
  count: number;
}

function toTensors(
  split: DatasetSplit,
  shape: { features: number; classes: number },
): SplitTensors {
  return tf.tidy(() => ({
    xs: tf.tensor2d(split.xs, [split.count, shape.features]),
    ys: tf.oneHot(tf.tensor1d(split.labels, 'int32'), shape.classes).toFloat() as tf.Tensor2D,
    count: split.count,
  }));
}

/** Runs one epoch; returns undefined when the signal aborted it part-way. */
async function fitOneEpoch(
  model: tf.LayersModel,
  train: SplitTensors,
  validation: SplitTensors,
  run: { epoch: number; batchSize: number; order: Int32Array; signal: AbortSignal | undefined },
): Promise<EpochMetrics | undefined> {
  const [xs, ys] = tf.tidy(() => {
    const order = tf.tensor1d(run.order, 'int32');
    return [tf.gather(train.xs, order), tf.gather(train.ys, order)];
  });

  const lastBatch = Math.ceil(run.order.length / run.batchSize) - 1;
  let aborted = false;
  try {
    const history = await model.fit(xs, ys, {
      epochs: 1,
      batchSize: run.batchSize,
      shuffle: false,
      validationData: [validation.xs, validation.ys],
      verbose: 0,
      // Yielding is done by the callback below, on every batch, with setImmediate.
      yieldEvery: 'never',
      callbacks: {
        onBatchEnd: async (batch) => {
          // After the last batch the epoch (validation included) is complete: report it,
          // and let the epoch loop notice the abort before starting the next one.
          if (run.signal?.aborted && batch < lastBatch) {
            aborted = true;
            model.stopTraining = true;
          }
          await new Promise<void>((resolve) => setImmediate(resolve));
        },
      },
    });
    if (aborted) {
      return undefined;
    }
    return {
      epoch: run.epoch,
      loss: lastValue(history, 'loss'),
      accuracy: lastValue(history, 'acc'),
      valLoss: lastValue(history, 'val_loss'),
      valAccuracy: lastValue(history, 'val_acc'),
    };
  } finally {
    tf.dispose([xs, ys]);
  }
}

function lastValue(history: tf.History, key: string): number {
  const value = history.history[key]?.at(-1);
  if (typeof value !== 'number') {
    throw new Error(`model.fit reported no ${key}`);
  }
  return value;
}
