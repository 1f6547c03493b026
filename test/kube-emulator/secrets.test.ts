import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatchStrategy, setHeaderOptions, type V1Secret } from '@kubernetes/client-node';
import { b64, rawRequest, startHarness, statusOf, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.core.createNamespace({ body: { metadata: { name: 'team' } } });
});
afterAll(async () => h.emu.stop());

const secret = (name: string, data: Record<string, string> = { a: 'x' }, extra: Partial<V1Secret> = {}): V1Secret => ({
  metadata: { name, ...(extra.metadata ?? {}) },
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'metadata')),
});

describe('secrets: create, read, replace, delete', () => {
  it('creates with system fields from one global resourceVersion counter', async () => {
    const before = h.emu.resourceVersion();
    const created = await h.core.createNamespacedSecret({ namespace: 'team', body: secret('s1') });
    expect(created.kind).toBe('Secret');
    expect(created.apiVersion).toBe('v1');
    expect(created.type).toBe('Opaque');
    expect(created.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Number(created.metadata?.resourceVersion)).toBe(before + 1);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const raw = await rawRequest(h.emu, 'GET', '/api/v1/namespaces/team/secrets/s1');
    expect(raw.json.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(raw.json.metadata.managedFields[0]).toMatchObject({ operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} }, 'f:type': {} } });
    const read = await h.core.readNamespacedSecret({ name: 's1', namespace: 'team' });
    expect(read.data).toEqual({ a: b64('x') });
  });

  it('answers 409 AlreadyExists and 404 NotFound with the real messages', async () => {
    const exists = await statusOf(h.core.createNamespacedSecret({ namespace: 'team', body: secret('s1') }));
    expect(exists).toMatchObject({ httpCode: 409, kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'secrets "s1" already exists', details: { name: 's1', kind: 'secrets' } });
    const missing = await statusOf(h.core.readNamespacedSecret({ name: 'nope', namespace: 'team' }));
    expect(missing).toMatchObject({ code: 404, reason: 'NotFound', message: 'secrets "nope" not found', details: { name: 'nope', kind: 'secrets' } });
    const noNamespace = await statusOf(h.core.createNamespacedSecret({ namespace: 'ghost', body: secret('s1') }));
    expect(noNamespace).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "ghost" not found', details: { name: 'ghost', kind: 'namespaces' } });
  });

  it('merges stringData into data and never returns it', async () => {
    const created = await h.core.createNamespacedSecret({ namespace: 'team', body: { metadata: { name: 'sd' }, data: { a: b64('old'), b: b64('keep') }, stringData: { a: 'new' } } });
    expect(created.stringData).toBeUndefined();
    expect(created.data).toEqual({ a: b64('new'), b: b64('keep') });
  });

  it('generates names from generateName with 5 characters of the real alphabet', async () => {
    const created = await h.core.createNamespacedSecret({ namespace: 'team', body: { metadata: { generateName: 'gen-' } } });
    expect(created.metadata?.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(created.metadata?.generateName).toBe('gen-');
  });

  it('does not persist dryRun=All writes', async () => {
    const dry = await h.core.createNamespacedSecret({ namespace: 'team', body: secret('dry'), dryRun: 'All' });
    expect(dry.metadata?.name).toBe('dry');
    expect((await statusOf(h.core.readNamespacedSecret({ name: 'dry', namespace: 'team' }))).code).toBe(404);
    await h.core.deleteNamespacedSecret({ name: 's1', namespace: 'team', dryRun: 'All' });
    await h.core.readNamespacedSecret({ name: 's1', namespace: 'team' });
  });

  it('replaces with optimistic concurrency: a stale resourceVersion is a 409 Conflict', async () => {
    const current = await h.core.readNamespacedSecret({ name: 's1', namespace: 'team' });
    const updated = await h.core.replaceNamespacedSecret({ name: 's1', namespace: 'team', body: { ...current, data: { a: b64('y') } } });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(current.metadata?.resourceVersion));
    expect(updated.metadata?.uid).toBe(current.metadata?.uid);
    const stale = await statusOf(h.core.replaceNamespacedSecret({ name: 's1', namespace: 'team', body: { ...current, data: { a: b64('z') } } }));
    expect(stale).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on secrets "s1": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 's1', kind: 'secrets' },
    });
    const missing = await statusOf(h.core.replaceNamespacedSecret({ name: 'ghost', namespace: 'team', body: secret('ghost') }));
    expect(missing).toMatchObject({ code: 404, message: 'secrets "ghost" not found' });
  });

  it('leaves the resourceVersion alone on a no-op update', async () => {
    const current = await h.core.readNamespacedSecret({ name: 's1', namespace: 'team' });
    const same = await h.core.replaceNamespacedSecret({ name: 's1', namespace: 'team', body: current });
    expect(same.metadata?.resourceVersion).toBe(current.metadata?.resourceVersion);
  });

  it('refuses a body whose name differs from the URL with 400 BadRequest', async () => {
    const res = await rawRequest(h.emu, 'PUT', '/api/v1/namespaces/team/secrets/s1', { metadata: { name: 'other' } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: 'BadRequest', message: 'the name of the object (other) does not match the name on the URL (s1)' });
  });

  it('deletes with a Success Status naming the uid', async () => {
    const created = await h.core.createNamespacedSecret({ namespace: 'team', body: secret('gone') });
    const res = await rawRequest(h.emu, 'DELETE', '/api/v1/namespaces/team/secrets/gone');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'gone', kind: 'secrets', uid: created.metadata?.uid } });
    const again = await statusOf(h.core.deleteNamespacedSecret({ name: 'gone', namespace: 'team' }));
    expect(again).toMatchObject({ code: 404, reason: 'NotFound', message: 'secrets "gone" not found' });
  });

  it('checks delete preconditions', async () => {
    await h.core.createNamespacedSecret({ namespace: 'team', body: secret('pre') });
    const res = await rawRequest(h.emu, 'DELETE', '/api/v1/namespaces/team/secrets/pre', { preconditions: { resourceVersion: '1' } });
    expect(res.status).toBe(409);
    expect(res.json.message).toMatch(/^Operation cannot be fulfilled on secrets "pre": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+$/);
  });

  it('keeps a secret with finalizers until they are removed', async () => {
    await h.core.createNamespacedSecret({ namespace: 'team', body: { metadata: { name: 'fin', finalizers: ['example.com/hold'] } } });
    const deleting = await h.core.deleteNamespacedSecret({ name: 'fin', namespace: 'team' });
    expect(deleting).toBeDefined();
    const held = await h.core.readNamespacedSecret({ name: 'fin', namespace: 'team' });
    expect(held.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    await h.core.patchNamespacedSecret({ name: 'fin', namespace: 'team', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
    expect((await statusOf(h.core.readNamespacedSecret({ name: 'fin', namespace: 'team' }))).code).toBe(404);
  });
});

describe('secrets: patch', () => {
  it('applies JSON patch (the client-node default)', async () => {
    await h.core.createNamespacedSecret({ namespace: 'team', body: secret('p1', { a: '1' }) });
    const patched = await h.core.patchNamespacedSecret({ name: 'p1', namespace: 'team', body: [{ op: 'add', path: '/metadata/labels', value: { x: 'y' } }, { op: 'replace', path: '/data/a', value: b64('2') }] });
    expect(patched.metadata?.labels).toEqual({ x: 'y' });
    expect(patched.data).toEqual({ a: b64('2') });
    const failed = await statusOf(h.core.patchNamespacedSecret({ name: 'p1', namespace: 'team', body: [{ op: 'test', path: '/data/a', value: 'nope' }] }));
    expect(failed).toMatchObject({ code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' });
  });

  it('applies merge patch with null deleting keys', async () => {
    const patched = await h.core.patchNamespacedSecret(
      { name: 'p1', namespace: 'team', body: { metadata: { labels: { x: null, z: 'w' } }, data: { b: b64('3') } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels).toEqual({ z: 'w' });
    expect(patched.data).toEqual({ a: b64('2'), b: b64('3') });
  });

  it('applies strategic merge patch, merging finalizer lists', async () => {
    await h.core.createNamespacedSecret({ namespace: 'team', body: { metadata: { name: 'p2', finalizers: ['example.com/a'] } } });
    const patched = await h.core.patchNamespacedSecret(
      { name: 'p2', namespace: 'team', body: { metadata: { finalizers: ['example.com/b'] }, stringData: { k: 'v' } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.metadata?.finalizers).toEqual(['example.com/a', 'example.com/b']);
    expect(patched.data).toEqual({ k: b64('v') });
    await h.core.patchNamespacedSecret({ name: 'p2', namespace: 'team', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
  });

  it('a patch carrying a stale resourceVersion is a 409 Conflict', async () => {
    const res = await rawRequest(h.emu, 'PATCH', '/api/v1/namespaces/team/secrets/p1', { metadata: { resourceVersion: '1' } }, { 'content-type': 'application/merge-patch+json' });
    expect(res.status).toBe(409);
    expect(res.json.reason).toBe('Conflict');
  });

  it('server-side apply needs a fieldManager', async () => {
    const status = await statusOf(
      h.core.patchNamespacedSecret({ name: 'p3', namespace: 'team', body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p3' } } }, setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply)),
    );
    expect(status).toMatchObject({ code: 422, reason: 'Invalid', message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' });
  });

  it('server-side apply creates, updates, removes fields it no longer applies, and reports conflicts', async () => {
    const apply = (body: object, manager: string, force?: boolean): Promise<V1Secret> =>
      h.core.patchNamespacedSecret({ name: 'p3', namespace: 'team', body, fieldManager: manager, force }, setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply));
    const created = await apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p3', labels: { a: '1', b: '2' } }, stringData: { k: 'v' } }, 'credgate');
    expect(created.metadata?.labels).toEqual({ a: '1', b: '2' });
    expect(created.data).toEqual({ k: b64('v') });
    const updated = await apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p3', labels: { a: '1' } }, stringData: { k: 'v2' } }, 'credgate');
    expect(updated.metadata?.labels).toEqual({ a: '1' });
    expect(updated.data).toEqual({ k: b64('v2') });
    const conflict = await statusOf(apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p3', labels: { a: 'other' } } }, 'intruder'));
    expect(conflict).toMatchObject({ code: 409, reason: 'Conflict', message: 'Apply failed with 1 conflict: conflict with "credgate": .metadata.labels.a' });
    const forced = await apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p3', labels: { a: 'other' } } }, 'intruder', true);
    expect(forced.metadata?.labels).toEqual({ a: 'other' });
  });
});

describe('secrets: validation', () => {
  const create = (body: V1Secret, namespace = 'team') => statusOf(h.core.createNamespacedSecret({ namespace, body }));

  it('rejects names that are not DNS-1123 subdomains with 422 Invalid and field causes', async () => {
    const status = await create({ metadata: { name: 'Bad_Name' } });
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'Secret "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      details: { name: 'Bad_Name', kind: 'Secret' },
    });
    expect(status.details?.causes).toEqual([{ reason: 'FieldValueInvalid', message: expect.stringMatching(/^Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/), field: 'metadata.name' }]);
    const missing = await create({ metadata: {} });
    expect(missing.message).toBe('Secret "" is invalid: metadata.name: Required value: name or generateName is required');
    const long = await create({ metadata: { name: 'a'.repeat(254) } });
    expect(long.message).toContain('metadata.name: Invalid value: "aaaa');
    expect(long.message).toContain('must be no more than 253 characters');
  });

  it('lists several errors in brackets', async () => {
    const status = await create({ metadata: { name: 'multi', labels: { 'bad key!': 'v' } }, data: { 'bad key': b64('x') } });
    expect(status.message).toMatch(/^Secret "multi" is invalid: \[metadata\.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, .*, data\[bad key\]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '\.' \(e\.g\. 'key\.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '\[-\._a-zA-Z0-9\]\+'\)\]$/);
    expect(status.details?.causes?.map((c) => c.field)).toEqual(['metadata.labels', 'data[bad key]']);
  });

  it('validates label values', async () => {
    const status = await create({ metadata: { name: 'lv', labels: { ok: 'not ok' } } });
    expect(status.message).toBe(
      'Secret "lv" is invalid: metadata.labels: Invalid value: "not ok": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    );
  });

  it('rejects bad base64 with 400 BadRequest at the byte Go reports', async () => {
    const res = await rawRequest(h.emu, 'POST', '/api/v1/namespaces/team/secrets', { metadata: { name: 'b64' }, data: { a: 'abc' } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: 'BadRequest', code: 400, message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0' });
    const res2 = await rawRequest(h.emu, 'POST', '/api/v1/namespaces/team/secrets', { metadata: { name: 'b64' }, data: { a: 'YWJj!' } });
    expect(res2.json.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4');
  });

  it('limits data to 1 MiB', async () => {
    const status = await create({ metadata: { name: 'big' }, data: { a: Buffer.alloc(1024 * 1024 + 1).toString('base64') } });
    expect(status.message).toBe('Secret "big" is invalid: data: Too long: may not be more than 1048576 bytes');
    expect(status.details?.causes?.[0]).toEqual({ reason: 'FieldValueTooLong', message: 'Too long: may not be more than 1048576 bytes', field: 'data' });
  });

  it('checks the keys of typed secrets', async () => {
    const docker = await create({ metadata: { name: 'd' }, type: 'kubernetes.io/dockerconfigjson', data: {} });
    expect(docker.message).toBe('Secret "d" is invalid: data[.dockerconfigjson]: Required value');
    const badJson = await create({ metadata: { name: 'd' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{nope') } });
    expect(badJson.message).toBe('Secret "d" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'n\' looking for beginning of object key string');
    const basic = await create({ metadata: { name: 'ba' }, type: 'kubernetes.io/basic-auth' });
    expect(basic.message).toBe('Secret "ba" is invalid: [data[username]: Required value, data[password]: Required value]');
    await h.core.createNamespacedSecret({ namespace: 'team', body: { metadata: { name: 'ba' }, type: 'kubernetes.io/basic-auth', stringData: { password: 'p' } } });
  });

  it('keeps type and immutable secrets immutable', async () => {
    const s = await h.core.createNamespacedSecret({ namespace: 'team', body: { ...secret('imm'), immutable: true } });
    const typeChange = await statusOf(h.core.replaceNamespacedSecret({ name: 'imm', namespace: 'team', body: { ...s, type: 'kubernetes.io/basic-auth', data: { username: b64('u') } } }));
    expect(typeChange.message).toContain('type: Invalid value: "kubernetes.io/basic-auth": field is immutable');
    const dataChange = await statusOf(h.core.replaceNamespacedSecret({ name: 'imm', namespace: 'team', body: { ...s, data: { a: b64('changed') } } }));
    expect(dataChange.message).toBe('Secret "imm" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  });

  it('answers strict field validation with 400 and Warn with a Warning header', async () => {
    const strict = await rawRequest(h.emu, 'POST', '/api/v1/namespaces/team/secrets?fieldValidation=Strict', { metadata: { name: 'u1' }, bogus: 1 });
    expect(strict.status).toBe(400);
    expect(strict.json.message).toBe('strict decoding error: unknown field "bogus"');
    const warn = await rawRequest(h.emu, 'POST', '/api/v1/namespaces/team/secrets', { metadata: { name: 'u1' }, bogus: 1 });
    expect(warn.status).toBe(201);
    expect(warn.headers.get('warning')).toBe('299 - "unknown field \\"bogus\\""');
  });
});

describe('secrets: lists', () => {
  beforeAll(async () => {
    await h.core.createNamespace({ body: { metadata: { name: 'paging' } } });
    await h.core.createNamespace({ body: { metadata: { name: 'paging-b' } } });
    for (let i = 0; i < 7; i += 1) {
      await h.core.createNamespacedSecret({ namespace: 'paging', body: { metadata: { name: `s${i}`, labels: { n: String(i), tier: i % 2 ? 'odd' : 'even' } }, type: i === 0 ? 'kubernetes.io/basic-auth' : 'Opaque', stringData: { username: 'u' } } });
    }
    await h.core.createNamespacedSecret({ namespace: 'paging-b', body: { metadata: { name: 'other', labels: { tier: 'even' } } } });
  });

  it('lists without kind on items and with the global resourceVersion', async () => {
    const res = await rawRequest(h.emu, 'GET', '/api/v1/namespaces/paging/secrets');
    expect(res.json.kind).toBe('SecretList');
    expect(res.json.apiVersion).toBe('v1');
    expect(res.json.metadata.resourceVersion).toBe(String(h.emu.resourceVersion()));
    expect(res.json.items).toHaveLength(7);
    expect(res.json.items[0].kind).toBeUndefined();
  });

  it('orders all-namespace lists by etcd key', async () => {
    const list = await h.core.listSecretForAllNamespaces({ labelSelector: 'tier=even' });
    expect(list.items.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`)).toEqual(['paging-b/other', 'paging/s0', 'paging/s2', 'paging/s4', 'paging/s6']);
  });

  it('pages with limit and continue at one resourceVersion', async () => {
    const first = await h.core.listNamespacedSecret({ namespace: 'paging', limit: 3 });
    expect(first.items.map((s) => s.metadata?.name)).toEqual(['s0', 's1', 's2']);
    expect(first.metadata?.remainingItemCount).toBe(4);
    await h.core.createNamespacedSecret({ namespace: 'paging', body: { metadata: { name: 's3a' } } });
    await h.core.deleteNamespacedSecret({ namespace: 'paging', name: 's4' });
    const second = await h.core.listNamespacedSecret({ namespace: 'paging', limit: 3, _continue: first.metadata?._continue });
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect(second.items.map((s) => s.metadata?.name)).toEqual(['s3', 's4', 's5']);
    const third = await h.core.listNamespacedSecret({ namespace: 'paging', limit: 3, _continue: second.metadata?._continue });
    expect(third.items.map((s) => s.metadata?.name)).toEqual(['s6']);
    expect(third.metadata?._continue).toBeUndefined();
    h.emu.faults.compactHistory();
    const expired = await statusOf(h.core.listNamespacedSecret({ namespace: 'paging', limit: 3, _continue: first.metadata?._continue }));
    expect(expired).toMatchObject({ code: 410, reason: 'Expired' });
    expect(expired.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./);
    await h.core.createNamespacedSecret({ namespace: 'paging', body: { metadata: { name: 's4', labels: { n: '4', tier: 'even' } }, stringData: { username: 'u' } } });
    await h.core.deleteNamespacedSecret({ namespace: 'paging', name: 's3a' });
  });

  it('filters with label selectors', async () => {
    const names = async (labelSelector: string): Promise<string[]> =>
      (await h.core.listNamespacedSecret({ namespace: 'paging', labelSelector })).items.map((s) => s.metadata?.name ?? '');
    expect(await names('tier=odd')).toEqual(['s1', 's3', 's5']);
    expect(await names('tier==odd,n=3')).toEqual(['s3']);
    expect(await names('n in (1,2)')).toEqual(['s1', 's2']);
    expect(await names('n notin (1,2,3,4,5,6)')).toEqual(['s0']);
    expect(await names('tier!=odd')).toEqual(['s0', 's2', 's4', 's6']);
    expect(await names('n>4')).toEqual(['s5', 's6']);
    expect(await names('n')).toHaveLength(7);
    expect(await names('!n')).toEqual([]);
    const bad = await statusOf(h.core.listNamespacedSecret({ namespace: 'paging', labelSelector: 'a in b' }));
    expect(bad).toMatchObject({ code: 400, reason: 'BadRequest' });
  });

  it('filters with field selectors', async () => {
    const list = await h.core.listSecretForAllNamespaces({ fieldSelector: 'metadata.namespace=paging,type=kubernetes.io/basic-auth' });
    expect(list.items.map((s) => s.metadata?.name)).toEqual(['s0']);
    const byName = await h.core.listSecretForAllNamespaces({ fieldSelector: 'metadata.name!=other,metadata.namespace=paging-b' });
    expect(byName.items).toEqual([]);
    const bad = await statusOf(h.core.listNamespacedSecret({ namespace: 'paging', fieldSelector: 'data.a=b' }));
    expect(bad).toMatchObject({ code: 400, reason: 'BadRequest', message: 'field label not supported: data.a' });
  });

  it('deletes a collection by label and returns the deleted objects', async () => {
    const res = await rawRequest(h.emu, 'DELETE', '/api/v1/namespaces/paging/secrets?labelSelector=tier%3Dodd');
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe('SecretList');
    expect(res.json.items.map((s: V1Secret) => s.metadata?.name)).toEqual(['s1', 's3', 's5']);
    const left = await h.core.listNamespacedSecret({ namespace: 'paging' });
    expect(left.items.map((s) => s.metadata?.name)).toEqual(['s0', 's2', 's4', 's6']);
  });
});

describe('authentication and unknown paths', () => {
  it('answers 401 Unauthorized without the token', async () => {
    const res = await fetch(`${h.emu.url}/api/v1/namespaces`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const wrong = await fetch(`${h.emu.url}/api/v1/secrets`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('answers 404 for resources it does not serve', async () => {
    const res = await rawRequest(h.emu, 'GET', '/api/v1/namespaces/team/configmaps');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ reason: 'NotFound', message: 'the server could not find the requested resource' });
  });

  it('serves discovery', async () => {
    expect((await rawRequest(h.emu, 'GET', '/version')).json).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
    expect((await rawRequest(h.emu, 'GET', '/api')).json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const resources = (await rawRequest(h.emu, 'GET', '/api/v1')).json;
    expect(resources.resources.map((r: { name: string }) => r.name)).toContain('secrets');
  });
});
