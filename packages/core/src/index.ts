/**
 * @hyperfleet/core: search spaces, samplers, pruners and the ask/tell study. Pure code: no
 * I/O, no clock, no global randomness. Everything public is exported here and only here.
 */
export type { Direction } from './direction.js';
export { isBetter } from './direction.js';
export {
  InvalidResultError,
  SearchExhaustedError,
  SpecError,
  StudyError,
  TrialFinishedError,
  UnknownTrialError,
} from './errors.js';
export type {
  CategoricalParam,
  FloatParam,
  IntParam,
  ParamSpec,
  ParamValue,
  Params,
  SearchSpace,
} from './space.js';
export { validateSearchSpace } from './space.js';
export type { IntermediateValue, TrialRecord, TrialState } from './trial.js';
export type { Sampler, SamplerContext } from './sampler-types.js';
export type {
  GpSamplerConfig,
  ResolvedSamplerConfig,
  SamplerConfig,
  SamplerName,
  SobolSamplerConfig,
  TpeSamplerConfig,
} from './sampler.js';
export { createSampler, SAMPLER_NAMES, validateSamplerConfig } from './sampler.js';
export { gridSize } from './samplers/grid.js';
export type { Pruner, PrunerContext } from './pruner-types.js';
export type {
  AshaPrunerConfig,
  HyperbandPrunerConfig,
  MedianPrunerConfig,
  PrunerConfig,
  PrunerName,
  ResolvedPrunerConfig,
} from './pruner.js';
export { createPruner, PRUNER_NAMES, validatePrunerConfig } from './pruner.js';
export type { StudyOptions, TellResult } from './study.js';
export { Study } from './study.js';
