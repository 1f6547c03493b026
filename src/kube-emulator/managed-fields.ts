// metadata.managedFields as server-side apply keeps them, for the flat shapes of Secrets and
// Namespaces: which manager owns which label, annotation, data key and top-level field.
import type { KubeObject } from './store.js';
import { ApiError, failure } from './status.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
}

type FieldValues = Map<string, string>;
const SEP = '\n';
const MAPS = new Set(['labels', 'annotations', 'data']);

/** The leaf fields of an object a manager can own, with their values as JSON. */
export function flatten(object: Partial<KubeObject>): FieldValues {
  const fields: FieldValues = new Map();
  const meta = object.metadata ?? {};
  for (const map of ['labels', 'annotations'] as const) {
    for (const [k, v] of Object.entries(meta[map] ?? {})) fields.set(['metadata', map, k].join(SEP), JSON.stringify(v));
  }
  if (meta.finalizers?.length) fields.set(['metadata', 'finalizers'].join(SEP), JSON.stringify(meta.finalizers));
  if (meta.ownerReferences?.length) fields.set(['metadata', 'ownerReferences'].join(SEP), JSON.stringify(meta.ownerReferences));
  if (object.kind === 'Secret') {
    for (const [k, v] of Object.entries((object.data as Record<string, string> | undefined) ?? {})) fields.set(['data', k].join(SEP), JSON.stringify(v));
    if (object.type !== undefined) fields.set('type', JSON.stringify(object.type));
    if (object.immutable !== undefined) fields.set('immutable', JSON.stringify(object.immutable));
  }
  return fields;
}

function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    let node = root;
    const segments = path.split(SEP);
    segments.forEach((segment, i) => {
      const key = `f:${segment}`;
      if (!node[key]) node[key] = MAPS.has(segment) && i < segments.length - 1 ? { '.': {} } : {};
      node = node[key] as Record<string, unknown>;
    });
  }
  return sortKeys(root);
}

function sortKeys(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort()) out[key] = sortKeys(node[key] as Record<string, unknown>);
  return out;
}

function fromFieldsV1(fields: Record<string, unknown>, prefix: string[] = [], out = new Set<string>()): Set<string> {
  for (const [key, child] of Object.entries(fields)) {
    if (!key.startsWith('f:')) continue;
    const path = [...prefix, key.slice(2)];
    const children = Object.keys((child as Record<string, unknown>) ?? {}).filter((k) => k.startsWith('f:'));
    if (children.length === 0) out.add(path.join(SEP));
    else fromFieldsV1(child as Record<string, unknown>, path, out);
  }
  return out;
}

interface Owner {
  manager: string;
  operation: 'Apply' | 'Update';
  time: string;
  fields: Set<string>;
  changed: boolean;
}

function owners(object: KubeObject | undefined): Owner[] {
  const entries = (object?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  return entries.map((e) => ({ manager: e.manager, operation: e.operation, time: e.time, fields: fromFieldsV1(e.fieldsV1 ?? {}), changed: false }));
}

function store(object: KubeObject, list: Owner[], now: string): void {
  const entries: ManagedFieldsEntry[] = list
    .filter((o) => o.fields.size > 0)
    .map((o) => ({
      manager: o.manager,
      operation: o.operation,
      apiVersion: 'v1',
      time: o.changed ? now : o.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1([...o.fields].sort()),
    }));
  if (entries.length > 0) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
}

/** Records an Update (create, replace, non-apply patch) by `manager` that turned `previous` into `next`. */
export function recordUpdate(previous: KubeObject | undefined, next: KubeObject, manager: string, now: string): void {
  const before = previous ? flatten(previous) : new Map<string, string>();
  const after = flatten(next);
  const touched = new Set<string>();
  for (const [path, value] of after) if (before.get(path) !== value) touched.add(path);
  for (const path of before.keys()) if (!after.has(path)) touched.add(path);
  const list = owners(previous);
  for (const owner of list) {
    if (owner.manager === manager && owner.operation === 'Update') continue;
    for (const path of touched) if (owner.fields.delete(path)) owner.changed = true;
  }
  let mine = list.find((o) => o.manager === manager && o.operation === 'Update');
  if (!mine && touched.size > 0) {
    mine = { manager, operation: 'Update', time: now, fields: new Set(), changed: true };
    list.push(mine);
  }
  if (mine) {
    for (const path of touched) {
      if (after.has(path)) {
        if (!mine.fields.has(path)) mine.changed = true;
        mine.fields.add(path);
      } else if (mine.fields.delete(path)) mine.changed = true;
    }
    if (touched.size > 0) mine.changed = true;
  }
  store(next, list, now);
}

function setField(object: KubeObject, path: string, json: string | undefined): void {
  const segments = path.split(SEP);
  const value = json === undefined ? undefined : (JSON.parse(json) as unknown);
  if (segments[0] === 'metadata') {
    const meta = object.metadata as Record<string, unknown>;
    if (segments.length === 3) {
      const map = { ...((meta[segments[1]] as Record<string, string> | undefined) ?? {}) };
      if (value === undefined) delete map[segments[2]];
      else map[segments[2]] = value as string;
      meta[segments[1]] = map;
    } else if (value === undefined) delete meta[segments[1]];
    else meta[segments[1]] = value;
    return;
  }
  if (segments.length === 2) {
    const map = { ...((object[segments[0]] as Record<string, string> | undefined) ?? {}) };
    if (value === undefined) delete map[segments[1]];
    else map[segments[1]] = value as string;
    object[segments[0]] = map;
  } else if (value === undefined) delete object[segments[0]];
  else object[segments[0]] = value;
}

function dotted(path: string): string {
  return `.${path.split(SEP).map((s, i, all) => (i === all.length - 1 && all.length > 1 && MAPS.has(all[i - 1]) ? `${s}` : s)).join('.')}`;
}

/**
 * Server-side apply of `config` by `manager` onto `live` (or a new object): conflicts with other
 * managers' differing values are a 409 unless forced; fields this manager applied before and
 * no longer applies are removed when nobody else owns them.
 */
export function applyConfiguration(live: KubeObject, previous: KubeObject | undefined, config: Partial<KubeObject>, manager: string, force: boolean, now: string): KubeObject {
  const applied = flatten(config);
  const liveFields = previous ? flatten(previous) : new Map<string, string>();
  const list = owners(previous);
  const conflicts: Array<{ manager: string; path: string }> = [];
  for (const [path, value] of applied) {
    const current = liveFields.get(path);
    if (current === undefined || current === value) continue;
    for (const owner of list) {
      if (owner.manager === manager && owner.operation === 'Apply') continue;
      if (owner.fields.has(path)) conflicts.push({ manager: owner.manager, path });
    }
  }
  if (conflicts.length > 0 && !force) {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), dotted(c.path)]);
    const parts = [...byManager.entries()].map(([m, paths]) =>
      paths.length === 1 ? `conflict with "${m}": ${paths[0]}` : `conflicts with "${m}":\n${paths.map((p) => `- ${p}`).join('\n')}`,
    );
    const n = conflicts.length;
    throw new ApiError(
      failure(409, 'Conflict', `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join('\n')}`, {
        causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}"`, field: dotted(c.path) })),
      }),
    );
  }
  const result: KubeObject = { ...live, metadata: { ...live.metadata } };
  const mine = list.find((o) => o.manager === manager && o.operation === 'Apply');
  for (const path of mine?.fields ?? []) {
    if (applied.has(path)) continue;
    const ownedElsewhere = list.some((o) => o !== mine && o.fields.has(path));
    if (!ownedElsewhere) setField(result, path, undefined);
  }
  for (const [path, value] of applied) setField(result, path, value);
  for (const owner of list) {
    if (owner === mine) continue;
    for (const c of conflicts) if (c.manager === owner.manager && owner.fields.delete(c.path)) owner.changed = true;
  }
  const before = mine ? [...mine.fields].sort().join(SEP) : undefined;
  const after = [...applied.keys()].sort().join(SEP);
  if (mine) {
    mine.fields = new Set(applied.keys());
    mine.changed = before !== after || [...applied].some(([p, v]) => liveFields.get(p) !== v);
  } else {
    list.push({ manager, operation: 'Apply', time: now, fields: new Set(applied.keys()), changed: true });
  }
  store(result, list, now);
  return result;
}

/** The manager name the apiserver derives from a User-Agent when fieldManager is not given. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown';
  const first = userAgent.split('/')[0];
  return first.slice(0, 128) || 'unknown';
}
