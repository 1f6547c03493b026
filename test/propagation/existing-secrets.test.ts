import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { eventually, kubectl } from '../support/kube.js';

let gateway: TestGateway;
let tree: Awaited<ReturnType<typeof demoTree>>;
let departmentLabel: string;

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
  departmentLabel = gateway.app.services.orgTree.departments().find((d) => d.name === 'research')!.id;
  await kubectl(gateway, 'create', 'namespace', 'runai');
  const make = async (namespace: string, name: string, labels: string[], kind = 'generic', args = ['--from-literal=token=hidden-in-cluster']) => {
    await kubectl(gateway, 'create', 'secret', kind, name, '-n', namespace, ...args);
    await kubectl(gateway, 'label', 'secret', name, '-n', namespace, ...labels);
  };
  await make('runai', 'cluster-wide-token', ['run.ai/cluster-wide=true', 'run.ai/resource=generic']);
  await make('runai', 'research-registry', [`run.ai/department=${departmentLabel}`, 'run.ai/resource=docker-registry'], 'docker-registry', [
    '--docker-server=registry.example.com', '--docker-username=robot', '--docker-password=hidden-in-cluster',
  ]);
  await make('runai', 'unlabelled-type', ['run.ai/cluster-wide=true']);
  await kubectl(gateway, 'create', 'namespace', 'runai-vision').catch(() => undefined);
  await make('runai-vision', 'vision-keys', ['run.ai/resource=access-key'], 'generic', ['--from-literal=accessKeyId=a', '--from-literal=secretAccessKey=hidden-in-cluster']);
});
afterAll(() => gateway?.stop());

const LIST = `query($scope: ScopeInput!, $type: CredentialType) { existingSecrets(scope: $scope, type: $type) { name namespace type keys inUse cluster { name } } }`;

describe('secrets created in advance', () => {
  it('are discovered by watching and offered per scope and type', async () => {
    const cluster = await eventually(async () => {
      const { existingSecrets } = await gateway.data(LIST, { scope: { type: 'CLUSTER', id: tree.cluster.id } });
      return existingSecrets.length > 0 && existingSecrets;
    });
    expect(cluster).toEqual([{ name: 'cluster-wide-token', namespace: 'runai', type: 'GENERIC_SECRET', keys: ['token'], inUse: false, cluster: { name: 'local' } }]);
    const department = await gateway.data(LIST, { scope: { type: 'DEPARTMENT', id: tree.departments.research.id } });
    expect(department.existingSecrets).toMatchObject([{ name: 'research-registry', type: 'DOCKER_REGISTRY', keys: ['.dockerconfigjson'] }]);
    const otherDepartment = await gateway.data(LIST, { scope: { type: 'DEPARTMENT', id: tree.departments.engineering.id } });
    expect(otherDepartment.existingSecrets).toEqual([]);
    const project = await gateway.data(LIST, { scope: { type: 'PROJECT', id: tree.projects.vision.id }, type: 'ACCESS_KEY' });
    expect(project.existingSecrets).toMatchObject([{ name: 'vision-keys', namespace: 'runai-vision', type: 'ACCESS_KEY', keys: ['accessKeyId', 'secretAccessKey'] }]);
    const wrongType = await gateway.data(LIST, { scope: { type: 'PROJECT', id: tree.projects.vision.id }, type: 'PASSWORD' });
    expect(wrongType.existingSecrets).toEqual([]);
    const { departments } = await gateway.data(`{ departments { name labelValue } }`);
    expect(departments.find((d: any) => d.name === 'research').labelValue).toBe(departmentLabel);
  });

  it('back a credential without values passing through the gateway, at most one each, and report LOST when removed', async () => {
    const createGeneric = `mutation($input: CreateGenericSecretCredentialInput!) { r: createGenericSecretCredential(input: $input) {
      __typename ... on CreateGenericSecretCredentialSuccess { credential { id origin existingSecretName kubernetesName keys status { phase } } }
      ... on ValidationError { fieldErrors { path message } } } }`;
    const { r } = await gateway.data(createGeneric, { input: { name: 'from cluster', scope: { type: 'CLUSTER', id: tree.cluster.id }, existingSecretName: 'cluster-wide-token' } });
    expect(r.credential).toMatchObject({ origin: 'EXISTING_SECRET', existingSecretName: 'cluster-wide-token', kubernetesName: 'cluster-wide-token', keys: ['token'] });
    const id = r.credential.id;
    await eventually(async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id })).credential.status.phase === 'READY');

    const again = await gateway.data(createGeneric, { input: { name: 'twice', scope: { type: 'CLUSTER', id: tree.cluster.id }, existingSecretName: 'cluster-wide-token' } });
    expect(again.r.fieldErrors).toEqual([{ path: ['existingSecretName'], message: 'the secret "cluster-wide-token" already backs another credential' }]);
    const missing = await gateway.data(createGeneric, { input: { name: 'missing', scope: { type: 'CLUSTER', id: tree.cluster.id }, existingSecretName: 'nope' } });
    expect(missing.r.fieldErrors[0].message).toMatch(/no GENERIC_SECRET secret named "nope" was found for this scope/);
    const listed = await gateway.data(LIST, { scope: { type: 'CLUSTER', id: tree.cluster.id } });
    expect(listed.existingSecrets[0].inUse).toBe(true);

    // A workload in a project namespace cannot read a Secret that lives in runai: rendering says so.
    const render = await gateway.gql(`query($input: WorkloadSpecInput!) { workloadSpec(input: $input) { env { name } } }`, {
      input: { projectId: tree.projects.vision.id, credentialVariables: [{ name: 'TOKEN', credentialId: id, key: 'token' }] },
    });
    expect(render.errors?.[0].message).toContain('points at the Secret cluster-wide-token in namespace runai, which workloads in runai-vision cannot read');

    await kubectl(gateway, 'delete', 'secret', 'cluster-wide-token', '-n', 'runai');
    const lost = await eventually(async () => {
      const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase reason targets { namespace state issue message } } } }`, { id });
      return credential.status.phase === 'ISSUES_FOUND' && credential;
    });
    expect(lost.status.targets).toEqual([{ namespace: 'runai', state: 'FAILED', issue: 'LOST', message: 'the Secret cluster-wide-token no longer exists in runai' }]);

    // Deleting the credential never deletes a Secret the gateway did not make.
    const { r: registry } = await gateway.data(`mutation($input: CreateDockerRegistryCredentialInput!) { r: createDockerRegistryCredential(input: $input) { ... on CreateDockerRegistryCredentialSuccess { credential { id } } } }`, {
      input: { name: 'registry from cluster', scope: { type: 'DEPARTMENT', id: tree.departments.research.id }, existingSecretName: 'research-registry' },
    });
    await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id: registry.credential.id });
    await eventually(async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { id } }`, { id: registry.credential.id })).credential === null);
    expect(await kubectl(gateway, 'get', 'secret', 'research-registry', '-n', 'runai', '-o', 'name')).toContain('research-registry');
  });

  it('let a credential they back be deleted while the cluster cannot be reached (nothing of ours to remove)', async () => {
    const { r } = await gateway.data(`mutation($input: CreateAccessKeyCredentialInput!) { r: createAccessKeyCredential(input: $input) { ... on CreateAccessKeyCredentialSuccess { credential { id } } } }`, {
      input: { name: 'keys from cluster', scope: { type: 'PROJECT', id: tree.projects.vision.id }, existingSecretName: 'vision-keys' },
    });
    const id = r.credential.id;
    await eventually(async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id })).credential.status.phase === 'READY');
    const faults = gateway.app.emulator!.faults;
    await faults.setUnreachable(true);
    try {
      await eventually(async () => (await gateway.data(`{ clusters { connection } }`)).clusters[0].connection === 'UNREACHABLE', 15_000, 'the cluster UNREACHABLE');
      await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id });
      await eventually(async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { id } }`, { id })).credential === null, 15_000, 'the credential gone');
    } finally {
      await faults.setUnreachable(false);
    }
    expect(await kubectl(gateway, 'get', 'secret', 'vision-keys', '-n', 'runai-vision', '-o', 'name')).toContain('vision-keys');
  });
});
