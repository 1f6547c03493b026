import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_FIELDS, IN_USE_FIELDS, NAME_TAKEN_FIELDS, demoTree, startGateway, type TestGateway } from '../support/gateway.js';

let gateway: TestGateway;
let tree: Awaited<ReturnType<typeof demoTree>>;
const ids: Record<string, string> = {};

const scopes = {
  account: () => ({ type: 'ACCOUNT' }),
  research: () => ({ type: 'DEPARTMENT', id: tree.departments.research.id }),
  engineering: () => ({ type: 'DEPARTMENT', id: tree.departments.engineering.id }),
  vision: () => ({ type: 'PROJECT', id: tree.projects.vision.id }),
};

async function createCredential(mutation: string, input: Record<string, unknown>): Promise<string> {
  const { result } = await gateway.data(
    `mutation($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { result: ${mutation}(input: $input) { __typename ... on ${mutation[0].toUpperCase()}${mutation.slice(1)}Success { credential { id } } } }`,
    { input },
  );
  return result.credential.id;
}

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
  ids.registry = await createCredential('createDockerRegistryCredential', { name: 'registry', scope: scopes.research(), url: 'https://r.example.com', username: 'u', password: 'p' });
  ids.accountRegistry = await createCredential('createDockerRegistryCredential', { name: 'account registry', scope: scopes.account(), url: 'ghcr.io', username: 'u', password: 'p' });
  ids.engineeringRegistry = await createCredential('createDockerRegistryCredential', { name: 'eng registry', scope: scopes.engineering(), url: 'ghcr.io', username: 'u', password: 'p' });
  ids.visionRegistry = await createCredential('createDockerRegistryCredential', { name: 'vision registry', scope: scopes.vision(), url: 'ghcr.io', username: 'u', password: 'p' });
  ids.accessKey = await createCredential('createAccessKeyCredential', { name: 's3 key', scope: scopes.research(), accessKeyId: 'a', secretAccessKey: 'b' });
  ids.password = await createCredential('createPasswordCredential', { name: 'git password', scope: scopes.research(), username: 'u', password: 'p' });
  ids.ssh = await createCredential('createGenericSecretCredential', { name: 'git ssh', scope: scopes.research(), entries: [{ key: 'ssh', value: 'k' }] });
  ids.generic = await createCredential('createGenericSecretCredential', { name: 'tokens', scope: scopes.research(), entries: [{ key: 'token', value: 't' }] });
});
afterAll(() => gateway?.stop());

const createEnvironment = `mutation($input: CreateEnvironmentInput!) { result: createEnvironment(input: $input) {
  ... on CreateEnvironmentSuccess { environment { id name image imagePullCredential { name } variables { name value key credential { name } } scope { name } } }
  ${ERROR_FIELDS} ${NAME_TAKEN_FIELDS} } }`;

const dataSourceMutation = (kind: 'Git' | 'S3' | 'SecretVolume') => `mutation($input: Create${kind}DataSourceInput!) {
  result: create${kind}DataSource(input: $input) {
    ... on Create${kind}DataSourceSuccess { dataSource { id kind name repository branch bucket url mountPath credential { name } } }
    ${ERROR_FIELDS} ${NAME_TAKEN_FIELDS} } }`;

describe('environments', () => {
  it('creates an environment with an image pull credential and variables from credential keys and literals', async () => {
    const { result } = await gateway.data(createEnvironment, {
      input: {
        name: 'pytorch', scope: scopes.vision(), image: 'nvcr.io/pytorch:24.01', imagePullCredentialId: ids.registry,
        variables: [{ name: 'API_TOKEN', credentialId: ids.generic, key: 'token' }, { name: 'MODE', value: 'train' }],
      },
    });
    expect(result.environment).toMatchObject({
      name: 'pytorch', image: 'nvcr.io/pytorch:24.01', imagePullCredential: { name: 'registry' }, scope: { name: 'vision' },
      variables: [{ name: 'API_TOKEN', value: null, key: 'token', credential: { name: 'tokens' } }, { name: 'MODE', value: 'train', key: null, credential: null }],
    });
    ids.environment = result.environment.id;
  });

  it('accepts a credential from a scope above, but not from a sibling or a scope below', async () => {
    const above = await gateway.data(createEnvironment, { input: { name: 'from account', scope: scopes.vision(), image: 'x', imagePullCredentialId: ids.accountRegistry } });
    expect(above.result.__typename).toBe('CreateEnvironmentSuccess');
    const sibling = await gateway.data(createEnvironment, { input: { name: 'from sibling', scope: scopes.vision(), image: 'x', imagePullCredentialId: ids.engineeringRegistry } });
    expect(sibling.result.fieldErrors).toEqual([{ path: ['imagePullCredentialId'], message: expect.stringMatching(/same scope as the asset or to a scope above/) }]);
    const below = await gateway.data(createEnvironment, { input: { name: 'from below', scope: scopes.research(), image: 'x', imagePullCredentialId: ids.visionRegistry } });
    expect(below.result.__typename).toBe('ValidationError');
  });

  it('requires the image pull credential to be a DOCKER_REGISTRY credential', async () => {
    const { result } = await gateway.data(createEnvironment, { input: { name: 'wrong pull', scope: scopes.vision(), image: 'x', imagePullCredentialId: ids.password } });
    expect(result.fieldErrors).toEqual([{ path: ['imagePullCredentialId'], message: 'an image pull credential must be a DOCKER_REGISTRY credential' }]);
  });

  it('requires a variable key to exist in its credential, and one of value or credential', async () => {
    const { result } = await gateway.data(createEnvironment, {
      input: { name: 'bad vars', scope: scopes.vision(), image: 'x', variables: [{ name: 'A', credentialId: ids.generic, key: 'nope' }, { name: 'B' }] },
    });
    expect(result.fieldErrors).toEqual([
      { path: ['variables', '0', 'key'], message: expect.stringMatching(/has no key "nope"; its keys are token/) },
      { path: ['variables', '1', 'value'], message: 'give either a literal value or a credential and key' },
    ]);
  });
});

describe('data sources', () => {
  it('creates Git data sources with a PASSWORD credential or a GENERIC_SECRET holding "ssh"', async () => {
    for (const [name, credentialId] of [['git over https', ids.password], ['git over ssh', ids.ssh]]) {
      const { result } = await gateway.data(dataSourceMutation('Git'), { input: { name, scope: scopes.research(), repository: 'https://git.example.com/repo.git', branch: 'main', credentialId } });
      expect(result.__typename).toBe('CreateGitDataSourceSuccess');
      expect(result.dataSource).toMatchObject({ kind: 'GIT', repository: 'https://git.example.com/repo.git', branch: 'main' });
    }
    ids.gitSource = (await gateway.data(`{ dataSources(kind: GIT) { edges { node { id name } } } }`)).dataSources.edges.find((e: any) => e.node.name === 'git over https').node.id;
  });

  it('refuses a Git data source with an ACCESS_KEY or a generic secret without "ssh"', async () => {
    for (const credentialId of [ids.accessKey, ids.generic]) {
      const { result } = await gateway.data(dataSourceMutation('Git'), { input: { name: `bad git ${credentialId}`, scope: scopes.research(), repository: 'https://g.example.com/r.git', credentialId } });
      expect(result.fieldErrors).toEqual([{ path: ['credentialId'], message: expect.stringMatching(/Git data source needs a PASSWORD credential or a GENERIC_SECRET/) }]);
    }
  });

  it('creates an S3 data source only with an ACCESS_KEY credential', async () => {
    const ok = await gateway.data(dataSourceMutation('S3'), { input: { name: 'datasets', scope: scopes.research(), bucket: 'datasets', url: 'https://s3.example.com', credentialId: ids.accessKey } });
    expect(ok.result.dataSource).toMatchObject({ kind: 'S3', bucket: 'datasets', credential: { name: 's3 key' } });
    const wrong = await gateway.data(dataSourceMutation('S3'), { input: { name: 'bad s3', scope: scopes.research(), bucket: 'b', credentialId: ids.password } });
    expect(wrong.result.fieldErrors).toEqual([{ path: ['credentialId'], message: 'an S3 data source needs an ACCESS_KEY credential' }]);
  });

  it('creates a secret volume with an absolute mount path', async () => {
    const ok = await gateway.data(dataSourceMutation('SecretVolume'), { input: { name: 'tokens volume', scope: scopes.vision(), credentialId: ids.generic, mountPath: '/etc/tokens' } });
    expect(ok.result.dataSource).toMatchObject({ kind: 'SECRET_VOLUME', mountPath: '/etc/tokens' });
    const relative = await gateway.data(dataSourceMutation('SecretVolume'), { input: { name: 'relative', scope: scopes.vision(), credentialId: ids.generic, mountPath: 'etc' } });
    expect(relative.result.fieldErrors).toEqual([{ path: ['mountPath'], message: 'must be an absolute path such as /etc/secrets' }]);
  });
});

describe('joins and deletion while in use', () => {
  it('lists the environments and data sources that use each credential', async () => {
    const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { environments { name } dataSources { name kind } } }`, { id: ids.generic });
    expect(credential.environments).toEqual([{ name: 'pytorch' }]);
    expect(credential.dataSources).toEqual([{ name: 'tokens volume', kind: 'SECRET_VOLUME' }]);
    const registry = await gateway.data(`query($id: ID!) { credential(id: $id) { environments { name } dataSources { name } } }`, { id: ids.registry });
    expect(registry.credential).toEqual({ environments: [{ name: 'pytorch' }], dataSources: [] });
  });

  it('refuses a rotation that drops a key an environment or a Git data source reads', async () => {
    const rotate = `mutation($input: RotateCredentialInput!) { r: rotateCredential(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } } }`;
    const dropped = await gateway.data(rotate, { input: { id: ids.generic, entries: [{ key: 'other', value: 'x' }] } });
    expect(dropped.r.fieldErrors).toEqual([{ path: ['entries'], message: 'key "token" is used by environment "pytorch"; keep it or change that asset first' }]);
    // A "username" entry does not make a generic secret a PASSWORD credential: "ssh" must stay.
    const noSsh = await gateway.data(rotate, { input: { id: ids.ssh, entries: [{ key: 'id_rsa', value: 'x' }, { key: 'username', value: 'x' }] } });
    expect(noSsh.r.fieldErrors).toEqual([{ path: ['entries'], message: 'key "ssh" is used by Git data source "git over ssh"; keep it or change that asset first' }]);
    const kept = await gateway.data(rotate, { input: { id: ids.generic, entries: [{ key: 'token', value: 'new' }, { key: 'extra', value: 'x' }] } });
    expect(kept.r.__typename).toBe('RotateCredentialSuccess');
  });

  it('refuses to delete a credential in use, naming the assets, and deletes it once they are gone', async () => {
    const remove = `mutation($id: ID!) { result: deleteCredential(input: { id: $id }) { ... on DeleteCredentialSuccess { credential { id } } ${ERROR_FIELDS} ${IN_USE_FIELDS} } }`;
    const refused = await gateway.data(remove, { id: ids.generic });
    expect(refused.result.__typename).toBe('CredentialInUseError');
    expect(refused.result.usedBy).toEqual([
      { kind: 'ENVIRONMENT', id: ids.environment, name: 'pytorch' },
      { kind: 'DATA_SOURCE', id: expect.any(String), name: 'tokens volume' },
    ]);
    expect(refused.result.message).toContain('environment "pytorch"');
    const stillThere = await gateway.data(`query($id: ID!) { credential(id: $id) { name } }`, { id: ids.generic });
    expect(stillThere.credential).toEqual({ name: 'tokens' });

    await gateway.data(`mutation($id: ID!) { deleteEnvironment(input: { id: $id }) { __typename } }`, { id: ids.environment });
    await gateway.data(`mutation($id: ID!) { deleteDataSource(input: { id: $id }) { __typename } }`, { id: refused.result.usedBy[1].id });
    const deleted = await gateway.data(remove, { id: ids.generic });
    expect(deleted.result.__typename).toBe('DeleteCredentialSuccess');
  });
});

describe('workload rendering', () => {
  it('renders env secretKeyRefs, image pull secrets and volumes for a project', async () => {
    const env = await gateway.data(createEnvironment, {
      input: { name: 'render env', scope: scopes.research(), image: 'img:1', imagePullCredentialId: ids.registry, variables: [{ name: 'USER', credentialId: ids.password, key: 'username' }] },
    });
    const s3 = (await gateway.data(`{ dataSources(kind: S3) { edges { node { id } } } }`)).dataSources.edges[0].node.id;
    const { credential: registry } = await gateway.data(`query($id: ID!) { credential(id: $id) { kubernetesName } }`, { id: ids.registry });
    const { credential: accessKey } = await gateway.data(`query($id: ID!) { credential(id: $id) { kubernetesName } }`, { id: ids.accessKey });
    const { workloadSpec } = await gateway.data(
      `query($input: WorkloadSpecInput!) { workloadSpec(input: $input) { namespace image imagePullSecrets env { name value secretKeyRef { name key } } } }`,
      { input: { projectId: tree.projects.vision.id, environmentId: env.result.environment.id, dataSourceIds: [s3] } },
    );
    expect(workloadSpec).toMatchObject({ namespace: 'runai-vision', image: 'img:1', imagePullSecrets: [registry.kubernetesName] });
    expect(workloadSpec.env).toContainEqual({ name: 'AWS_ACCESS_KEY_ID', value: null, secretKeyRef: { name: accessKey.kubernetesName, key: 'accessKeyId' } });
    expect(workloadSpec.env.map((e: any) => e.name)).toEqual(['USER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });
});
