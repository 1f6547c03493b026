import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { rawRequest, startHarness, statusOf, until, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ namespaceFinalizeDelayMs: 50 });
});
afterAll(async () => h.emu.stop());

describe('namespaces', () => {
  it('starts with the system namespaces and not runai', async () => {
    const list = await h.core.listNamespace();
    const names = list.items.map((n) => n.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-public', 'kube-system']));
    expect(names).not.toContain('runai');
  });

  it('creates with the kubernetes finalizer, Active phase and the metadata.name label', async () => {
    const ns = await h.core.createNamespace({ body: { metadata: { name: 'runai', labels: { team: 'a' } } } });
    expect(ns.kind).toBe('Namespace');
    expect(ns.spec?.finalizers).toEqual(['kubernetes']);
    expect(ns.status?.phase).toBe('Active');
    expect(ns.metadata?.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'runai' });
    const again = await statusOf(h.core.createNamespace({ body: { metadata: { name: 'runai' } } }));
    expect(again).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'namespaces "runai" already exists', details: { name: 'runai', kind: 'namespaces' } });
  });

  it('validates names as DNS-1123 labels', async () => {
    const status = await statusOf(h.core.createNamespace({ body: { metadata: { name: 'Not.A.Label' } } }));
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'Namespace "Not.A.Label" is invalid: metadata.name: Invalid value: "Not.A.Label": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
      details: { name: 'Not.A.Label', kind: 'Namespace' },
    });
    const long = await statusOf(h.core.createNamespace({ body: { metadata: { name: 'a'.repeat(64) } } }));
    expect(long.message).toContain('must be no more than 63 characters');
  });

  it('reads, replaces and patches, keeping the metadata.name label', async () => {
    const ns = await h.core.readNamespace({ name: 'runai' });
    const replaced = await h.core.replaceNamespace({ name: 'runai', body: { ...ns, metadata: { ...ns.metadata, labels: { team: 'b' } } } });
    expect(replaced.metadata?.labels).toEqual({ team: 'b', 'kubernetes.io/metadata.name': 'runai' });
    const patched = await h.core.patchNamespace({ name: 'runai', body: { metadata: { annotations: { note: 'x' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(patched.metadata?.annotations).toEqual({ note: 'x' });
    const stale = await statusOf(h.core.replaceNamespace({ name: 'runai', body: ns }));
    expect(stale.message).toBe('Operation cannot be fulfilled on namespaces "runai": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('filters by status.phase and metadata.name', async () => {
    const active = await h.core.listNamespace({ fieldSelector: 'status.phase=Active,metadata.name=runai' });
    expect(active.items.map((n) => n.metadata?.name)).toEqual(['runai']);
    const bad = await statusOf(h.core.listNamespace({ fieldSelector: 'type=x' }));
    expect(bad).toMatchObject({ code: 400, message: 'field label not supported: type' });
  });

  it('refuses to delete the system namespaces with 403 Forbidden', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const status = await statusOf(h.core.deleteNamespace({ name }));
      expect(status).toMatchObject({ code: 403, reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted`, details: { name, kind: 'namespaces' } });
    }
  });

  it('deletes by marking Terminating, removing its secrets, then itself', async () => {
    await h.core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await h.core.createNamespacedSecret({ namespace: 'doomed', body: { metadata: { name: 's' } } });
    // A finalizer of our own holds the namespace in Terminating so that its behaviour can be observed.
    await h.core.patchNamespace({ name: 'doomed', body: [{ op: 'add', path: '/metadata/finalizers', value: ['example.com/hold'] }] });
    const res = await rawRequest(h.emu, 'DELETE', '/api/v1/namespaces/doomed');
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe('Namespace');
    expect(res.json.status.phase).toBe('Terminating');
    expect(res.json.metadata.deletionTimestamp).toMatch(/Z$/);
    const forbidden = await statusOf(h.core.createNamespacedSecret({ namespace: 'doomed', body: { metadata: { name: 'late' } } }));
    expect(forbidden).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'secrets "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      details: { name: 'late', kind: 'secrets' },
    });
    await until(async () => (await h.core.listNamespacedSecret({ namespace: 'doomed' })).items.length === 0);
    const held = await h.core.readNamespace({ name: 'doomed' });
    expect(held.spec?.finalizers ?? []).toEqual([]);
    expect(held.status?.phase).toBe('Terminating');
    await h.core.patchNamespace({ name: 'doomed', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
    const gone = await statusOf(h.core.readNamespace({ name: 'doomed' }));
    expect(gone).toMatchObject({ code: 404, message: 'namespaces "doomed" not found' });
  });

  it('removes an emptied namespace by itself', async () => {
    await h.core.createNamespace({ body: { metadata: { name: 'brief' } } });
    await h.core.deleteNamespace({ name: 'brief' });
    await until(async () => (await rawRequest(h.emu, 'GET', '/api/v1/namespaces/brief')).status === 404);
    const missing = await statusOf(h.core.deleteNamespace({ name: 'brief' }));
    expect(missing).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "brief" not found' });
  });
});
