/**
 * @hyperfleet/trainer: the built-in TensorFlow.js trainer a worker runs for a trial, and
 * the model loading and prediction the deploy service uses. This file is the package's
 * whole public surface; every other module is internal.
 */
export { initBackend, BACKEND_ENV, type BackendName } from './backend.js';
export {
  loadMnist,
  MNIST_CLASSES,
  MNIST_DIGITS,
  MNIST_FEATURES,
  type Dataset,
  type DatasetSplit,
  type LoadMnistOptions,
} from './mnist.js';
export {
  resolveMlpHyperparameters,
  DEFAULT_MLP_HYPERPARAMETERS,
  MLP_PARAM_NAMES,
  type Activation,
  type MlpHyperparameters,
  type OptimizerName,
  type TrialParams,
} from './hyperparameters.js';
export {
  trainMlp,
  type EpochDecision,
  type EpochMetrics,
  type StopReason,
  type TrainMlpOptions,
  type TrainMlpResult,
} from './train.js';
export { artifactDigest } from './artifact.js';
export {
  loadModelArtifact,
  type LoadedModel,
  type LoadModelOptions,
  type Prediction,
} from './loaded-model.js';
export {
  ArtifactDigestMismatchError,
  ArtifactFormatError,
  BackendUnavailableError,
  ModelDisposedError,
  PredictInputError,
  TrainerInputError,
} from './errors.js';
export type { Logger } from './logger.js';
