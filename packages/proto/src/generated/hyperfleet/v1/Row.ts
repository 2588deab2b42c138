// Original file: ../../proto/hyperfleet/v1/deploy.proto


export interface Row {
  'values'?: (number | string)[];
}

export interface Row__Output {
  'values': (number)[];
}
