// Original file: ../../proto/hyperfleet/v1/sweep.proto


export interface Metric {
  'step'?: (number);
  'values'?: ({[key: string]: number | string});
  'recordedAt'?: (string);
}

export interface Metric__Output {
  'step': (number);
  'values': ({[key: string]: number});
  'recordedAt': (string);
}
