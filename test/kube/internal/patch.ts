/**
 * The patch formats the apiserver accepts on PATCH: JSON Patch (RFC 6902, the client's
 * default content type), JSON merge patch (RFC 7386) and strategic merge patch, which for
 * the map fields a pod may change (labels, annotations) behaves as a merge patch.
 */
import { badRequest, unsupportedMediaType, KubeApiError } from './status.js';

type Json = unknown;

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

export function mergePatch(target: Json, patch: Json): Json {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Record<string, Json> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, Json>) }
      : {};
  for (const [key, value] of Object.entries(patch as Record<string, Json>)) {
    if (value === null) delete base[key];
    else base[key] = mergePatch(base[key], value);
  }
  return base;
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, segments: string[], path: string): [Json, string] {
  let node = doc;
  for (const segment of segments.slice(0, -1)) {
    if (node === null || typeof node !== 'object') {
      throw new KubeApiError(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: doc is missing path: "${path}"`,
      );
    }
    node = (node as Record<string, Json>)[segment];
  }
  if (node === null || typeof node !== 'object') {
    throw new KubeApiError(
      422,
      'Invalid',
      `the server rejected our request due to an error in our request: doc is missing path: "${path}"`,
    );
  }
  return [node, segments[segments.length - 1]!];
}

function getAt(doc: Json, path: string): Json {
  let node = doc;
  for (const segment of pointer(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, Json>)[segment];
  }
  return node;
}

function removeAt(doc: Json, path: string): Json {
  const [parent, key] = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index >= parent.length) throw missing(path);
    return parent.splice(index, 1)[0];
  }
  const record = parent as Record<string, Json>;
  if (!(key in record)) throw missing(path);
  const value = record[key];
  delete record[key];
  return value;
}

function addAt(doc: Json, path: string, value: Json, replace: boolean): Json {
  const segments = pointer(path);
  if (segments.length === 0) return value;
  const [parent, key] = parentOf(doc, segments, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index > parent.length) throw missing(path);
    if (replace) parent[index] = value;
    else parent.splice(index, 0, value);
  } else {
    const record = parent as Record<string, Json>;
    if (replace && !(key in record)) throw missing(path);
    record[key] = value;
  }
  return doc;
}

function missing(path: string): KubeApiError {
  return new KubeApiError(
    422,
    'Invalid',
    `the server rejected our request due to an error in our request: ` +
      `replace operation does not apply: doc is missing key: ${path}`,
  );
}

export function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) throw badRequest('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const raw of operations as Operation[]) {
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, structuredClone(raw.value), false);
        break;
      case 'replace':
        doc = addAt(doc, raw.path, structuredClone(raw.value), true);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'move':
      case 'copy': {
        const from = raw.from ?? '';
        const value = raw.op === 'move' ? removeAt(doc, from) : structuredClone(getAt(doc, from));
        doc = addAt(doc, raw.path, value, false);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw new KubeApiError(422, 'Invalid', `testing value ${raw.path} failed`);
        }
        break;
      default:
        throw badRequest(`unexpected kind: ${JSON.stringify(raw.op)}`);
    }
  }
  return doc;
}

/** Applies a PATCH body by its Content-Type. */
export function applyPatch(target: Json, body: Json, contentType: string): Json {
  const type = contentType.split(';')[0]!.trim();
  if (type === PATCH_TYPES.json) return jsonPatch(target, body);
  // TODO(strategic merge directives such as $patch and list merge keys are not interpreted; pods may only change metadata maps here, where the two formats agree)
  if (type === PATCH_TYPES.merge || type === PATCH_TYPES.strategic) {
    return mergePatch(structuredClone(target), body);
  }
  throw unsupportedMediaType(contentType);
}
