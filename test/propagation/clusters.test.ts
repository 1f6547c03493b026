import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeEmulator, type KubeEmulator } from '../../src/kube-emulator/index.js';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { eventually, kubectl } from '../support/kube.js';

let gateway: TestGateway;
let remote: KubeEmulator;
let dir: string;

beforeAll(async () => {
  gateway = await startGateway();
  remote = await startKubeEmulator();
  dir = mkdtempSync(join(tmpdir(), 'credgate-clusters-'));
  writeFileSync(join(dir, 'remote.yaml'), remote.kubeconfig);
  writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nusers:\n- name: x\n  user: { token: "CANARY-kubeconfig-token: [oops\n');
});
afterAll(async () => {
  await gateway?.stop();
  await remote?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const STATUS = `query($id: ID!) { credential(id: $id) { status { phase reason message targets { cluster { name } namespace state } } statusHistory(first: 100) { phase } } }`;

/** Registers a cluster with a kubeconfig's content (read from `kubeconfigFile`), or none. */
async function tree(kubeconfigFile: string | null, name: string) {
  const { createCluster } = await gateway.data(
    `mutation($input: CreateClusterInput!) { createCluster(input: $input) { __typename ... on CreateClusterSuccess { cluster { id } } } }`,
    { input: { name, ...(kubeconfigFile ? { kubeconfig: readFileSync(kubeconfigFile, 'utf8') } : {}) } },
  );
  const clusterId = createCluster.cluster.id;
  const { createDepartment } = await gateway.data(`mutation($c: ID!) { createDepartment(input: { clusterId: $c, name: "d" }) { ... on CreateDepartmentSuccess { department { id } } } }`, { c: clusterId });
  const { createProject } = await gateway.data(`mutation($d: ID!, $n: String!) { createProject(input: { departmentId: $d, name: $n }) { ... on CreateProjectSuccess { project { id } } } }`, { d: createDepartment.department.id, n: `${name}-p` });
  const { createPasswordCredential } = await gateway.data(
    `mutation($p: ID!, $n: String!) { createPasswordCredential(input: { name: $n, scope: { type: PROJECT, id: $p }, username: "u", password: "p" }) { ... on CreatePasswordCredentialSuccess { credential { id kubernetesName } } } }`,
    { p: createProject.project.id, n: `${name} credential` },
  );
  return { clusterId, departmentId: createDepartment.department.id, projectId: createProject.project.id, credential: createPasswordCredential.credential };
}

const phase = async (id: string) => (await gateway.data(STATUS, { id })).credential;

describe('clusters added, broken and removed through the API', () => {
  it('a cluster without a usable kubeconfig shows its targets unreachable, and never quotes the file', async () => {
    const none = await tree(null, 'nowhere');
    const status = await eventually(async () => {
      const c = await phase(none.credential.id);
      return c.status.phase === 'ISSUES_FOUND' && c;
    });
    expect(status.status).toMatchObject({ reason: 'CLUSTER_UNREACHABLE', message: 'Failed to access the cluster' });
    // A kubeconfig that does not parse is refused when it is given, without quoting it.
    const broken = await gateway.data(
      `mutation($input: CreateClusterInput!) { createCluster(input: $input) { __typename ... on ValidationError { message fieldErrors { path message } } } }`,
      { input: { name: 'broken', kubeconfig: readFileSync(join(dir, 'broken.yaml'), 'utf8') } },
    );
    expect(broken.createCluster).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['kubeconfig'] }] });
    expect(JSON.stringify(broken)).not.toContain('CANARY');
    const { clusters } = await gateway.data(`{ clusters { name connection connectionMessage } }`);
    expect(clusters.find((c: any) => c.name === 'nowhere')).toMatchObject({ connection: 'UNREACHABLE', connectionMessage: 'no kubeconfig is configured for this cluster' });
    expect(clusters.find((c: any) => c.name === 'broken')).toBeUndefined();
    expect(JSON.stringify(clusters)).not.toContain('CANARY');
    expect(gateway.logs()).not.toContain('CANARY');
  });

  it('deleting a cluster stops its reconciler; adding the same cluster again converges and stays still', async () => {
    const first = await tree(join(dir, 'remote.yaml'), 'remote');
    await eventually(async () => (await phase(first.credential.id)).status.phase === 'READY');
    const internalClusterId = gateway.app.services.orgTree.clusterByName('remote')!.id;
    expect(gateway.app.engine!.reconciler(internalClusterId)).toBeDefined();

    await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id: first.credential.id });
    await eventually(async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { id } }`, { id: first.credential.id })).credential === null);
    await gateway.data(`mutation($id: ID!) { deleteProject(input: { id: $id }) { __typename } }`, { id: first.projectId });
    await gateway.data(`mutation($id: ID!) { deleteDepartment(input: { id: $id }) { __typename } }`, { id: first.departmentId });
    const { deleteCluster } = await gateway.data(`mutation($id: ID!) { deleteCluster(input: { id: $id }) { __typename } }`, { id: first.clusterId });
    expect(deleteCluster.__typename).toBe('DeleteClusterSuccess');
    expect(gateway.app.engine!.reconciler(internalClusterId)).toBeUndefined();

    const again = await tree(join(dir, 'remote.yaml'), 'remote-again');
    await eventually(async () => (await phase(again.credential.id)).status.phase === 'READY');
    const count = async () => {
      const response = await fetch(`${remote.url}/api/v1/secrets?labelSelector=app.kubernetes.io/managed-by%3Dcredgate`, { headers: { authorization: `Bearer ${remote.token}` } });
      return ((await response.json()).items as unknown[]).length;
    };
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      samples.push(await count());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(samples).toEqual(Array(10).fill(1));
    const { statusHistory } = await phase(again.credential.id);
    expect(statusHistory.map((e: any) => e.phase)).toEqual(['READY', 'CREATING']);
  });

  it('backs off while an update keeps conflicting instead of hammering the API server', async () => {
    const t = await demoTree(gateway);
    const { r } = await gateway.data(
      `mutation($p: ID!) { r: createGenericSecretCredential(input: { name: "conflicted", scope: { type: PROJECT, id: $p }, entries: [{ key: "k", value: "right" }] }) { ... on CreateGenericSecretCredentialSuccess { credential { id kubernetesName } } } }`,
      { p: t.projects.platform.id },
    );
    await eventually(async () => (await phase(r.credential.id)).status.phase === 'READY');
    const emulator = gateway.app.emulator!;
    emulator.faults.failNext({ verb: 'update', resource: 'secrets', count: 10_000, status: 409 });
    const before = emulator.requestCount();
    await kubectl(gateway, 'patch', 'secret', r.credential.kubernetesName, '-n', 'runai-platform', '--type=merge', '-p', JSON.stringify({ data: { k: Buffer.from('wrong').toString('base64') } }));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const requests = emulator.requestCount() - before;
    emulator.faults.reset();
    expect(requests).toBeLessThan(60);
    await eventually(async () => (await phase(r.credential.id)).status.phase === 'READY', 20_000, 'repaired once the conflicts stop');
  });
});
