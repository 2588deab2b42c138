// Original file: ../../proto/hyperfleet/v1/sweep.proto


export interface CancelSweepRequest {
  'id'?: (string);
  'reason'?: (string);
}

export interface CancelSweepRequest__Output {
  'id': (string);
  'reason': (string);
}
