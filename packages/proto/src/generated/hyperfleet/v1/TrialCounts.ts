// Original file: ../../proto/hyperfleet/v1/sweep.proto


export interface TrialCounts {
  'queued'?: (number);
  'running'?: (number);
  'completed'?: (number);
  'pruned'?: (number);
  'failed'?: (number);
  'cancelled'?: (number);
  'total'?: (number);
}

export interface TrialCounts__Output {
  'queued': (number);
  'running': (number);
  'completed': (number);
  'pruned': (number);
  'failed': (number);
  'cancelled': (number);
  'total': (number);
}
