// Original file: ../../proto/hyperfleet/v1/sweep.proto


export interface WatchSweepRequest {
  'id'?: (string);
}

export interface WatchSweepRequest__Output {
  'id': (string);
}
