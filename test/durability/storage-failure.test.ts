// The database refuses writes (as on a full disk): clients get a typed, retryable error, /readyz
// turns not-ready, the reconciler keeps what it could not store, the process lives on; when the
// storage takes writes again everything converges without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageFaults } from '../../src/db/connection.js';
import { adminHeaders, demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { eventually, kubectlJson } from '../support/kube.js';

let gateway: TestGateway;
let tree: Awaited<ReturnType<typeof demoTree>>;

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
});
afterAll(async () => {
  storageFaults(gateway.app.db).failWrites(null);
  await gateway?.stop();
});

const CREATE = `mutation($d: ID!, $n: String!) { createPasswordCredential(input: { name: $n, scope: { type: DEPARTMENT, id: $d }, username: "u", password: "storage-canary-9f3e" }) {
  __typename ... on CreatePasswordCredentialSuccess { credential { id kubernetesName } } } }`;
const STATUS = `query($id: ID!) { credential(id: $id) { status { phase targets { namespace state } } } }`;

async function post(query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: adminHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as any, text: '' };
}

describe('a database that refuses writes', () => {
  it('answers STORAGE_UNAVAILABLE (503), turns /readyz not-ready, keeps the reconciler\'s outcomes, and converges when writes work again', async () => {
    const before = (await post(CREATE, { d: tree.departments.research.id, n: 'before full' })).body.data.createPasswordCredential.credential;
    await eventually(async () => (await gateway.data(STATUS, { id: before.id })).credential.status.phase === 'READY', 15_000, 'READY before the fault');
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);

    const faults = storageFaults(gateway.app.db);
    faults.failWrites('SQLITE_FULL');

    // A client's write: typed, retryable, and nothing of the request or the SQL in it.
    const refused = await post(CREATE, { d: tree.departments.research.id, n: 'during full' });
    expect(refused.status).toBe(503);
    expect(refused.body.errors).toHaveLength(1);
    expect(refused.body.errors[0].extensions.code).toBe('STORAGE_UNAVAILABLE');
    const text = JSON.stringify(refused.body);
    expect(text).not.toContain('storage-canary-9f3e');
    expect(text).not.toMatch(/insert|SQLITE|credentials/i);
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'storage unavailable' });

    // Drift while the disk is full: the reconciler cannot store what it saw (the loss comes before
    // the repair in the history), so it holds the key and keeps trying; the process lives.
    const namespace = 'runai-vision';
    const deleted = await fetch(`${gateway.app.emulator!.url}/api/v1/namespaces/${namespace}/secrets/${before.kubernetesName}`, {
      method: 'DELETE', headers: { authorization: `Bearer ${gateway.app.emulator!.token}` },
    });
    expect(deleted.status).toBe(200);
    await eventually(() => /cannot store reconcile outcomes; keeping them/.test(gateway.logs()) || undefined, 15_000, 'the storage failure logged');
    const reconciler = gateway.app.engine!.reconciler(gateway.app.services.orgTree.clusters()[0].id)!;
    expect(reconciler.idle).toBe(false); // the key is held until its outcome is stored
    expect(faults.refused()).toBeGreaterThan(1);

    // Still refusing: a timer of the reconciler threw nothing out of the process, which answers.
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);

    faults.failWrites(null);
    await eventually(async () => (await fetch(`${gateway.url}/readyz`)).status === 200, 15_000, '/readyz ready again');
    await gateway.app.engine!.idle();
    await eventually(async () => (await kubectlJson(gateway, 'get', 'secret', before.kubernetesName, '-n', namespace)).metadata.name, 15_000, 'the Secret restored');
    const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } statusHistory(first: 10) { phase message } } }`, { id: before.id });
    expect(credential.status.phase).toBe('READY');
    // What happened while the disk was full was stored once it had room: the loss, then the repair.
    expect(credential.statusHistory.map((e: any) => e.phase)).toEqual(['READY', 'ISSUES_FOUND', 'READY', 'CREATING']);

    // And a client's write goes through again, and propagates.
    const after = await post(CREATE, { d: tree.departments.research.id, n: 'after full' });
    expect(after.status).toBe(200);
    const { id } = after.body.data.createPasswordCredential.credential;
    await eventually(async () => (await gateway.data(STATUS, { id })).credential.status.phase === 'READY', 15_000, 'READY after the fault');
    expect(gateway.logs()).toContain('reconcile outcomes stored again after a storage failure');
  }, 90_000);
});
