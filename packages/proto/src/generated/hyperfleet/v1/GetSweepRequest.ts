// Original file: ../../proto/hyperfleet/v1/sweep.proto


export interface GetSweepRequest {
  'id'?: (string);
}

export interface GetSweepRequest__Output {
  'id': (string);
}
