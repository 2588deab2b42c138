// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { Objective as _hyperfleet_v1_Objective, Objective__Output as _hyperfleet_v1_Objective__Output } from '../../hyperfleet/v1/Objective.js';
import type { Parameter as _hyperfleet_v1_Parameter, Parameter__Output as _hyperfleet_v1_Parameter__Output } from '../../hyperfleet/v1/Parameter.js';
import type { Algorithm as _hyperfleet_v1_Algorithm, Algorithm__Output as _hyperfleet_v1_Algorithm__Output } from '../../hyperfleet/v1/Algorithm.js';
import type { Budget as _hyperfleet_v1_Budget, Budget__Output as _hyperfleet_v1_Budget__Output } from '../../hyperfleet/v1/Budget.js';
import type { TrialTemplate as _hyperfleet_v1_TrialTemplate, TrialTemplate__Output as _hyperfleet_v1_TrialTemplate__Output } from '../../hyperfleet/v1/TrialTemplate.js';
import type { Pruner as _hyperfleet_v1_Pruner, Pruner__Output as _hyperfleet_v1_Pruner__Output } from '../../hyperfleet/v1/Pruner.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The sweep spec: the same fields, in camelCase, as a sweep YAML file.
 */
export interface SweepSpec {
  'name'?: (string);
  'objective'?: (_hyperfleet_v1_Objective | null);
  'searchSpace'?: (_hyperfleet_v1_Parameter)[];
  'algorithm'?: (_hyperfleet_v1_Algorithm | null);
  'budget'?: (_hyperfleet_v1_Budget | null);
  'parallelism'?: (number);
  'trial'?: (_hyperfleet_v1_TrialTemplate | null);
  'pruner'?: (_hyperfleet_v1_Pruner | null);
  /**
   * Seeds the sampler and the trainer's data split; 0 picks one at creation.
   */
  'seed'?: (number | string | Long);
}

/**
 * The sweep spec: the same fields, in camelCase, as a sweep YAML file.
 */
export interface SweepSpec__Output {
  'name': (string);
  'objective': (_hyperfleet_v1_Objective__Output | null);
  'searchSpace': (_hyperfleet_v1_Parameter__Output)[];
  'algorithm': (_hyperfleet_v1_Algorithm__Output | null);
  'budget': (_hyperfleet_v1_Budget__Output | null);
  'parallelism': (number);
  'trial': (_hyperfleet_v1_TrialTemplate__Output | null);
  'pruner': (_hyperfleet_v1_Pruner__Output | null);
  /**
   * Seeds the sampler and the trainer's data split; 0 picks one at creation.
   */
  'seed': (number);
}
