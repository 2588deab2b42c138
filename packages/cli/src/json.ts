// Messages as plain JSON for --json. proto-loader adds bookkeeping that no consumer wants:
// a marker naming the set member of every oneof ("_value": "value"), and Value wrappers
// ({ numberValue: 64, kind: "numberValue" }) where the plain value (64) is what jq needs.
const VALUE_MEMBERS = new Set(['numberValue', 'stringValue', 'boolValue']);

export function toJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value !== 'object' || value === null) return value;

  const object = value as Record<string, unknown>;
  if (isValueWrapper(object)) return object[object.kind as string];

  const plain: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(object)) {
    if (isOneofMarker(key, member, object)) continue;
    plain[key] = toJson(member);
  }
  return plain;
}

function isValueWrapper(object: Record<string, unknown>): boolean {
  return (
    typeof object.kind === 'string' &&
    VALUE_MEMBERS.has(object.kind) &&
    Object.keys(object).every((key) => key === 'kind' || VALUE_MEMBERS.has(key))
  );
}

/** `_field: "field"` for an optional field, `kind: "member"` for a named oneof. */
function isOneofMarker(key: string, member: unknown, object: Record<string, unknown>): boolean {
  if (typeof member !== 'string') return false;
  if (key.startsWith('_') && member === key.slice(1)) return true;
  return key === 'kind' && member in object && member !== 'kind';
}
