// Original file: ../../proto/hyperfleet/v1/pool.proto


export interface PendingWorker {
  'name'?: (string);
  /**
   * e.g. "Unschedulable", "ContainerCreating", "CreateContainerConfigError".
   */
  'reason'?: (string);
  /**
   * e.g. "0/1 nodes are available: 1 Insufficient nvidia.com/gpu."
   */
  'message'?: (string);
  /**
   * RFC 3339 time the worker was created.
   */
  'since'?: (string);
}

export interface PendingWorker__Output {
  'name': (string);
  /**
   * e.g. "Unschedulable", "ContainerCreating", "CreateContainerConfigError".
   */
  'reason': (string);
  /**
   * e.g. "0/1 nodes are available: 1 Insufficient nvidia.com/gpu."
   */
  'message': (string);
  /**
   * RFC 3339 time the worker was created.
   */
  'since': (string);
}
