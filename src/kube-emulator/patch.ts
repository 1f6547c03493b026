// The patch formats kube-apiserver accepts: JSON patch (RFC 6902), JSON merge patch (RFC 7386)
// and strategic merge patch (for Secrets and Namespaces: merge patch plus list and `$patch` directives).
import { ApiError, badRequest, failure } from './status.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

const rejected = (): ApiError =>
  new ApiError(failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {}));

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Lists of primitives merged as sets (patchStrategy "merge") in ObjectMeta. */
const MERGED_PRIMITIVE_LISTS = new Set(['metadata.finalizers']);

export function strategicMergePatch(target: Json | undefined, patch: Json, path = ''): Json | undefined {
  if (!isObject(patch)) return clone(patch);
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return clone(rest);
  }
  const result: JsonObject = isObject(target) ? { ...target } : {};
  const retainKeys = patch.$retainKeys;
  if (Array.isArray(retainKeys)) {
    for (const key of Object.keys(result)) if (!retainKeys.includes(key)) delete result[key];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const listKey = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[listKey];
      if (Array.isArray(current) && Array.isArray(value)) result[listKey] = current.filter((item) => !value.includes(item));
      continue;
    }
    const childPath = path ? `${path}.${key}` : key;
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value) && MERGED_PRIMITIVE_LISTS.has(childPath)) {
      const current = Array.isArray(result[key]) ? (result[key] as Json[]) : [];
      const merged = [...current];
      for (const item of value) if (!merged.includes(item)) merged.push(item);
      result[key] = merged;
    } else if (Array.isArray(value) && childPath === 'metadata.ownerReferences') {
      const current = Array.isArray(result[key]) ? (result[key] as Json[]) : [];
      const merged = [...current];
      for (const item of value) {
        const uid = isObject(item) ? item.uid : undefined;
        const at = merged.findIndex((existing) => isObject(existing) && existing.uid === uid);
        if (isObject(item) && item.$patch === 'delete') {
          if (at >= 0) merged.splice(at, 1);
        } else if (at >= 0) merged[at] = strategicMergePatch(merged[at], item, childPath) ?? null;
        else merged.push(clone(item));
      }
      result[key] = merged;
    } else {
      const merged = strategicMergePatch(result[key], value, childPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    }
  }
  return result;
}

interface Operation {
  op: string;
  path?: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw rejected();
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolveParent(doc: Json, segments: string[]): { parent: Json; key: string } {
  let node: Json = doc;
  for (const segment of segments.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else throw rejected();
    if (node === undefined) throw rejected();
  }
  return { parent: node, key: segments[segments.length - 1] };
}

function getAt(doc: Json, pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = Object.hasOwn(node, segment) ? node[segment] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function addAt(doc: Json, pointer: string, value: Json): Json {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return clone(value);
  const { parent, key } = resolveParent(doc, segments);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw rejected();
    parent.splice(index, 0, clone(value));
  } else if (isObject(parent)) {
    parent[key] = clone(value);
  } else {
    throw rejected();
  }
  return doc;
}

function removeAt(doc: Json, pointer: string): Json {
  const segments = parsePointer(pointer);
  const { parent, key } = resolveParent(doc, segments);
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) throw rejected();
    parent.splice(index, 1);
  } else if (isObject(parent)) {
    if (!Object.hasOwn(parent, key)) throw rejected();
    delete parent[key];
  } else {
    throw rejected();
  }
  return doc;
}

function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export function jsonPatch(document: Json, patch: unknown): Json {
  if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = clone(document);
  for (const raw of patch as Operation[]) {
    if (!isObject(raw as unknown)) throw badRequest('json: cannot unmarshal into Go value of type jsonpatch.Operation');
    const op = raw.op;
    const path = raw.path ?? '';
    switch (op) {
      case 'add':
        doc = addAt(doc, path, raw.value ?? null);
        break;
      case 'remove':
        doc = removeAt(doc, path);
        break;
      case 'replace':
        if (getAt(doc, path) === undefined) throw rejected();
        doc = removeAt(doc, path);
        doc = addAt(doc, path, raw.value ?? null);
        break;
      case 'move': {
        const value = getAt(doc, raw.from ?? '');
        if (value === undefined) throw rejected();
        doc = removeAt(doc, raw.from ?? '');
        doc = addAt(doc, path, value);
        break;
      }
      case 'copy': {
        const value = getAt(doc, raw.from ?? '');
        if (value === undefined) throw rejected();
        doc = addAt(doc, path, value);
        break;
      }
      case 'test':
        if (!deepEqual(getAt(doc, path), raw.value)) throw rejected();
        break;
      default:
        throw rejected();
    }
  }
  return doc;
}

export { isObject, clone, deepEqual };
export type { JsonObject };
