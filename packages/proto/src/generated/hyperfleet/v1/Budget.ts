// Original file: ../../proto/hyperfleet/v1/sweep.proto


export interface Budget {
  'maxTrials'?: (number);
  /**
   * Failed trials tolerated before the sweep ends FAILED.
   */
  'maxFailedTrials'?: (number);
  '_maxFailedTrials'?: "maxFailedTrials";
}

export interface Budget__Output {
  'maxTrials': (number);
  /**
   * Failed trials tolerated before the sweep ends FAILED.
   */
  'maxFailedTrials'?: (number);
  '_maxFailedTrials'?: "maxFailedTrials";
}
