// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { TrialState as _hyperfleet_v1_TrialState, TrialState__Output as _hyperfleet_v1_TrialState__Output } from '../../hyperfleet/v1/TrialState.js';
import type { Value as _hyperfleet_v1_Value, Value__Output as _hyperfleet_v1_Value__Output } from '../../hyperfleet/v1/Value.js';
import type { Metric as _hyperfleet_v1_Metric, Metric__Output as _hyperfleet_v1_Metric__Output } from '../../hyperfleet/v1/Metric.js';

export interface Trial {
  'id'?: (string);
  'sweepId'?: (string);
  'number'?: (number);
  'state'?: (_hyperfleet_v1_TrialState);
  'params'?: ({[key: string]: _hyperfleet_v1_Value});
  'attempt'?: (number);
  'workerId'?: (string);
  'value'?: (number | string);
  'lastStep'?: (number);
  'error'?: (string);
  'artifactKey'?: (string);
  'artifactDigest'?: (string);
  'createdAt'?: (string);
  'startedAt'?: (string);
  'finishedAt'?: (string);
  /**
   * Filled by GetTrial only.
   */
  'metrics'?: (_hyperfleet_v1_Metric)[];
  /**
   * Why a worker lost this trial mid-run (e.g. "worker pod hf-worker-abc OOMKilled (exit 137)");
   * the trial was redelivered. Empty when no worker was lost.
   */
  'interruption'?: (string);
  '_value'?: "value";
  '_lastStep'?: "lastStep";
}

export interface Trial__Output {
  'id': (string);
  'sweepId': (string);
  'number': (number);
  'state': (_hyperfleet_v1_TrialState__Output);
  'params': ({[key: string]: _hyperfleet_v1_Value__Output});
  'attempt': (number);
  'workerId': (string);
  'value'?: (number);
  'lastStep'?: (number);
  'error': (string);
  'artifactKey': (string);
  'artifactDigest': (string);
  'createdAt': (string);
  'startedAt': (string);
  'finishedAt': (string);
  /**
   * Filled by GetTrial only.
   */
  'metrics': (_hyperfleet_v1_Metric__Output)[];
  /**
   * Why a worker lost this trial mid-run (e.g. "worker pod hf-worker-abc OOMKilled (exit 137)");
   * the trial was redelivered. Empty when no worker was lost.
   */
  'interruption': (string);
  '_value'?: "value";
  '_lastStep'?: "lastStep";
}
