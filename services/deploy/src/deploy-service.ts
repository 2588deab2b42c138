// The DeployService: promote a trial's model, describe the deployment, predict.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { InvalidArgumentError, unaryHandler, type Logger } from '@hyperfleet/common';
import { isUuid, type ModelVersionRow } from '@hyperfleet/db';
import type { Deployment, ModelVersion, PredictRequest__Output, PredictResponse, PromoteRequest__Output } from '@hyperfleet/proto';
import { PredictInputError } from '@hyperfleet/trainer';
import type { ModelRegistry } from './model-registry.js';

export interface DeployServiceDeps {
  registry: ModelRegistry;
  maxPredictRows: number;
  logger: Logger;
}

export function deployService({ registry, maxPredictRows, logger }: DeployServiceDeps): UntypedServiceImplementation {
  async function deployment(): Promise<Deployment> {
    const versions = await registry.list();
    const current = versions.find((row) => row.version === registry.current());
    return {
      status: current ? 'serving' : 'empty',
      ...(current ? { current: versionMessage(current) } : {}),
      versions: versions.map(versionMessage),
    };
  }

  return {
    Promote: unaryHandler('Promote', logger, async (request: PromoteRequest__Output) => {
      for (const field of ['trialId', 'sweepId'] as const) {
        if (!isUuid(request[field])) throw new InvalidArgumentError(field, `must be a UUID (got "${request[field]}")`);
      }
      if (!request.artifactKey) throw new InvalidArgumentError('artifactKey', 'is required');
      if (!/^sha256:[0-9a-f]{64}$/.test(request.artifactDigest)) {
        throw new InvalidArgumentError('artifactDigest', `must be sha256:<64 hex digits> (got "${request.artifactDigest}")`);
      }
      if (!Number.isFinite(request.objectiveValue)) {
        throw new InvalidArgumentError('objectiveValue', `must be a finite number (got ${request.objectiveValue})`);
      }
      await registry.promote(request);
      return deployment();
    }),

    GetDeployment: unaryHandler('GetDeployment', logger, async () => deployment()),

    Predict: unaryHandler('Predict', logger, async (request: PredictRequest__Output): Promise<PredictResponse> => {
      if (request.inputs.length === 0) throw new InvalidArgumentError('inputs', 'must hold at least one row');
      if (request.inputs.length > maxPredictRows) {
        throw new InvalidArgumentError('inputs', `must hold at most ${maxPredictRows} rows (got ${request.inputs.length})`);
      }
      if (request.version < 0) throw new InvalidArgumentError('version', `must be >= 0 (got ${request.version})`);
      const { version, model } = await registry.model(request.version);
      try {
        const { probabilities, classes } = model.predict(request.inputs.map((row) => row.values));
        return { version, predictions: probabilities.map((row, i) => ({ probabilities: row, label: classes[i]! })) };
      } catch (error) {
        if (error instanceof PredictInputError) {
          const field = error.row === undefined ? 'inputs' : `inputs[${error.row}]`;
          throw new InvalidArgumentError(field, error.message.slice(field.length + 2));
        }
        throw error;
      }
    }),
  };
}

function versionMessage(row: ModelVersionRow): ModelVersion {
  return {
    version: row.version,
    trialId: row.trialId,
    sweepId: row.sweepId,
    artifactKey: row.artifactKey,
    artifactDigest: row.artifactDigest,
    metric: row.metric,
    objectiveValue: row.objectiveValue,
    promotedAt: row.promotedAt.toISOString(),
  };
}
