// Original file: ../../proto/hyperfleet/v1/deploy.proto

import type { Prediction as _hyperfleet_v1_Prediction, Prediction__Output as _hyperfleet_v1_Prediction__Output } from '../../hyperfleet/v1/Prediction.js';

export interface PredictResponse {
  'version'?: (number);
  'predictions'?: (_hyperfleet_v1_Prediction)[];
}

export interface PredictResponse__Output {
  'version': (number);
  'predictions': (_hyperfleet_v1_Prediction__Output)[];
}
