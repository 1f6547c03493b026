import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKubeEmulator, type KubeEmulator } from '../../src/kube-emulator/index.js';
import { startGateway } from '../support/gateway.js';
import { eventually } from '../support/kube.js';

let emulator: KubeEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startKubeEmulator();
  dir = mkdtempSync(join(tmpdir(), 'credgate-key-rotation-'));
  writeFileSync(join(dir, 'kubeconfig'), emulator.kubeconfig);
  writeFileSync(join(dir, 'clusters.yaml'), `- name: kept\n  kubeconfig: kubeconfig\n`);
});
afterAll(async () => {
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('rotating the master key leaves a live cluster alone: no false drift, no rewrites', async () => {
  const oldKey = Buffer.alloc(32, 1).toString('base64');
  const newKey = Buffer.alloc(32, 2).toString('base64');
  const config = { dataDir: join(dir, 'data'), clustersFile: join(dir, 'clusters.yaml') };
  let gateway = await startGateway({ demo: false, config: { ...config, masterKeys: [oldKey] } });
  const clusterId = (await gateway.data(`{ clusters { id } }`)).clusters[0].id;
  const { createDepartment } = await gateway.data(`mutation($c: ID!) { createDepartment(input: { clusterId: $c, name: "d" }) { ... on CreateDepartmentSuccess { department { id } } } }`, { c: clusterId });
  await gateway.data(`mutation($d: ID!) { createProject(input: { departmentId: $d, name: "p" }) { __typename } }`, { d: createDepartment.department.id });
  const { createPasswordCredential } = await gateway.data(
    `mutation($d: ID!) { createPasswordCredential(input: { name: "kept", scope: { type: DEPARTMENT, id: $d }, username: "u", password: "p" }) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
    { d: createDepartment.department.id },
  );
  const id = createPasswordCredential.credential.id;
  const history = async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } statusHistory { phase } } }`, { id })).credential;
  await eventually(async () => (await history()).status.phase === 'READY');
  await gateway.stop();
  const secret = async () =>
    (await fetch(`${emulator.url}/api/v1/namespaces/runai-p/secrets`, { headers: { authorization: `Bearer ${emulator.token}` } }).then((r) => r.json())).items[0].metadata;
  const before = await secret();

  gateway = await startGateway({ demo: false, config: { ...config, masterKeys: [newKey, oldKey] } });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    gateway.app.engine!.reconciler(gateway.app.services.orgTree.clusters()[0].id)!.resync();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await history();
    expect(after.status.phase).toBe('READY');
    expect(after.statusHistory.map((e: { phase: string }) => e.phase)).toEqual(['READY', 'CREATING']);
    expect(gateway.logs()).toContain('re-encrypted secret values with the active master key');
    // The Secret is never written again: same object, same resourceVersion.
    const after2 = await secret();
    expect({ uid: after2.uid, resourceVersion: after2.resourceVersion }).toEqual({ uid: before.uid, resourceVersion: before.resourceVersion });
  } finally {
    await gateway.stop();
  }
}, 120_000);
