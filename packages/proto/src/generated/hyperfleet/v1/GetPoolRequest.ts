// Original file: ../../proto/hyperfleet/v1/pool.proto


export interface GetPoolRequest {
  /**
   * Recent events to include, newest first; 0 means 20, at most 200.
   */
  'eventLimit'?: (number);
}

export interface GetPoolRequest__Output {
  /**
   * Recent events to include, newest first; 0 means 20, at most 200.
   */
  'eventLimit': (number);
}
