// Original file: ../../proto/hyperfleet/v1/deploy.proto

import type { Row as _hyperfleet_v1_Row, Row__Output as _hyperfleet_v1_Row__Output } from '../../hyperfleet/v1/Row.js';

export interface PredictRequest {
  'inputs'?: (_hyperfleet_v1_Row)[];
  /**
   * 0 serves the current version.
   */
  'version'?: (number);
}

export interface PredictRequest__Output {
  'inputs': (_hyperfleet_v1_Row__Output)[];
  /**
   * 0 serves the current version.
   */
  'version': (number);
}
