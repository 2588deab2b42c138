// Original file: ../../proto/hyperfleet/v1/deploy.proto


export interface ModelVersion {
  'version'?: (number);
  'trialId'?: (string);
  'sweepId'?: (string);
  'artifactKey'?: (string);
  'artifactDigest'?: (string);
  'metric'?: (string);
  'objectiveValue'?: (number | string);
  'promotedAt'?: (string);
}

export interface ModelVersion__Output {
  'version': (number);
  'trialId': (string);
  'sweepId': (string);
  'artifactKey': (string);
  'artifactDigest': (string);
  'metric': (string);
  'objectiveValue': (number);
  'promotedAt': (string);
}
