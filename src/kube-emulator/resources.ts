// The REST semantics of core/v1 Secrets and Namespaces: what create, replace, patch and delete
// do to the store, in the order kube-apiserver's handlers, admission and strategies apply them.
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { Store, type Entry, type KubeObject, type Resource } from './store.js';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  staleResourceVersion,
  failure,
  unsupportedMediaType,
  type FieldError,
  fieldRequired,
} from './status.js';
import {
  type ObjectMeta,
  canonicalBase64,
  decodedSize,
  goJsonError,
  validateNamespace,
  validateObjectMetaUpdate,
  validateSecret,
  validateSecretUpdate,
} from './validation.js';
import { type Json, clone, deepEqual, isObject, jsonPatch, mergePatch, strategicMergePatch } from './patch.js';
import { applyConfiguration, managerFromUserAgent, recordUpdate } from './managed-fields.js';

export const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export interface WriteOptions {
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  userAgent?: string;
  force?: boolean;
}

export interface WriteResult {
  code: number;
  body: string;
  warnings: string[];
}

const META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);
const SECRET_FIELDS = new Set(['kind', 'apiVersion', 'metadata', 'data', 'stringData', 'type', 'immutable']);
const NAMESPACE_FIELDS = new Set(['kind', 'apiVersion', 'metadata', 'spec', 'status']);

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function generateName(base: string): string {
  const prefix = base.length > 58 ? base.slice(0, 58) : base;
  let suffix = '';
  for (let i = 0; i < 5; i += 1) suffix += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
  return prefix + suffix;
}

export function nowTimestamp(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

/** ObjectMeta with the keys in the order the apiserver serializes them, empty maps dropped. */
function orderedMeta(meta: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = {};
  for (const key of META_FIELDS) {
    const value = meta[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'selfLink' || key === 'generation') continue;
    if ((key === 'labels' || key === 'annotations') && Object.keys(value as object).length === 0) continue;
    if ((key === 'finalizers' || key === 'ownerReferences' || key === 'managedFields') && (value as unknown[]).length === 0) continue;
    out[key] = value;
  }
  return out;
}

function checkUnknownFields(body: Record<string, unknown>, known: Set<string>, options: WriteOptions, warnings: string[]): void {
  if (options.fieldValidation === 'Ignore') return;
  const unknown: string[] = [];
  for (const key of Object.keys(body)) if (!known.has(key)) unknown.push(`unknown field "${key}"`);
  if (isObject(body.metadata)) for (const key of Object.keys(body.metadata)) if (!META_FIELDS.has(key)) unknown.push(`unknown field "metadata.${key}"`);
  if (unknown.length === 0) return;
  if (options.fieldValidation === 'Strict') throw badRequest(`strict decoding error: ${unknown.join(', ')}`);
  warnings.push(...unknown);
}

function checkKind(body: Record<string, unknown>, kind: string): void {
  if (body.apiVersion !== undefined && body.apiVersion !== 'v1') {
    throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (v1)`);
  }
  if (body.kind !== undefined && body.kind !== kind) {
    throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${kind})`);
  }
}

function asBody(raw: unknown, kind: string): Record<string, unknown> {
  if (!isObject(raw)) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${Array.isArray(raw) ? 'array' : typeof raw} into Go value of type struct`);
  if (raw.metadata !== undefined && !isObject(raw.metadata)) {
    throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal into Go struct field ${kind}.metadata of type v1.ObjectMeta`);
  }
  return raw;
}

function stringMap(value: unknown, kind: string, field: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal into Go struct field ${field} of type map[string]string`);
  for (const v of Object.values(value)) {
    if (typeof v !== 'string') throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${v === null ? 'null' : typeof v} into Go struct field ${field} of type string`);
  }
  return value as Record<string, string>;
}

/** Decodes a Secret body into the stored shape: canonical key order, stringData merged into data. */
function toSecret(body: Record<string, unknown>): { secret: KubeObject; sizes: Map<string, number> } {
  const meta = (body.metadata ?? {}) as ObjectMeta;
  stringMap(meta.labels, 'Secret', 'ObjectMeta.labels');
  stringMap(meta.annotations, 'Secret', 'ObjectMeta.annotations');
  const sizes = new Map<string, number>();
  const data: Record<string, string> = {};
  const rawData = body.data;
  if (rawData !== undefined && rawData !== null) {
    if (!isObject(rawData)) throw badRequest('Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal into Go struct field Secret.data of type map[string][]uint8');
    for (const [key, value] of Object.entries(rawData)) {
      if (value === null) {
        data[key] = '';
        sizes.set(key, 0);
        continue;
      }
      sizes.set(key, decodedSize('Secret', value));
      data[key] = canonicalBase64(value as string);
    }
  }
  const stringData = stringMap(body.stringData, 'Secret', 'Secret.stringData');
  for (const [key, value] of Object.entries(stringData ?? {})) {
    const bytes = Buffer.from(value, 'utf8');
    data[key] = bytes.toString('base64');
    sizes.set(key, bytes.length);
  }
  if (body.immutable !== undefined && body.immutable !== null && typeof body.immutable !== 'boolean') {
    throw badRequest('Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal into Go struct field Secret.immutable of type bool');
  }
  if (body.type !== undefined && body.type !== null && typeof body.type !== 'string') {
    throw badRequest('Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal into Go struct field Secret.type of type v1.SecretType');
  }
  const secret: KubeObject = { kind: 'Secret', apiVersion: 'v1', metadata: orderedMeta(meta) };
  if (typeof body.immutable === 'boolean') secret.immutable = body.immutable;
  if (Object.keys(data).length > 0) secret.data = data;
  secret.type = (body.type as string | undefined) || 'Opaque';
  return { secret, sizes };
}

function secretSizes(secret: KubeObject): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [k, v] of Object.entries((secret.data as Record<string, string> | undefined) ?? {})) sizes.set(k, decodedSize('Secret', v));
  return sizes;
}

function toNamespace(body: Record<string, unknown>): KubeObject {
  const meta = (body.metadata ?? {}) as ObjectMeta;
  stringMap(meta.labels, 'Namespace', 'ObjectMeta.labels');
  stringMap(meta.annotations, 'Namespace', 'ObjectMeta.annotations');
  const spec = isObject(body.spec) ? body.spec : {};
  const status = isObject(body.status) ? body.status : {};
  const ns: KubeObject = { kind: 'Namespace', apiVersion: 'v1', metadata: orderedMeta(meta), spec: {}, status: {} };
  if (Array.isArray(spec.finalizers) && spec.finalizers.length > 0) (ns.spec as Record<string, unknown>).finalizers = spec.finalizers;
  if (typeof status.phase === 'string') (ns.status as Record<string, unknown>).phase = status.phase;
  return ns;
}

/** Copies fields without which a user's PUT would be a different object (system fields stay the server's). */
function carrySystemFields(next: KubeObject, prev: KubeObject): void {
  const m = next.metadata;
  const p = prev.metadata;
  if (!m.uid) m.uid = p.uid;
  m.creationTimestamp = p.creationTimestamp;
  if (p.deletionTimestamp) {
    m.deletionTimestamp = p.deletionTimestamp;
    m.deletionGracePeriodSeconds = p.deletionGracePeriodSeconds;
  } else {
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
  }
  delete m.generateName;
  if (p.generateName) m.generateName = p.generateName;
  m.managedFields = p.managedFields;
}

/** True when `a` and `b` differ only in resourceVersion and managedFields: such an update is a no-op. */
function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): Json => {
    const { resourceVersion: _rv, managedFields: _mf, ...meta } = o.metadata;
    return { ...o, metadata: orderedMeta(meta) } as unknown as Json;
  };
  return deepEqual(strip(a), strip(b));
}

function reorder(object: KubeObject): KubeObject {
  object.metadata = orderedMeta(object.metadata);
  if (object.kind === 'Secret') {
    const { kind, apiVersion, metadata, immutable, data, type } = object;
    const out: KubeObject = { kind, apiVersion, metadata };
    if (immutable !== undefined) out.immutable = immutable;
    if (data !== undefined && Object.keys(data as object).length > 0) out.data = data;
    out.type = type;
    return out;
  }
  const { kind, apiVersion, metadata, spec, status } = object;
  return { kind, apiVersion, metadata, spec, status };
}

export interface NamespaceLifecycle {
  /** Milliseconds between a namespace delete and the namespace controller removing its contents. */
  finalizeDelayMs: number;
}

export class Registry {
  private finalizeTimers = new Set<NodeJS.Timeout>();

  constructor(
    readonly store: Store,
    private readonly lifecycle: NamespaceLifecycle,
  ) {}

  close(): void {
    for (const t of this.finalizeTimers) clearTimeout(t);
    this.finalizeTimers.clear();
  }

  /**
   * Empties the cluster (no watch events: see Store.wipe) and makes its system namespaces again,
   * with the same UIDs (a restore: the same cluster) unless `newIdentity` (a rebuilt one).
   */
  reset(newIdentity: boolean): void {
    this.close();
    const system = ['default', 'kube-node-lease', 'kube-public', 'kube-system']
      .map((name) => this.store.get('namespaces', '', name)?.object)
      .filter((object): object is KubeObject => object !== undefined)
      .map((object) => structuredClone(object));
    this.store.wipe();
    if (newIdentity || system.length === 0) {
      this.bootstrap();
      return;
    }
    for (const ns of system) this.store.write('namespaces', '', ns.metadata.name!, ns);
  }

  bootstrap(): void {
    for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
      const ns = toNamespace({ metadata: { name } });
      this.createNamespaceObject(ns, 'kube-apiserver');
    }
  }

  private manager(options: WriteOptions): string {
    return options.fieldManager ?? managerFromUserAgent(options.userAgent);
  }

  // ---- secrets

  createSecret(namespace: string, raw: unknown, options: WriteOptions): WriteResult {
    const warnings: string[] = [];
    const body = asBody(raw, 'Secret');
    checkKind(body, 'Secret');
    checkUnknownFields(body, SECRET_FIELDS, options, warnings);
    const { secret, sizes } = toSecret(body);
    const meta = secret.metadata;
    if (meta.namespace && meta.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    meta.namespace = namespace;
    this.admitCreate('secrets', namespace, meta.name ?? '');
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    const errors = validateSecret(secret, sizes);
    if (errors.length) throw invalid('Secret', meta.name ?? '', errors);
    if (this.store.get('secrets', namespace, meta.name as string)) throw alreadyExists('secrets', meta.name as string);
    return this.finishCreate('secrets', secret, options, warnings);
  }

  private admitCreate(resource: Resource, namespace: string, name: string): void {
    const ns = this.store.get('namespaces', '', namespace);
    if (!ns) throw notFound('namespaces', namespace);
    if ((ns.object.status as { phase?: string }).phase === 'Terminating') {
      throw forbidden(resource, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  private finishCreate(resource: Resource, object: KubeObject, options: WriteOptions, warnings: string[], applied?: Partial<KubeObject>): WriteResult {
    const meta = object.metadata;
    const now = nowTimestamp();
    meta.uid = randomUUID();
    meta.creationTimestamp = now;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.managedFields;
    let stored = reorder(object);
    if (applied) stored = reorder(applyConfiguration(stored, undefined, applied, this.manager(options), true, now));
    else recordUpdate(undefined, stored, this.manager(options), now);
    stored.metadata = orderedMeta(stored.metadata);
    if (options.dryRun) return { code: 201, body: JSON.stringify(stored), warnings };
    const entry = this.store.write(resource, meta.namespace ?? '', meta.name as string, stored) as Entry;
    return { code: 201, body: entry.json, warnings };
  }

  readSecret(namespace: string, name: string): Entry {
    const entry = this.store.get('secrets', namespace, name);
    if (!entry) throw notFound('secrets', name);
    return entry;
  }

  replaceSecret(namespace: string, name: string, raw: unknown, options: WriteOptions): WriteResult {
    const warnings: string[] = [];
    const body = asBody(raw, 'Secret');
    checkKind(body, 'Secret');
    checkUnknownFields(body, SECRET_FIELDS, options, warnings);
    const { secret } = toSecret(body);
    return this.updateSecret(namespace, name, secret, options, warnings, true);
  }

  private updateSecret(namespace: string, name: string, secret: KubeObject, options: WriteOptions, warnings: string[], checkName: boolean): WriteResult {
    const meta = secret.metadata;
    if (meta.namespace && meta.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    meta.namespace = namespace;
    if (checkName && meta.name !== name) throw badRequest(`the name of the object (${meta.name ?? ''}) does not match the name on the URL (${name})`);
    const current = this.store.get('secrets', namespace, name);
    if (!current) throw notFound('secrets', name);
    if (meta.resourceVersion && meta.resourceVersion !== current.object.metadata.resourceVersion) throw staleResourceVersion('secrets', name);
    const prev = current.object;
    carrySystemFields(secret, prev);
    if (!secret.type) secret.type = prev.type;
    const errors = validateSecretUpdate(secret, prev, secretSizes(secret));
    if (errors.length) throw invalid('Secret', name, errors);
    return this.finishUpdate('secrets', current, reorder(secret), options, warnings);
  }

  private finishUpdate(resource: Resource, current: Entry, next: KubeObject, options: WriteOptions, warnings: string[], applied = false): WriteResult {
    if (!applied) recordUpdate(current.object, next, this.manager(options), nowTimestamp());
    next.metadata = orderedMeta(next.metadata);
    next.metadata.resourceVersion = current.object.metadata.resourceVersion;
    if (sameContent(next, current.object) && deepEqual(next.metadata.managedFields as Json, current.object.metadata.managedFields as Json)) {
      return { code: 200, body: current.json, warnings };
    }
    if (options.dryRun) return { code: 200, body: JSON.stringify(next), warnings };
    const ns = next.metadata.namespace ?? '';
    const name = next.metadata.name as string;
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length) && resource === 'secrets') {
      this.store.write(resource, ns, name, undefined);
      return { code: 200, body: JSON.stringify(next), warnings };
    }
    const entry = this.store.write(resource, ns, name, next) as Entry;
    if (resource === 'namespaces') this.maybeFinishNamespace(name);
    return { code: 200, body: entry.json, warnings };
  }

  patchSecret(namespace: string, name: string, contentType: string, rawBody: string, options: WriteOptions): WriteResult {
    const warnings: string[] = [];
    const current = this.store.get('secrets', namespace, name);
    if (contentType === 'application/apply-patch+yaml') return this.applySecret(namespace, name, current, rawBody, options);
    if (!current) throw notFound('secrets', name);
    const patched = this.applyPatch(current.object, contentType, rawBody, 'Secret');
    checkUnknownFields(patched, SECRET_FIELDS, options, warnings);
    checkKind(patched, 'Secret');
    const { secret } = toSecret(patched);
    if (secret.metadata.name !== name) throw badRequest(`the name of the object (${secret.metadata.name ?? ''}) does not match the name on the URL (${name})`);
    return this.updateSecret(namespace, name, secret, options, warnings, false);
  }

  private applyPatch(object: KubeObject, contentType: string, rawBody: string, kind: string): Record<string, unknown> {
    let patch: unknown;
    try {
      patch = JSON.parse(rawBody);
    } catch {
      // Go's decoder names the offending character, never the body (which may hold Secret data).
      throw badRequest(`error decoding patch: ${goJsonError(rawBody) ?? 'unexpected end of JSON input'}`);
    }
    let result: Json | undefined;
    const doc = clone(object) as unknown as Json;
    switch (contentType) {
      case 'application/json-patch+json':
        result = jsonPatch(doc, patch);
        break;
      case 'application/merge-patch+json':
        if (!isObject(patch)) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal array into Go value of type map[string]interface {}`);
        result = mergePatch(doc, patch as Json);
        break;
      case 'application/strategic-merge-patch+json':
        if (!isObject(patch)) throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
        result = strategicMergePatch(doc, patch as Json);
        break;
      default:
        throw unsupportedMediaType(contentType);
    }
    return asBody(result ?? {}, kind);
  }

  private parseApplyConfig(rawBody: string, kind: string, name: string, options: WriteOptions): Record<string, unknown> {
    if (!options.fieldManager) {
      throw new ApiError(
        failure(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
          group: 'meta.k8s.io',
          kind: 'PatchOptions',
          causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
        }),
      );
    }
    let config: unknown;
    try {
      config = parseYaml(rawBody);
    } catch (err) {
      throw badRequest(`error decoding YAML: ${(err as Error).message}`);
    }
    const body = asBody(config, kind);
    if (body.kind === undefined) throw badRequest(`Object 'Kind' is missing in '${rawBody.trim()}'`);
    checkKind(body, kind);
    const meta = (body.metadata ?? {}) as ObjectMeta;
    if (meta.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    return body;
  }

  private applySecret(namespace: string, name: string, current: Entry | undefined, rawBody: string, options: WriteOptions): WriteResult {
    const warnings: string[] = [];
    const body = this.parseApplyConfig(rawBody, 'Secret', name, options);
    checkUnknownFields(body, SECRET_FIELDS, options, warnings);
    const { secret: config } = toSecret(body);
    if (body.type === undefined) delete config.type;
    config.metadata = { ...config.metadata, name, namespace };
    const applied: Partial<KubeObject> = { kind: 'Secret', metadata: { labels: config.metadata.labels, annotations: config.metadata.annotations, finalizers: config.metadata.finalizers, ownerReferences: config.metadata.ownerReferences } };
    for (const key of ['data', 'type', 'immutable'] as const) if (config[key] !== undefined) applied[key] = config[key];
    if (!current) {
      const secret: KubeObject = { ...config, metadata: { ...config.metadata } };
      this.admitCreate('secrets', namespace, name);
      if (!secret.type) secret.type = 'Opaque';
      const errors = validateSecret(secret, secretSizes(secret));
      if (errors.length) throw invalid('Secret', name, errors);
      return this.finishCreate('secrets', secret, options, warnings, applied);
    }
    const merged = reorder(applyConfiguration(current.object, current.object, applied, options.fieldManager as string, options.force ?? false, nowTimestamp()));
    const errors = validateSecretUpdate(merged, current.object, secretSizes(merged));
    if (errors.length) throw invalid('Secret', name, errors);
    return this.finishUpdate('secrets', current, merged, options, warnings, true);
  }

  deleteSecret(namespace: string, name: string, deleteOptions: Record<string, unknown>, options: WriteOptions): WriteResult {
    const current = this.store.get('secrets', namespace, name);
    if (!current) throw notFound('secrets', name);
    checkPreconditions('secrets', name, current, deleteOptions);
    const meta = current.object.metadata;
    if (meta.finalizers?.length) {
      if (meta.deletionTimestamp) return { code: 200, body: current.json, warnings: [] };
      const next: KubeObject = { ...current.object, metadata: orderedMeta({ ...meta, deletionTimestamp: nowTimestamp(), deletionGracePeriodSeconds: 0 }) };
      if (options.dryRun) return { code: 200, body: JSON.stringify(next), warnings: [] };
      const entry = this.store.write('secrets', namespace, name, next) as Entry;
      return { code: 200, body: entry.json, warnings: [] };
    }
    if (!options.dryRun) this.store.write('secrets', namespace, name, undefined);
    return {
      code: 200,
      body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: 'secrets', uid: meta.uid } }),
      warnings: [],
    };
  }

  deleteSecrets(entries: Entry[], options: WriteOptions): Entry[] {
    const deleted: Entry[] = [];
    for (const entry of entries) {
      try {
        this.deleteSecret(entry.namespace, entry.name, {}, options);
        deleted.push(entry);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
    return deleted;
  }

  // ---- namespaces

  createNamespace(raw: unknown, options: WriteOptions): WriteResult {
    const warnings: string[] = [];
    const body = asBody(raw, 'Namespace');
    checkKind(body, 'Namespace');
    checkUnknownFields(body, NAMESPACE_FIELDS, options, warnings);
    const ns = toNamespace(body);
    const meta = ns.metadata;
    delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    prepareNamespace(ns);
    const errors = validateNamespace(ns as { metadata: ObjectMeta; spec?: { finalizers?: string[] } });
    if (errors.length) throw invalid('Namespace', meta.name ?? '', errors);
    if (this.store.get('namespaces', '', meta.name as string)) throw alreadyExists('namespaces', meta.name as string);
    return this.finishCreate('namespaces', ns, options, warnings);
  }

  private createNamespaceObject(ns: KubeObject, manager: string): void {
    prepareNamespace(ns);
    this.finishCreate('namespaces', ns, { dryRun: false, fieldManager: manager, fieldValidation: 'Ignore' }, []);
  }

  readNamespace(name: string): Entry {
    const entry = this.store.get('namespaces', '', name);
    if (!entry) throw notFound('namespaces', name);
    return entry;
  }

  replaceNamespace(name: string, raw: unknown, options: WriteOptions): WriteResult {
    const warnings: string[] = [];
    const body = asBody(raw, 'Namespace');
    checkKind(body, 'Namespace');
    checkUnknownFields(body, NAMESPACE_FIELDS, options, warnings);
    const ns = toNamespace(body);
    if (ns.metadata.name !== name) throw badRequest(`the name of the object (${ns.metadata.name ?? ''}) does not match the name on the URL (${name})`);
    return this.updateNamespace(name, ns, options, warnings);
  }

  private updateNamespace(name: string, ns: KubeObject, options: WriteOptions, warnings: string[]): WriteResult {
    const current = this.store.get('namespaces', '', name);
    if (!current) throw notFound('namespaces', name);
    const meta = ns.metadata;
    if (meta.resourceVersion && meta.resourceVersion !== current.object.metadata.resourceVersion) throw staleResourceVersion('namespaces', name);
    delete meta.namespace;
    carrySystemFields(ns, current.object);
    ns.spec = current.object.spec;
    ns.status = current.object.status;
    meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': name };
    const errors: FieldError[] = [...validateObjectMetaUpdate(meta, current.object.metadata), ...validateNamespace(ns as { metadata: ObjectMeta })];
    if (errors.length) throw invalid('Namespace', name, errors);
    return this.finishUpdate('namespaces', current, reorder(ns), options, warnings);
  }

  patchNamespace(name: string, contentType: string, rawBody: string, options: WriteOptions): WriteResult {
    const warnings: string[] = [];
    const current = this.store.get('namespaces', '', name);
    if (contentType === 'application/apply-patch+yaml') {
      const body = this.parseApplyConfig(rawBody, 'Namespace', name, options);
      const config = toNamespace(body);
      const applied: Partial<KubeObject> = { kind: 'Namespace', metadata: { labels: config.metadata.labels, annotations: config.metadata.annotations, finalizers: config.metadata.finalizers } };
      if (!current) {
        const ns = toNamespace({ metadata: { name } });
        prepareNamespace(ns);
        return this.finishCreate('namespaces', ns, options, warnings, applied);
      }
      const merged = applyConfiguration(current.object, current.object, applied, options.fieldManager as string, options.force ?? false, nowTimestamp());
      merged.metadata.labels = { ...(merged.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
      const errors = validateNamespace(merged as { metadata: ObjectMeta });
      if (errors.length) throw invalid('Namespace', name, errors);
      return this.finishUpdate('namespaces', current, reorder(merged), options, warnings, true);
    }
    if (!current) throw notFound('namespaces', name);
    const patched = this.applyPatch(current.object, contentType, rawBody, 'Namespace');
    checkUnknownFields(patched, NAMESPACE_FIELDS, options, warnings);
    checkKind(patched, 'Namespace');
    const ns = toNamespace(patched);
    if (ns.metadata.name !== name) throw badRequest(`the name of the object (${ns.metadata.name ?? ''}) does not match the name on the URL (${name})`);
    return this.updateNamespace(name, ns, options, warnings);
  }

  deleteNamespace(name: string, deleteOptions: Record<string, unknown>, options: WriteOptions): WriteResult {
    if (PROTECTED_NAMESPACES.has(name)) throw forbidden('namespaces', name, 'this namespace may not be deleted');
    const current = this.store.get('namespaces', '', name);
    if (!current) throw notFound('namespaces', name);
    checkPreconditions('namespaces', name, current, deleteOptions);
    if (current.object.metadata.deletionTimestamp) return { code: 200, body: current.json, warnings: [] };
    const next: KubeObject = {
      ...current.object,
      metadata: orderedMeta({ ...current.object.metadata, deletionTimestamp: nowTimestamp() }),
      status: { ...(current.object.status as object), phase: 'Terminating' },
    };
    if (options.dryRun) return { code: 200, body: JSON.stringify(next), warnings: [] };
    const entry = this.store.write('namespaces', '', name, next) as Entry;
    this.scheduleNamespaceCleanup(name);
    return { code: 200, body: entry.json, warnings: [] };
  }

  /** The namespace controller: remove the contents, drop the `kubernetes` finalizer, then the namespace. */
  private scheduleNamespaceCleanup(name: string): void {
    const timer = setTimeout(() => {
      this.finalizeTimers.delete(timer);
      const ns = this.store.get('namespaces', '', name);
      if (!ns || !ns.object.metadata.deletionTimestamp) return;
      for (const secret of this.store.secretsIn(name)) {
        if (secret.object.metadata.finalizers?.length) {
          if (!secret.object.metadata.deletionTimestamp) {
            this.deleteSecret(name, secret.name, {}, { dryRun: false, fieldValidation: 'Ignore' });
          }
        } else {
          this.store.write('secrets', name, secret.name, undefined);
        }
      }
      if (this.store.secretsIn(name).length > 0) {
        this.scheduleNamespaceCleanup(name);
        return;
      }
      const spec = (ns.object.spec ?? {}) as { finalizers?: string[] };
      if (spec.finalizers?.includes('kubernetes')) {
        const finalizers = spec.finalizers.filter((f) => f !== 'kubernetes');
        const next: KubeObject = { ...ns.object, metadata: { ...ns.object.metadata }, spec: finalizers.length ? { finalizers } : {} };
        this.store.write('namespaces', '', name, next);
      }
      this.maybeFinishNamespace(name);
    }, this.lifecycle.finalizeDelayMs);
    this.finalizeTimers.add(timer);
  }

  private maybeFinishNamespace(name: string): void {
    const ns = this.store.get('namespaces', '', name);
    if (!ns || !ns.object.metadata.deletionTimestamp) return;
    const spec = (ns.object.spec ?? {}) as { finalizers?: string[] };
    if (spec.finalizers?.length || ns.object.metadata.finalizers?.length) return;
    this.store.write('namespaces', '', name, undefined);
  }
}

function prepareNamespace(ns: KubeObject): void {
  const meta = ns.metadata;
  const spec = (ns.spec ?? {}) as { finalizers?: string[] };
  const finalizers = spec.finalizers ?? [];
  if (!finalizers.includes('kubernetes')) finalizers.push('kubernetes');
  ns.spec = { finalizers };
  ns.status = { phase: 'Active' };
  if (meta.name) meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name };
}

function checkPreconditions(resource: Resource, name: string, current: Entry, deleteOptions: Record<string, unknown>): void {
  const pre = deleteOptions.preconditions;
  if (!isObject(pre)) return;
  const meta = current.object.metadata;
  if (typeof pre.uid === 'string' && pre.uid !== meta.uid) {
    throw conflict(resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`);
  }
  if (typeof pre.resourceVersion === 'string' && pre.resourceVersion !== meta.resourceVersion) {
    throw conflict(resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`);
  }
}

export { fieldRequired };
