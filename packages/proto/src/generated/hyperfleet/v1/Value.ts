// Original file: ../../proto/hyperfleet/v1/common.proto


/**
 * A parameter value or a categorical choice.
 */
export interface Value {
  'numberValue'?: (number | string);
  'stringValue'?: (string);
  'boolValue'?: (boolean);
  'kind'?: "numberValue"|"stringValue"|"boolValue";
}

/**
 * A parameter value or a categorical choice.
 */
export interface Value__Output {
  'numberValue'?: (number);
  'stringValue'?: (string);
  'boolValue'?: (boolean);
  'kind'?: "numberValue"|"stringValue"|"boolValue";
}
