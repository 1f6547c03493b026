import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, Watch, makeInformer, type V1Secret, type V1Namespace } from '@kubernetes/client-node';
import { b64, startHarness, until, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ bookmarkIntervalMs: 0 });
  await h.core.createNamespace({ body: { metadata: { name: 'w1' } } });
  await h.core.createNamespace({ body: { metadata: { name: 'w2' } } });
});
afterAll(async () => h.emu.stop());

interface Event {
  type: string;
  object: { kind?: string; metadata?: { name?: string; resourceVersion?: string; namespace?: string; annotations?: Record<string, string> }; code?: number; reason?: string; message?: string };
}

async function collect(path: string, query: Record<string, string | number | boolean | undefined>): Promise<{ events: Event[]; done: Promise<unknown>; abort: () => void }> {
  const events: Event[] = [];
  let resolveDone: (err: unknown) => void = () => {};
  const done = new Promise((r) => (resolveDone = r));
  const controller = await new Watch(h.kc).watch(path, query, (type, object) => events.push({ type, object }), (err) => resolveDone(err ?? null));
  return { events, done, abort: () => controller.abort() };
}

describe('watch', () => {
  it('sends the current state first as ADDED, then changes, with kind on every object', async () => {
    await h.core.createNamespacedSecret({ namespace: 'w1', body: { metadata: { name: 'first' } } });
    const w = await collect('/api/v1/namespaces/w1/secrets', {});
    await until(() => w.events.length === 1);
    await h.core.createNamespacedSecret({ namespace: 'w1', body: { metadata: { name: 'second' } } });
    await h.core.patchNamespacedSecret({ name: 'second', namespace: 'w1', body: [{ op: 'add', path: '/data', value: { a: b64('1') } }] });
    await h.core.deleteNamespacedSecret({ name: 'second', namespace: 'w1' });
    await h.core.createNamespacedSecret({ namespace: 'w2', body: { metadata: { name: 'elsewhere' } } });
    await until(() => w.events.length >= 4);
    w.abort();
    expect(w.events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual(['ADDED first', 'ADDED second', 'MODIFIED second', 'DELETED second']);
    expect(w.events.every((e) => e.object.kind === 'Secret')).toBe(true);
    const [, added, modified, deleted] = w.events;
    expect(Number(modified.object.metadata?.resourceVersion)).toBeGreaterThan(Number(added.object.metadata?.resourceVersion));
    expect(Number(deleted.object.metadata?.resourceVersion)).toBeGreaterThan(Number(modified.object.metadata?.resourceVersion));
  });

  it('resumes from a resourceVersion with only what happened after it', async () => {
    const list = await h.core.listNamespacedSecret({ namespace: 'w1' });
    await h.core.createNamespacedSecret({ namespace: 'w1', body: { metadata: { name: 'later' } } });
    const w = await collect('/api/v1/namespaces/w1/secrets', { resourceVersion: list.metadata?.resourceVersion });
    await until(() => w.events.length === 1);
    w.abort();
    expect(w.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'later' } } });
  });

  it('answers a resourceVersion newer than it holds with 504 Too large resource version (Retry-After 1) after a wait, not silence', async () => {
    const future = h.emu.resourceVersion() + 1000;
    h.emu.faults.setTooLargeWait(300);
    try {
      const started = Date.now();
      const response = await fetch(`${h.emu.url}/api/v1/secrets?watch=true&resourceVersion=${future}`, { headers: { authorization: `Bearer ${h.emu.token}` } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(response.status).toBe(504);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toEqual({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `Too large resource version: ${future}, current: ${h.emu.resourceVersion()}`,
        reason: 'Timeout',
        details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
        code: 504,
      });
      // client-node's watch reports it as an error (the informer then lists again).
      const w = await collect('/api/v1/secrets', { resourceVersion: String(future) });
      expect(((await w.done) as { statusCode?: number }).statusCode).toBe(504);
      // A version reached while waiting is served normally.
      const soon = h.emu.resourceVersion() + 1;
      const pending = collect('/api/v1/namespaces/w1/secrets', { resourceVersion: String(soon) });
      await h.core.createNamespacedSecret({ namespace: 'w2', body: { metadata: { name: 'catch-up' } } });
      await h.core.createNamespacedSecret({ namespace: 'w1', body: { metadata: { name: 'caught-up' } } });
      const caught = await pending;
      await until(() => caught.events.length === 1);
      caught.abort();
      expect(caught.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'caught-up' } } });
    } finally {
      h.emu.faults.reset();
    }
  });

  it('answers a too old resourceVersion with an ERROR event holding a 410 Expired Status, then ends', async () => {
    const rv = h.emu.resourceVersion();
    await h.core.createNamespacedSecret({ namespace: 'w1', body: { metadata: { name: 'after-compaction' } } });
    h.emu.faults.compactHistory();
    const w = await collect('/api/v1/namespaces/w1/secrets', { resourceVersion: String(rv) });
    await w.done;
    expect(w.events).toEqual([
      { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${rv} (${h.emu.resourceVersion()})`, reason: 'Expired', code: 410 } },
    ]);
  });

  it('moves objects in and out of a label-selected watch as ADDED and DELETED', async () => {
    const w = await collect('/api/v1/secrets', { labelSelector: 'app.kubernetes.io/managed-by=credgate', resourceVersion: String(h.emu.resourceVersion()) });
    await h.core.createNamespacedSecret({ namespace: 'w2', body: { metadata: { name: 'managed', labels: { 'app.kubernetes.io/managed-by': 'credgate' } } } });
    await h.core.createNamespacedSecret({ namespace: 'w2', body: { metadata: { name: 'unmanaged' } } });
    await h.core.patchNamespacedSecret({ name: 'managed', namespace: 'w2', body: [{ op: 'replace', path: '/metadata/labels', value: { other: 'x' } }] });
    await h.core.patchNamespacedSecret({ name: 'unmanaged', namespace: 'w2', body: [{ op: 'add', path: '/metadata/labels', value: { 'app.kubernetes.io/managed-by': 'credgate' } }] });
    await until(() => w.events.length >= 3);
    w.abort();
    expect(w.events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual(['ADDED managed', 'DELETED managed', 'ADDED unmanaged']);
  });

  it('filters watches by field selector', async () => {
    const w = await collect('/api/v1/secrets', { fieldSelector: 'metadata.namespace=w1,metadata.name=target', resourceVersion: String(h.emu.resourceVersion()) });
    await h.core.createNamespacedSecret({ namespace: 'w2', body: { metadata: { name: 'target' } } });
    await h.core.createNamespacedSecret({ namespace: 'w1', body: { metadata: { name: 'target' } } });
    await until(() => w.events.length >= 1);
    await new Promise((r) => setTimeout(r, 50));
    w.abort();
    expect(w.events.map((e) => `${e.object.metadata?.namespace}/${e.object.metadata?.name}`)).toEqual(['w1/target']);
  });

  it('sends BOOKMARK events only when allowWatchBookmarks is set', async () => {
    const withBookmarks = await collect('/api/v1/namespaces/w1/secrets', { resourceVersion: String(h.emu.resourceVersion()), allowWatchBookmarks: true });
    const without = await collect('/api/v1/namespaces/w1/secrets', { resourceVersion: String(h.emu.resourceVersion()) });
    await until(() => h.emu.openWatches() >= 2);
    h.emu.sendBookmarks();
    await until(() => withBookmarks.events.length === 1);
    withBookmarks.abort();
    without.abort();
    expect(withBookmarks.events[0]).toEqual({ type: 'BOOKMARK', object: { kind: 'Secret', apiVersion: 'v1', metadata: { resourceVersion: String(h.emu.resourceVersion()), creationTimestamp: null } } });
    expect(without.events).toEqual([]);
  });

  it('sends initial events and an initial-events-end bookmark when asked (watch-list)', async () => {
    const w = await collect('/api/v1/namespaces/w1/secrets', { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersionMatch: 'NotOlderThan' });
    await until(() => w.events.some((e) => e.type === 'BOOKMARK'));
    w.abort();
    const bookmark = w.events[w.events.length - 1];
    expect(bookmark.object.metadata?.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    expect(w.events.slice(0, -1).every((e) => e.type === 'ADDED')).toBe(true);
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const started = Date.now();
    const w = await collect('/api/v1/namespaces', { timeoutSeconds: 1, resourceVersion: String(h.emu.resourceVersion()) });
    expect(await w.done).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('watches namespaces through their lifecycle', async () => {
    const w = await collect('/api/v1/namespaces', { resourceVersion: String(h.emu.resourceVersion()) });
    await h.core.createNamespace({ body: { metadata: { name: 'short-lived' } } });
    await h.core.deleteNamespace({ name: 'short-lived' });
    await until(() => w.events.some((e) => e.type === 'DELETED'));
    w.abort();
    const types = w.events.map((e) => e.type);
    expect(types[0]).toBe('ADDED');
    expect(types[types.length - 1]).toBe('DELETED');
    expect(w.events.some((e) => e.type === 'MODIFIED' && (e.object as V1Namespace).status?.phase === 'Terminating')).toBe(true);
  });
});

describe('informer', () => {
  it('lists, watches with a label selector across namespaces, and relists after 410', async () => {
    const core = h.kc.makeApiClient(CoreV1Api);
    const selector = 'app.kubernetes.io/managed-by=credgate';
    const informer = makeInformer<V1Secret>(h.kc, '/api/v1/secrets', () => core.listSecretForAllNamespaces({ labelSelector: selector }), selector);
    const added: string[] = [];
    const updated: string[] = [];
    const deleted: string[] = [];
    const errors: unknown[] = [];
    let stopped = false;
    informer.on('add', (s) => added.push(`${s.metadata?.namespace}/${s.metadata?.name}`));
    informer.on('update', (s) => updated.push(`${s.metadata?.namespace}/${s.metadata?.name}`));
    informer.on('delete', (s) => deleted.push(`${s.metadata?.namespace}/${s.metadata?.name}`));
    // As KUBE-API.md says, the informer stops on errors other than 410; callers start it again.
    informer.on('error', (err) => {
      errors.push(err);
      if (!stopped) setTimeout(() => void informer.start(), 200);
    });
    const labels = { 'app.kubernetes.io/managed-by': 'credgate' };
    await h.core.createNamespacedSecret({ namespace: 'w1', body: { metadata: { name: 'inf-1', labels } } });
    await informer.start();
    expect(added).toContain('w1/inf-1');
    await h.core.createNamespacedSecret({ namespace: 'w2', body: { metadata: { name: 'inf-2', labels } } });
    await until(() => added.includes('w2/inf-2'));
    await h.core.patchNamespacedSecret({ name: 'inf-2', namespace: 'w2', body: [{ op: 'add', path: '/data', value: { k: b64('v') } }] });
    await until(() => updated.includes('w2/inf-2'));

    // The watch is cut; while the informer is away its object is deleted and the history it would
    // resume from is compacted: it gets 410 Expired, relists and notices the deletion.
    h.emu.faults.dropWatches();
    await until(() => errors.length === 1);
    await h.core.deleteNamespacedSecret({ name: 'inf-1', namespace: 'w1' });
    h.emu.faults.compactHistory();
    await until(() => deleted.includes('w1/inf-1'), 10_000);
    await h.core.createNamespacedSecret({ namespace: 'w1', body: { metadata: { name: 'inf-3', labels } } });
    await until(() => added.includes('w1/inf-3'), 10_000);
    expect(informer.list().map((s) => s.metadata?.name).sort()).toEqual(['inf-2', 'inf-3', 'unmanaged']);
    stopped = true;
    await informer.stop();
  });
});
