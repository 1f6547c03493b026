// The in-memory object store: one resourceVersion counter for every kind, a bounded
// history of watch events for resuming, and the open watches, indexed by namespace.
import type { ObjectMeta } from './validation.js';
import type { FieldSelector, LabelSelector } from './selectors.js';
import { expired, tooOldResourceVersion, badRequest } from './status.js';

export type Resource = 'secrets' | 'namespaces';

export interface KubeObject {
  kind: string;
  apiVersion: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export const KINDS: Record<Resource, { kind: string; listKind: string }> = {
  secrets: { kind: 'Secret', listKind: 'SecretList' },
  namespaces: { kind: 'Namespace', listKind: 'NamespaceList' },
};

/** One stored version of an object; never mutated, so its JSON is computed at most once. */
export class Entry {
  private cachedJson?: string;
  private cachedItemJson?: string;
  private cachedFields?: Record<string, string>;
  constructor(
    readonly object: KubeObject,
    readonly rv: number,
  ) {}
  get json(): string {
    if (this.cachedJson === undefined) this.cachedJson = JSON.stringify(this.object);
    return this.cachedJson;
  }
  /** As a list item: without kind and apiVersion. */
  get itemJson(): string {
    if (this.cachedItemJson === undefined) {
      const json = this.json;
      const prefix = `{"kind":${JSON.stringify(this.object.kind)},"apiVersion":${JSON.stringify(this.object.apiVersion)},`;
      this.cachedItemJson = json.startsWith(prefix) ? `{${json.slice(prefix.length)}` : json;
    }
    return this.cachedItemJson;
  }
  get name(): string {
    return this.object.metadata.name ?? '';
  }
  get namespace(): string {
    return this.object.metadata.namespace ?? '';
  }
  get labels(): Record<string, string> | undefined {
    return this.object.metadata.labels;
  }
  get fields(): Record<string, string> {
    if (this.cachedFields === undefined) {
      const m = this.object.metadata;
      this.cachedFields =
        this.object.kind === 'Namespace'
          ? { 'metadata.name': m.name ?? '', 'status.phase': String((this.object.status as { phase?: string } | undefined)?.phase ?? '') }
          : { 'metadata.name': m.name ?? '', 'metadata.namespace': m.namespace ?? '', type: String(this.object.type ?? '') };
    }
    return this.cachedFields;
  }
  /** The same object at another resourceVersion (a DELETED event carries the deletion's version). */
  withResourceVersion(rv: number): Entry {
    return new Entry({ ...this.object, metadata: { ...this.object.metadata, resourceVersion: String(rv) } }, rv);
  }
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export class StoreEvent {
  private deletedEntry?: Entry;
  private lines: Partial<Record<EventType, string>> = {};
  constructor(
    readonly rv: number,
    readonly resource: Resource,
    readonly namespace: string,
    readonly current: Entry | undefined,
    readonly previous: Entry | undefined,
  ) {}
  /** The previous state stamped with this event's resourceVersion. */
  get deleted(): Entry {
    if (!this.deletedEntry) this.deletedEntry = (this.previous as Entry).withResourceVersion(this.rv);
    return this.deletedEntry;
  }
  /** What a watcher with `filter` sees, as apiserver's cacheWatcher.convertToWatchEvent decides. */
  view(filter: (entry: Entry) => boolean): { type: EventType; entry: Entry } | undefined {
    const curPasses = this.current !== undefined && filter(this.current);
    const prevPasses = this.previous !== undefined && filter(this.previous);
    if (curPasses && !prevPasses) return { type: 'ADDED', entry: this.current as Entry };
    if (curPasses && prevPasses) return { type: 'MODIFIED', entry: this.current as Entry };
    if (!curPasses && prevPasses) return { type: 'DELETED', entry: this.deleted };
    return undefined;
  }
  line(type: EventType, entry: Entry): string {
    let line = this.lines[type];
    if (line === undefined || (type !== 'DELETED' && entry !== this.current)) {
      line = `{"type":"${type}","object":${entry.json}}\n`;
      this.lines[type] = line;
    }
    return line;
  }
}

export interface Watcher {
  resource: Resource;
  namespace?: string;
  label: LabelSelector;
  field: FieldSelector;
  deliver(event: StoreEvent, type: EventType, entry: Entry): void;
}

export function matches(watcher: { label: LabelSelector; field: FieldSelector }, entry: Entry): boolean {
  return (watcher.label.empty || watcher.label.matches(entry.labels)) && (watcher.field.empty || watcher.field.matches(entry.fields));
}

interface WatcherIndex {
  all: Set<Watcher>;
  byNamespace: Map<string, Set<Watcher>>;
}

export interface ListResult {
  rv: number;
  entries: Entry[];
  continueToken?: string;
  remainingItemCount?: number;
}

export interface ListQuery {
  namespace?: string;
  label: LabelSelector;
  field: FieldSelector;
  limit?: number;
  continueToken?: string;
}

const CONTINUE_TOO_OLD =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export class Store {
  private revision = 0;
  readonly namespaces = new Map<string, Entry>();
  private readonly secrets = new Map<string, Map<string, Entry>>();
  private sortedNamespaceNames?: string[];
  /** Namespaces holding secrets, in etcd key order of `<namespace>/`. */
  private secretNamespaceOrder?: string[];
  private readonly sortedSecretNames = new Map<string, string[]>();
  private history: StoreEvent[] = [];
  /** Every event after this resourceVersion is still in `history`. */
  private floor = 0;
  private readonly watchers: Record<Resource, WatcherIndex> = {
    secrets: { all: new Set(), byNamespace: new Map() },
    namespaces: { all: new Set(), byNamespace: new Map() },
  };

  constructor(private readonly historyLimit: number) {}

  get resourceVersion(): number {
    return this.revision;
  }

  get oldestResumable(): number {
    return this.floor;
  }

  nextResourceVersion(): number {
    return this.revision + 1;
  }

  get(resource: Resource, namespace: string, name: string): Entry | undefined {
    return resource === 'namespaces' ? this.namespaces.get(name) : this.secrets.get(namespace)?.get(name);
  }

  secretsIn(namespace: string): Entry[] {
    const names = this.sortedSecrets(namespace);
    const map = this.secrets.get(namespace);
    return map ? names.map((n) => map.get(n) as Entry) : [];
  }

  countSecrets(): number {
    let n = 0;
    for (const map of this.secrets.values()) n += map.size;
    return n;
  }

  /** Writes a new state (or removes the object with `object === undefined`) and notifies watchers. */
  write(resource: Resource, namespace: string, name: string, object: KubeObject | undefined): Entry | undefined {
    const previous = this.get(resource, namespace, name);
    const rv = ++this.revision;
    let entry: Entry | undefined;
    if (object) {
      object.metadata.resourceVersion = String(rv);
      entry = new Entry(object, rv);
    }
    if (resource === 'namespaces') {
      if (entry) this.namespaces.set(name, entry);
      else this.namespaces.delete(name);
      if (!previous || !entry) this.sortedNamespaceNames = undefined;
    } else {
      let map = this.secrets.get(namespace);
      if (entry) {
        if (!map) {
          this.secrets.set(namespace, (map = new Map()));
          this.secretNamespaceOrder = undefined;
        }
        map.set(name, entry);
      } else if (map) {
        map.delete(name);
        if (map.size === 0) {
          this.secrets.delete(namespace);
          this.secretNamespaceOrder = undefined;
        }
      }
      if (!previous || !entry) this.sortedSecretNames.delete(namespace);
    }
    const event = new StoreEvent(rv, resource, resource === 'secrets' ? namespace : '', entry, previous);
    this.remember(event);
    this.notify(event);
    return entry;
  }

  private remember(event: StoreEvent): void {
    if (this.historyLimit <= 0) {
      this.floor = event.rv;
      return;
    }
    this.history.push(event);
    if (this.history.length > this.historyLimit * 2) {
      const drop = this.history.length - this.historyLimit;
      this.floor = this.history[drop - 1].rv;
      this.history = this.history.slice(drop);
    }
  }

  /**
   * Forgets every object without telling anyone (no watch events): a cluster restored or rebuilt
   * behind the same address. The resourceVersion counter goes on, so a watcher resuming from
   * where it was sees nothing at all: only a fresh list shows what the cluster holds now.
   */
  wipe(): void {
    this.namespaces.clear();
    this.secrets.clear();
    this.sortedNamespaceNames = undefined;
    this.secretNamespaceOrder = undefined;
    this.sortedSecretNames.clear();
  }

  compact(): void {
    this.history = [];
    this.floor = this.revision;
  }

  private notify(event: StoreEvent): void {
    const index = this.watchers[event.resource];
    for (const watcher of index.all) this.offer(watcher, event);
    if (event.namespace) {
      const scoped = index.byNamespace.get(event.namespace);
      if (scoped) for (const watcher of scoped) this.offer(watcher, event);
    }
  }

  private offer(watcher: Watcher, event: StoreEvent): void {
    const view = event.view((entry) => matches(watcher, entry));
    if (view) watcher.deliver(event, view.type, view.entry);
  }

  /** Events after `rv` that a new watcher must replay, or a 410 when they are no longer kept. */
  eventsSince(rv: number, watcher: Omit<Watcher, 'deliver'>): Array<{ event: StoreEvent; type: EventType; entry: Entry }> {
    if (rv < this.floor) throw tooOldResourceVersion(rv, this.floor);
    const out: Array<{ event: StoreEvent; type: EventType; entry: Entry }> = [];
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.history.length; i += 1) {
      const event = this.history[i];
      if (event.resource !== watcher.resource) continue;
      if (watcher.namespace !== undefined && event.namespace !== watcher.namespace) continue;
      const view = event.view((entry) => matches(watcher, entry));
      if (view) out.push({ event, ...view });
    }
    return out;
  }

  addWatcher(watcher: Watcher): () => void {
    const index = this.watchers[watcher.resource];
    let set: Set<Watcher>;
    if (watcher.namespace === undefined) set = index.all;
    else {
      let scoped = index.byNamespace.get(watcher.namespace);
      if (!scoped) index.byNamespace.set(watcher.namespace, (scoped = new Set()));
      set = scoped;
    }
    set.add(watcher);
    return () => {
      set.delete(watcher);
      if (watcher.namespace !== undefined && set.size === 0) index.byNamespace.delete(watcher.namespace);
    };
  }

  watcherCount(): number {
    let n = 0;
    for (const index of Object.values(this.watchers)) {
      n += index.all.size;
      for (const s of index.byNamespace.values()) n += s.size;
    }
    return n;
  }

  private sortedNamespaces(): string[] {
    if (!this.sortedNamespaceNames) this.sortedNamespaceNames = [...this.namespaces.keys()].sort();
    return this.sortedNamespaceNames;
  }

  private sortedSecrets(namespace: string): string[] {
    let names = this.sortedSecretNames.get(namespace);
    if (!names) {
      names = [...(this.secrets.get(namespace)?.keys() ?? [])].sort();
      this.sortedSecretNames.set(namespace, names);
    }
    return names;
  }

  /** Keys in etcd order (`<namespace>/<name>` for all-namespace secret lists) with their current entries. */
  private *currentKeys(resource: Resource, namespace: string | undefined): Generator<[string, Entry]> {
    if (resource === 'namespaces') {
      for (const name of this.sortedNamespaces()) yield [name, this.namespaces.get(name) as Entry];
      return;
    }
    if (namespace !== undefined) {
      const map = this.secrets.get(namespace);
      if (!map) return;
      for (const name of this.sortedSecrets(namespace)) yield [name, map.get(name) as Entry];
      return;
    }
    if (!this.secretNamespaceOrder) {
      this.secretNamespaceOrder = [...this.secrets.keys()].map((ns) => `${ns}/`).sort().map((k) => k.slice(0, -1));
    }
    for (const ns of this.secretNamespaceOrder) {
      const map = this.secrets.get(ns) as Map<string, Entry>;
      for (const name of this.sortedSecrets(ns)) yield [`${ns}/${name}`, map.get(name) as Entry];
    }
  }

  /** The state at an older resourceVersion, as overrides of the current state (undefined: absent then). */
  private overridesSince(rv: number, resource: Resource, namespace: string | undefined): Map<string, Entry | undefined> {
    if (rv < this.floor) throw expired(CONTINUE_TOO_OLD);
    const overrides = new Map<string, Entry | undefined>();
    for (let i = this.history.length - 1; i >= 0 && this.history[i].rv > rv; i -= 1) {
      const event = this.history[i];
      if (event.resource !== resource) continue;
      if (namespace !== undefined && event.namespace !== namespace) continue;
      const entry = event.current ?? event.previous;
      if (!entry) continue;
      const key = resource === 'secrets' && namespace === undefined ? `${entry.namespace}/${entry.name}` : entry.name;
      overrides.set(key, event.previous);
    }
    return overrides;
  }

  /** Every current entry in key order, without building keys: the common unpaged list. */
  private *currentEntries(resource: Resource, namespace: string | undefined): Generator<Entry> {
    if (resource === 'namespaces') {
      for (const name of this.sortedNamespaces()) yield this.namespaces.get(name) as Entry;
      return;
    }
    if (namespace !== undefined) {
      yield* this.secretsIn(namespace);
      return;
    }
    if (!this.secretNamespaceOrder) {
      this.secretNamespaceOrder = [...this.secrets.keys()].map((ns) => `${ns}/`).sort().map((k) => k.slice(0, -1));
    }
    for (const ns of this.secretNamespaceOrder) {
      const map = this.secrets.get(ns) as Map<string, Entry>;
      for (const name of this.sortedSecrets(ns)) yield map.get(name) as Entry;
    }
  }

  list(resource: Resource, query: ListQuery): ListResult {
    if (!query.continueToken && !(query.limit && query.limit > 0)) {
      const entries: Entry[] = [];
      const all = query.label.empty && query.field.empty;
      const namespace = query.namespace ?? (resource === 'secrets' ? query.field.pinned('metadata.namespace') : undefined);
      for (const entry of this.currentEntries(resource, namespace)) if (all || matches(query, entry)) entries.push(entry);
      return { rv: this.revision, entries };
    }
    let listRv = this.revision;
    let start: string | undefined;
    if (query.continueToken) {
      const token = decodeContinue(query.continueToken);
      listRv = token.rv;
      start = token.start;
    }
    const filter = (entry: Entry): boolean => matches(query, entry);
    let keys: Iterable<[string, Entry]> = this.currentKeys(resource, query.namespace);
    if (listRv < this.revision) {
      const overrides = this.overridesSince(listRv, resource, query.namespace);
      if (overrides.size > 0) {
        const merged = new Map<string, Entry>(keys);
        for (const [key, entry] of overrides) {
          if (entry) merged.set(key, entry);
          else merged.delete(key);
        }
        keys = [...merged.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      }
    }
    const limit = query.limit && query.limit > 0 ? query.limit : undefined;
    const entries: Entry[] = [];
    let lastKey: string | undefined;
    let remaining = 0;
    let more = false;
    for (const [key, entry] of keys) {
      if (start !== undefined && key < start) continue;
      if (more) {
        remaining += 1;
        continue;
      }
      if (!filter(entry)) continue;
      if (limit !== undefined && entries.length >= limit) {
        more = true;
        remaining += 1;
        continue;
      }
      entries.push(entry);
      lastKey = key;
    }
    const result: ListResult = { rv: listRv, entries };
    if (more && lastKey !== undefined) {
      result.continueToken = encodeContinue(listRv, `${lastKey}\u0000`);
      if (query.label.empty && query.field.empty) result.remainingItemCount = remaining;
    }
    return result;
  }
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('bad');
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}
