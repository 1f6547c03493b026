import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { eventually, kubectl, kubectlJson } from '../support/kube.js';
import { subscribeSse, listening, noSubscribers } from '../support/subscriptions.js';

let gateway: TestGateway;
let tree: Awaited<ReturnType<typeof demoTree>>;

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
});
afterAll(() => gateway?.stop());

const STATUS = `query($id: ID!) { credential(id: $id) { kubernetesName status { phase reason message targets { cluster { name } namespace state issue message } } } }`;

async function status(id: string) {
  return (await gateway.data(STATUS, { id })).credential;
}

async function untilPhase(id: string, phase: string, timeoutMs = 10_000) {
  return eventually(async () => {
    const credential = await status(id);
    return credential?.status.phase === phase && credential;
  }, timeoutMs, `phase ${phase}`);
}

async function create(kind: string, input: Record<string, unknown>): Promise<string> {
  const { r } = await gateway.data(
    `mutation($input: Create${kind}CredentialInput!) { r: create${kind}Credential(input: $input) { __typename ... on Create${kind}CredentialSuccess { credential { id } } ... on Error { message } } }`,
    { input },
  );
  if (!r.credential) throw new Error(JSON.stringify(r));
  return r.credential.id;
}

const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');
const managedSecrets = async (name?: string) =>
  (await kubectlJson(gateway, 'get', 'secrets', '-A', '-l', 'app.kubernetes.io/managed-by=credgate')).items.filter(
    (s: any) => !name || s.metadata.name === name,
  );

describe('what kubectl sees', () => {
  it('each type becomes a Secret of the right type, keys and labels in every target namespace and nowhere else', async () => {
    const research = { type: 'DEPARTMENT', id: tree.departments.research.id };
    const ids = {
      DOCKER_REGISTRY: await create('DockerRegistry', { name: 'k registry', scope: research, url: 'https://r.example.com', username: 'robot', password: 'pw' }),
      ACCESS_KEY: await create('AccessKey', { name: 'k key', scope: research, accessKeyId: 'AKIA', secretAccessKey: 'sak' }),
      PASSWORD: await create('Password', { name: 'k password', scope: research, username: 'user', password: 'pass' }),
      GENERIC_SECRET: await create('GenericSecret', { name: 'k generic', scope: research, entries: [{ key: 'token', value: 't0k' }, { key: 'ssh', value: 'key' }] }),
    };
    const expected = {
      DOCKER_REGISTRY: { type: 'kubernetes.io/dockerconfigjson', resource: 'docker-registry', keys: ['.dockerconfigjson'] },
      ACCESS_KEY: { type: 'Opaque', resource: 'access-key', keys: ['accessKeyId', 'secretAccessKey'] },
      PASSWORD: { type: 'kubernetes.io/basic-auth', resource: 'password', keys: ['password', 'username'] },
      GENERIC_SECRET: { type: 'Opaque', resource: 'generic', keys: ['ssh', 'token'] },
    };
    for (const [kind, id] of Object.entries(ids)) {
      const credential = await untilPhase(id, 'READY');
      expect(credential.status.targets.map((t: any) => [t.cluster.name, t.namespace, t.state]).sort()).toEqual([
        ['local', 'runai-language', 'SYNCED'],
        ['local', 'runai-vision', 'SYNCED'],
      ]);
      const secrets = await managedSecrets(credential.kubernetesName);
      expect(secrets.map((s: any) => s.metadata.namespace).sort()).toEqual(['runai-language', 'runai-vision']);
      for (const secret of secrets) {
        const want = expected[kind as keyof typeof expected];
        expect(secret.type).toBe(want.type);
        expect(Object.keys(secret.data).sort()).toEqual(want.keys);
        expect(secret.metadata.labels).toMatchObject({
          'app.kubernetes.io/managed-by': 'credgate',
          'credgate.io/credential-id': expect.any(String),
          'run.ai/resource': want.resource,
        });
        expect(secret.metadata.annotations['credgate.io/data-hash']).toMatch(/^[A-Za-z0-9_-]{43}$/);
      }
    }
    const [registry] = await managedSecrets((await status(ids.DOCKER_REGISTRY)).kubernetesName);
    expect(JSON.parse(decode(registry.data['.dockerconfigjson']))).toEqual({
      auths: { 'https://r.example.com': { username: 'robot', password: 'pw', auth: Buffer.from('robot:pw').toString('base64') } },
    });
    const [generic] = await managedSecrets((await status(ids.GENERIC_SECRET)).kubernetesName);
    expect(decode(generic.data.token)).toBe('t0k');
  });

  it('an account credential reaches every project of every cluster and shows No status with every target listed', async () => {
    const id = await create('Password', { name: 'everywhere', scope: { type: 'ACCOUNT' }, username: 'u', password: 'p' });
    const credential = await eventually(async () => {
      const c = await status(id);
      return c.status.targets.every((t: any) => t.state === 'SYNCED') && c;
    });
    expect(credential.status.phase).toBe('NO_STATUS');
    expect(credential.status.targets.map((t: any) => t.namespace).sort()).toEqual(['runai-language', 'runai-platform', 'runai-vision']);
    expect((await managedSecrets(credential.kubernetesName)).length).toBe(3);
  });

  it('rotation changes the data in every namespace, going UPDATING → READY', async () => {
    const id = await create('Password', { name: 'rotating', scope: { type: 'CLUSTER', id: tree.cluster.id }, username: 'u', password: 'old' });
    const { kubernetesName } = await untilPhase(id, 'READY');
    await noSubscribers(gateway);
    const stream = subscribeSse(gateway.url, `subscription($where: CredentialWhere) { credentialStatusChanged(where: $where) { previousPhase phase } }`, { where: { name: { eq: 'rotating' } } });
    await listening(gateway, 'credentialStatusChanged', 1);
    await gateway.data(`mutation($input: RotateCredentialInput!) { rotateCredential(input: $input) { __typename } }`, { input: { id, username: 'u2', password: 'new' } });
    await stream.waitFor((e) => e.phase === 'READY');
    expect(stream.events).toEqual([{ previousPhase: 'READY', phase: 'UPDATING' }, { previousPhase: 'UPDATING', phase: 'READY' }]);
    await stream.close();
    const secrets = await managedSecrets(kubernetesName);
    expect(secrets).toHaveLength(3);
    for (const secret of secrets) {
      expect(decode(secret.data.password)).toBe('new');
      expect(decode(secret.data.username)).toBe('u2');
      expect(secret.metadata.annotations['credgate.io/generation']).toBe('2');
    }
  });

  it('deleting removes every Secret, then the credential', async () => {
    const id = await create('AccessKey', { name: 'short lived', scope: { type: 'DEPARTMENT', id: tree.departments.research.id }, accessKeyId: 'a', secretAccessKey: 'b' });
    const { kubernetesName } = await untilPhase(id, 'READY');
    expect(await managedSecrets(kubernetesName)).toHaveLength(2);
    await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id });
    await eventually(async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { id } }`, { id })).credential === null);
    expect(await managedSecrets(kubernetesName)).toEqual([]);
  });
});

describe('drift repair', () => {
  it('repairs a Secret deleted with kubectl and streams ISSUES_FOUND → READY', async () => {
    const id = await create('Password', { name: 'drift delete', scope: { type: 'PROJECT', id: tree.projects.vision.id }, username: 'u', password: 'p' });
    const { kubernetesName } = await untilPhase(id, 'READY');
    await noSubscribers(gateway);
    const stream = subscribeSse(gateway.url, `subscription($where: CredentialWhere) { credentialStatusChanged(where: $where) { previousPhase phase reason message } }`, { where: { name: { eq: 'drift delete' } } });
    await listening(gateway, 'credentialStatusChanged', 1);
    await kubectl(gateway, 'delete', 'secret', kubernetesName, '-n', 'runai-vision');
    await stream.waitFor((e) => e.phase === 'READY');
    expect(stream.events[0]).toMatchObject({ previousPhase: 'READY', phase: 'ISSUES_FOUND', reason: 'PROPAGATION_FAILED' });
    expect(stream.events[0].message).toContain('deleted outside credgate');
    await stream.close();
    const [secret] = await managedSecrets(kubernetesName);
    expect(decode(secret.data.password)).toBe('p');
  });

  it('repairs edited data and removed labels', async () => {
    const id = await create('GenericSecret', { name: 'drift edit', scope: { type: 'PROJECT', id: tree.projects.vision.id }, entries: [{ key: 'token', value: 'right' }] });
    const { kubernetesName } = await untilPhase(id, 'READY');
    await kubectl(gateway, 'patch', 'secret', kubernetesName, '-n', 'runai-vision', '--type=merge', '-p', JSON.stringify({ data: { token: Buffer.from('wrong').toString('base64') } }));
    await eventually(async () => decode((await managedSecrets(kubernetesName))[0]?.data.token ?? '') === 'right', 10_000, 'data repaired');
    await kubectl(gateway, 'label', 'secret', kubernetesName, '-n', 'runai-vision', 'run.ai/resource-');
    await eventually(async () => (await managedSecrets(kubernetesName))[0]?.metadata.labels['run.ai/resource'] === 'generic', 10_000, 'label repaired');
    await untilPhase(id, 'READY');
  });

  it('removes a Secret of this installation whose credential does not exist, and leaves an unlabelled one alone', async () => {
    const installation = gateway.app.engine!.installationId;
    // Made first, so that by the time the orphan of ours is gone it has been seen (and spared).
    await kubectl(gateway, 'create', 'secret', 'generic', 'not-ours', '-n', 'runai-platform', '--from-literal=a=b');
    await kubectl(gateway, 'label', 'secret', 'not-ours', '-n', 'runai-platform', 'app.kubernetes.io/managed-by=credgate', 'credgate.io/credential-id=unknown-credential');
    await kubectl(gateway, 'create', 'secret', 'generic', 'orphan-secret', '-n', 'runai-platform', '--from-literal=a=b');
    await kubectl(gateway, 'label', 'secret', 'orphan-secret', '-n', 'runai-platform', 'app.kubernetes.io/managed-by=credgate', 'credgate.io/credential-id=no-such-credential', `credgate.io/installation=${installation}`);
    await eventually(async () => (await managedSecrets('orphan-secret')).length === 0, 10_000, 'orphan removed');
    gateway.app.engine!.reconciler(gateway.app.services.orgTree.clusters()[0].id)!.resync();
    await gateway.app.engine!.idle();
    expect(await managedSecrets('not-ours')).toHaveLength(1);
  });
});

describe('the org tree moves targets', () => {
  it('a new project under a department gets its credentials at once; a moved or deleted one loses them', async () => {
    const id = await create('Password', { name: 'department wide', scope: { type: 'DEPARTMENT', id: tree.departments.engineering.id }, username: 'u', password: 'p' });
    const { kubernetesName } = await untilPhase(id, 'READY');
    const { createProject } = await gateway.data(
      `mutation($input: CreateProjectInput!) { createProject(input: $input) { ... on CreateProjectSuccess { project { id namespace } } } }`,
      { input: { departmentId: tree.departments.engineering.id, name: 'newcomer' } },
    );
    expect(createProject.project.namespace).toBe('runai-newcomer');
    await eventually(async () => (await managedSecrets(kubernetesName)).some((s: any) => s.metadata.namespace === 'runai-newcomer'), 10_000, 'secret in the new project');
    expect((await untilPhase(id, 'READY')).status.targets.map((t: any) => t.namespace).sort()).toEqual(['runai-newcomer', 'runai-platform']);
    const namespace = await kubectlJson(gateway, 'get', 'namespace', 'runai-newcomer');
    expect(namespace.status.phase).toBe('Active');

    await gateway.data(`mutation($input: UpdateProjectInput!) { updateProject(input: $input) { __typename } }`, {
      input: { id: createProject.project.id, departmentId: tree.departments.research.id },
    });
    await eventually(async () => !(await managedSecrets(kubernetesName)).some((s: any) => s.metadata.namespace === 'runai-newcomer'), 10_000, 'secret removed from the moved project');
    expect((await untilPhase(id, 'READY')).status.targets.map((t: any) => t.namespace)).toEqual(['runai-platform']);
  });
});
