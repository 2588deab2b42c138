// Original file: ../../proto/hyperfleet/v1/deploy.proto


export interface PromoteRequest {
  'trialId'?: (string);
  'sweepId'?: (string);
  'artifactKey'?: (string);
  'artifactDigest'?: (string);
  'metric'?: (string);
  'objectiveValue'?: (number | string);
}

export interface PromoteRequest__Output {
  'trialId': (string);
  'sweepId': (string);
  'artifactKey': (string);
  'artifactDigest': (string);
  'metric': (string);
  'objectiveValue': (number);
}
