// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type { SweepSpec as _hyperfleet_v1_SweepSpec, SweepSpec__Output as _hyperfleet_v1_SweepSpec__Output } from '../../hyperfleet/v1/SweepSpec.js';

export interface CreateSweepRequest {
  'spec'?: (_hyperfleet_v1_SweepSpec | null);
}

export interface CreateSweepRequest__Output {
  'spec': (_hyperfleet_v1_SweepSpec__Output | null);
}
