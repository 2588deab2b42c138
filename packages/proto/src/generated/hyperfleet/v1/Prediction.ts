// Original file: ../../proto/hyperfleet/v1/deploy.proto


export interface Prediction {
  'probabilities'?: (number | string)[];
  'label'?: (number);
}

export interface Prediction__Output {
  'probabilities': (number)[];
  'label': (number);
}
