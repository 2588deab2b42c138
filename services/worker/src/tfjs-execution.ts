// The built-in trainer: an MLP on real MNIST digits with TensorFlow.js, one progress report
// per epoch, stopping at the epoch after a prune decision.
import {
  initBackend,
  loadMnist,
  resolveMlpHyperparameters,
  trainMlp,
  TrainerInputError,
  type Dataset,
  type EpochMetrics,
} from '@hyperfleet/trainer';
import type { Logger, TfjsTrialTemplate } from '@hyperfleet/common';
import type { Metrics } from '@hyperfleet/transport';
import { TrialFailedError, type ExecutionContext, type ExecutionResult, type TrialExecution } from './execution.js';

export class TfjsExecution implements TrialExecution {
  private readonly datasets = new Map<string, Dataset>();

  constructor(private readonly logger: Logger) {}

  async run(context: ExecutionContext): Promise<ExecutionResult> {
    const { assignment } = context;
    const template = assignment.template as TfjsTrialTemplate;
    await initBackend(this.logger);

    let hyperparameters;
    try {
      hyperparameters = resolveMlpHyperparameters({ ...template.tfjs.fixed, ...assignment.params });
    } catch (error) {
      if (error instanceof TrainerInputError) throw new TrialFailedError(error.message, { cause: error });
      throw error;
    }

    const data = this.dataset(template.tfjs.trainSize, template.tfjs.validationSize, assignment.seed);
    let last: Metrics = {};
    const result = await trainMlp({
      hyperparameters,
      data,
      epochs: template.tfjs.epochs,
      // Same sweep seed and trial number give the same initialisation on every attempt.
      seed: (assignment.seed * 1_000_003 + assignment.number) % 2_147_483_647,
      signal: context.signal,
      onEpoch: async (epoch) => {
        last = epochMetrics(epoch);
        await context.report(epoch.epoch, last);
        return context.stopRequest() ? 'stop' : 'continue';
      },
    });

    return {
      metrics: last,
      step: result.metrics.at(-1)?.epoch,
      artifact: { bytes: result.artifact, digest: result.digest },
    };
  }

  /** The split depends on the sweep's seed only, so every trial of a sweep sees the same digits. */
  private dataset(trainSize: number, validationSize: number, seed: number): Dataset {
    const key = `${trainSize}/${validationSize}/${seed}`;
    let data = this.datasets.get(key);
    if (!data) {
      data = loadMnist({ trainSize, validationSize, seed });
      this.datasets.clear();
      this.datasets.set(key, data);
    }
    return data;
  }
}

function epochMetrics(epoch: EpochMetrics): Metrics {
  return {
    loss: epoch.loss,
    accuracy: epoch.accuracy,
    val_loss: epoch.valLoss,
    val_accuracy: epoch.valAccuracy,
  };
}

export type { Logger };
