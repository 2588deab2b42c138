// Original file: ../../proto/hyperfleet/v1/pool.proto


export interface SetPoolLimitsRequest {
  /**
   * An absent bound keeps its current value. 0 <= min <= max <= 1000, max >= 1.
   */
  'min'?: (number);
  'max'?: (number);
  '_min'?: "min";
  '_max'?: "max";
}

export interface SetPoolLimitsRequest__Output {
  /**
   * An absent bound keeps its current value. 0 <= min <= max <= 1000, max >= 1.
   */
  'min'?: (number);
  'max'?: (number);
  '_min'?: "min";
  '_max'?: "max";
}
