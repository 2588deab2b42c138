/**
 * Timestamps as the wire carries them. The store holds objects as JSON, where the client's
 * `Date` fields are RFC 3339 strings; this is the one place that crosses the two types.
 */

/** Now, second precision as metav1.Time serializes it, typed for the client's models. */
export function wireTime(at: Date = new Date()): Date {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z') as unknown as Date;
}
