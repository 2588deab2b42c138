import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { artifactDigest } from './artifact.js';
import { initBackend } from './backend.js';
import { resolveMlpHyperparameters } from './hyperparameters.js';
import { loadModelArtifact } from './loaded-model.js';
import { loadMnist, type Dataset, type DatasetSplit } from './mnist.js';
import { trainMlp, type EpochMetrics, type TrainMlpOptions } from './train.js';

// Small enough that a run takes a fraction of a second, large enough to learn something.
const hyperparameters = resolveMlpHyperparameters({
  hidden_units: 64,
  batch_size: 32,
  dropout: 0.2,
});
const BATCHES_PER_EPOCH = Math.ceil(600 / 32);

function rowsOf(split: DatasetSplit): number[][] {
  return Array.from({ length: split.count }, (_, r) =>
    Array.from(split.xs.subarray(r * 784, (r + 1) * 784)),
  );
}

/** Counts event-loop turns (macrotasks) until stopped; each can run e.g. a heartbeat. */
function countTurns(onTurn?: (turn: number) => void): { stop(): number } {
  let turns = 0;
  let running = true;
  const spin = (): void => {
    if (!running) return;
    turns++;
    onTurn?.(turns);
    setImmediate(spin);
  };
  setImmediate(spin);
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}

describe('trainMlp', () => {
  let data: Dataset;
  let baseline: number;
  const options = (extra: Partial<TrainMlpOptions> = {}): TrainMlpOptions => ({
    hyperparameters,
    data,
    epochs: 2,
    seed: 11,
    ...extra,
  });

  before(async () => {
    await initBackend();
    data = loadMnist({ trainSize: 600, validationSize: 300, seed: 1 });
    baseline = tf.memory().numTensors;
  });

  it('learns: loss falls across epochs and validation accuracy is well above chance', async () => {
    const result = await trainMlp(options());

    assert.equal(result.stopped, 'completed');
    assert.deepEqual(
      result.metrics.map((m) => m.epoch),
      [1, 2],
    );
    const [first, second] = result.metrics as [EpochMetrics, EpochMetrics];
    assert.ok(second.loss < first.loss, `loss ${first.loss} -> ${second.loss}`);
    assert.ok(second.valLoss < first.valLoss, `valLoss ${first.valLoss} -> ${second.valLoss}`);
    assert.ok(second.valAccuracy > 0.7, `valAccuracy ${second.valAccuracy}`);
    assert.equal(result.digest, artifactDigest(result.artifact));
  });

  it('returns a bundle whose loaded model reproduces the final validation accuracy', async () => {
    const result = await trainMlp(options());
    const model = await loadModelArtifact(result.artifact, result.digest);
    const again = await loadModelArtifact(result.artifact, result.digest);

    const rows = rowsOf(data.validation);
    const prediction = model.predict(rows);
    const correct = prediction.classes.filter((c, i) => c === data.validation.labels[i]).length;
    assert.ok(
      Math.abs(correct / data.validation.count - result.metrics.at(-1)!.valAccuracy) < 1e-6,
    );
    assert.deepEqual(again.predict(rows), prediction);

    model.dispose();
    again.dispose();
  });

  it('is reproducible: the same seed and params give the same bytes, another seed does not', async () => {
    const a = await trainMlp(options({ epochs: 1 }));
    const b = await trainMlp(options({ epochs: 1 }));
    const c = await trainMlp(options({ epochs: 1, seed: 12 }));

    assert.equal(a.digest, b.digest);
    assert.deepEqual(a.metrics, b.metrics);
    assert.notEqual(a.digest, c.digest);
  });

  it("stops after the epoch whose onEpoch answers 'stop', awaiting an async answer", async () => {
    const seen: number[] = [];
    const result = await trainMlp(
      options({
        epochs: 3,
        onEpoch: async (m) => {
          seen.push(m.epoch);
          await new Promise((resolve) => setTimeout(resolve, 5));
          return m.epoch === 1 ? 'stop' : 'continue';
        },
      }),
    );

    assert.deepEqual(seen, [1]);
    assert.equal(result.stopped, 'early');
    assert.equal(result.metrics.length, 1);
    assert.equal(result.digest, artifactDigest(result.artifact));
  });

  it('yields to the event loop between batches, so heartbeats run during training', async () => {
    const turns = countTurns();
    await trainMlp(options({ epochs: 1 }));

    assert.ok(turns.stop() >= BATCHES_PER_EPOCH, 'at least one event-loop turn per batch');
  });

  it('ends within a batch when the signal aborts mid-epoch, reporting no partial epoch', async () => {
    const controller = new AbortController();
    const turns = countTurns((turn) => turn === 3 && controller.abort());
    const result = await trainMlp(options({ signal: controller.signal }));
    turns.stop();

    assert.equal(result.stopped, 'aborted');
    assert.deepEqual(result.metrics, []);
    assert.equal(result.digest, artifactDigest(result.artifact));
  });

  it('keeps the finished epoch when the signal aborts between epochs', async () => {
    const controller = new AbortController();
    const result = await trainMlp(
      options({
        epochs: 3,
        signal: controller.signal,
        onEpoch: () => {
          controller.abort();
          return 'continue';
        },
      }),
    );

    assert.equal(result.stopped, 'aborted');
    assert.equal(result.metrics.length, 1);
  });

  it('does not train at all under an already aborted signal', async () => {
    const onEpoch = (): 'continue' => assert.fail('no epoch should run');
    const result = await trainMlp(options({ signal: AbortSignal.abort(), onEpoch }));

    assert.equal(result.stopped, 'aborted');
    assert.deepEqual(result.metrics, []);
  });

  it('rejects a bad epoch count or a dataset whose sizes disagree, naming the field', async () => {
    await assert.rejects(trainMlp(options({ epochs: 0 })), {
      name: 'TrainerInputError',
      message: 'epochs: must be an integer in [1, 10000] (got 0)',
    });
    const broken = { ...data, train: { ...data.train, count: data.train.count + 1 } };
    await assert.rejects(trainMlp(options({ data: broken })), {
      message: 'data.train.xs: must hold count x 784 pixels (got 470400)',
    });
    const labels = data.validation.labels.slice();
    labels[7] = 10;
    const mislabelled = { ...data, validation: { ...data.validation, labels } };
    await assert.rejects(trainMlp(options({ data: mislabelled })), {
      message: 'data.validation.labels: must be below 10 (got 10)',
    });
  });

  it('leaves no tensor behind after training, loading and predicting', async () => {
    const result = await trainMlp(options({ epochs: 1 }));
    const model = await loadModelArtifact(result.artifact);
    model.predict(rowsOf(data.validation).slice(0, 10));
    model.dispose();

    assert.equal(tf.memory().numTensors, baseline);
  });
});
