// Original file: ../../proto/hyperfleet/v1/deploy.proto

import type { ModelVersion as _hyperfleet_v1_ModelVersion, ModelVersion__Output as _hyperfleet_v1_ModelVersion__Output } from '../../hyperfleet/v1/ModelVersion.js';

export interface Deployment {
  /**
   * "serving", or "empty" before the first promotion.
   */
  'status'?: (string);
  'current'?: (_hyperfleet_v1_ModelVersion | null);
  /**
   * Every version, newest first; the current one included.
   */
  'versions'?: (_hyperfleet_v1_ModelVersion)[];
  '_current'?: "current";
}

export interface Deployment__Output {
  /**
   * "serving", or "empty" before the first promotion.
   */
  'status': (string);
  'current'?: (_hyperfleet_v1_ModelVersion__Output | null);
  /**
   * Every version, newest first; the current one included.
   */
  'versions': (_hyperfleet_v1_ModelVersion__Output)[];
  '_current'?: "current";
}
