// Original file: ../../proto/hyperfleet/v1/sweep.proto


/**
 * A user's command. Params arrive as HF_PARAM_<NAME> variables and in HF_PARAMS (JSON);
 * the command reports with lines `hyperfleet:report {"step":1,"metrics":{...}}` on stdout.
 */
export interface CommandTrial {
  'argv'?: (string)[];
  'env'?: ({[key: string]: string});
  'timeoutSeconds'?: (number);
}

/**
 * A user's command. Params arrive as HF_PARAM_<NAME> variables and in HF_PARAMS (JSON);
 * the command reports with lines `hyperfleet:report {"step":1,"metrics":{...}}` on stdout.
 */
export interface CommandTrial__Output {
  'argv': (string)[];
  'env': ({[key: string]: string});
  'timeoutSeconds': (number);
}
