// Original file: ../../proto/hyperfleet/v1/sweep.proto


export interface GetTrialRequest {
  'id'?: (string);
}

export interface GetTrialRequest__Output {
  'id': (string);
}
