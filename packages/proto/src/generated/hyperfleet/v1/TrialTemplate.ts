// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { TfjsTrainer as _hyperfleet_v1_TfjsTrainer, TfjsTrainer__Output as _hyperfleet_v1_TfjsTrainer__Output } from '../../hyperfleet/v1/TfjsTrainer.js';
import type { CommandTrial as _hyperfleet_v1_CommandTrial, CommandTrial__Output as _hyperfleet_v1_CommandTrial__Output } from '../../hyperfleet/v1/CommandTrial.js';

export interface TrialTemplate {
  'tfjs'?: (_hyperfleet_v1_TfjsTrainer | null);
  'command'?: (_hyperfleet_v1_CommandTrial | null);
  /**
   * Deliveries of one trial before it ends FAILED (a worker dying counts as one).
   */
  'maxAttempts'?: (number);
  'kind'?: "tfjs"|"command";
}

export interface TrialTemplate__Output {
  'tfjs'?: (_hyperfleet_v1_TfjsTrainer__Output | null);
  'command'?: (_hyperfleet_v1_CommandTrial__Output | null);
  /**
   * Deliveries of one trial before it ends FAILED (a worker dying counts as one).
   */
  'maxAttempts': (number);
  'kind'?: "tfjs"|"command";
}
