// Every NATS name Hyperfleet uses, derived from one namespace so that test runs and
// several installations can share a server without seeing each other's work.

export interface TransportNames {
  namespace: string;
  assignStream: string;
  assignSubject: string;
  /** The one durable pull consumer all workers share; JetStream decides who gets what. */
  assignConsumer: string;
  eventStream: string;
  eventSubjectPrefix: string;
  eventConsumer: string;
  controlBucket: string;
  artifactBucket: string;
}

const NAMESPACE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

export function transportNames(namespace = 'hf'): TransportNames {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new Error(`HYPERFLEET_NATS_NAMESPACE: must match ${NAMESPACE_PATTERN} (got "${namespace}")`);
  }
  const upper = namespace.toUpperCase();
  return {
    namespace,
    assignStream: `${upper}_ASSIGN`,
    assignSubject: `${namespace}.assign`,
    assignConsumer: 'workers',
    eventStream: `${upper}_EVENTS`,
    eventSubjectPrefix: `${namespace}.events`,
    eventConsumer: 'coordinator',
    controlBucket: `${namespace}_control`,
    artifactBucket: `${namespace}_models`,
  };
}

export function eventSubject(names: TransportNames, sweepId: string): string {
  return `${names.eventSubjectPrefix}.${sweepId}`;
}
