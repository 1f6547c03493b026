import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/kube.js';
import { CREDENTIAL_FIELDS, ERROR_FIELDS, NAME_TAKEN_FIELDS, demoTree, startGateway, type TestGateway } from '../support/gateway.js';

let gateway: TestGateway;
let tree: Awaited<ReturnType<typeof demoTree>>;

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
});
afterAll(() => gateway?.stop());

const createMutation = (name: string, inputType: string) => `
  mutation($input: ${inputType}!) {
    result: ${name}(input: $input) {
      ... on ${name[0].toUpperCase()}${name.slice(1)}Success { credential { ${CREDENTIAL_FIELDS} } }
      ${ERROR_FIELDS} ${NAME_TAKEN_FIELDS}
    }
  }`;

const mutations = {
  ACCESS_KEY: createMutation('createAccessKeyCredential', 'CreateAccessKeyCredentialInput'),
  PASSWORD: createMutation('createPasswordCredential', 'CreatePasswordCredentialInput'),
  DOCKER_REGISTRY: createMutation('createDockerRegistryCredential', 'CreateDockerRegistryCredentialInput'),
  GENERIC_SECRET: createMutation('createGenericSecretCredential', 'CreateGenericSecretCredentialInput'),
};

type Kind = keyof typeof mutations;

async function create(kind: Kind, input: Record<string, unknown>) {
  const { result } = await gateway.data(mutations[kind], { input });
  return result;
}

const departmentScope = () => ({ type: 'DEPARTMENT', id: tree.departments.research.id });

const validValues: Record<Kind, Record<string, unknown>> = {
  ACCESS_KEY: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-access-key' },
  PASSWORD: { username: 'svc', password: 'pa55word' },
  DOCKER_REGISTRY: { url: 'https://registry.example.com', username: 'robot', password: 'token' },
  GENERIC_SECRET: { entries: [{ key: 'api-token', value: 'abc' }, { key: 'ssh', value: 'key' }] },
};

async function countCredentials(): Promise<number> {
  const { credentials } = await gateway.data(`{ credentials { totalCount } }`);
  return credentials.totalCount;
}

describe('creating each type of credential', () => {
  const expectedKeys: Record<Kind, string[]> = {
    ACCESS_KEY: ['accessKeyId', 'secretAccessKey'],
    PASSWORD: ['username', 'password'],
    DOCKER_REGISTRY: ['.dockerconfigjson'],
    GENERIC_SECRET: ['api-token', 'ssh'],
  };
  for (const kind of Object.keys(mutations) as Kind[]) {
    it(`creates a ${kind} credential with its keys, scope path and audit fields`, async () => {
      const result = await create(kind, { name: `  ${kind} one  `, description: 'for tests', scope: departmentScope(), ...validValues[kind] });
      expect(result.__typename).toMatch(/Success$/);
      const credential = result.credential;
      expect(credential).toMatchObject({
        name: `${kind} one`,
        description: 'for tests',
        type: kind,
        origin: 'MANAGED',
        existingSecretName: null,
        keys: expectedKeys[kind],
        createdBy: 'admin',
        updatedBy: null,
        cluster: { name: 'local' },
        scope: { type: 'DEPARTMENT', name: 'research', path: [{ type: 'ACCOUNT' }, { type: 'CLUSTER', name: 'local' }, { type: 'DEPARTMENT', name: 'research' }] },
      });
      expect(credential.kubernetesName).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(credential.kubernetesName.length).toBeLessThanOrEqual(63);
      expect(credential.kubernetesName.startsWith(`${kind.toLowerCase().replace(/_/g, '-')}-one-`)).toBe(true);
      expect(new Date(credential.createdAt).toISOString()).toBe(credential.createdAt);

      const { node } = await gateway.data(`query($id: ID!) { node(id: $id) { __typename ... on Credential { id name } } }`, { id: credential.id });
      expect(node).toEqual({ __typename: 'Credential', id: credential.id, name: credential.name });
    });
  }

  it('creates account-scoped credentials, which have no cluster', async () => {
    const result = await create('PASSWORD', { name: 'account wide', scope: { type: 'ACCOUNT' }, ...validValues.PASSWORD });
    expect(result.credential.scope).toMatchObject({ type: 'ACCOUNT', name: 'credgate', path: [{ type: 'ACCOUNT' }] });
    expect(result.credential.cluster).toBeNull();
  });

  it('derives a DNS-1123 kubernetesName of at most 63 characters from any name', async () => {
    const result = await create('PASSWORD', { name: `Ünïcode ✓ Name ${'x'.repeat(100)}`, scope: departmentScope(), ...validValues.PASSWORD });
    expect(result.credential.kubernetesName).toMatch(/^unicode-name-x+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(result.credential.kubernetesName.length).toBeLessThanOrEqual(63);
    const symbols = await create('PASSWORD', { name: '!!!', scope: departmentScope(), ...validValues.PASSWORD });
    expect(symbols.credential.kubernetesName).toMatch(/^credential-[a-z0-9]{5}$/);
  });
});

describe('renaming, rotating and deleting', () => {
  it('renames a credential and changes its description, keeping its kubernetesName', async () => {
    const { credential } = await create('ACCESS_KEY', { name: 'to rename', scope: departmentScope(), ...validValues.ACCESS_KEY });
    const { result } = await gateway.data(
      `mutation($input: UpdateCredentialInput!) { result: updateCredential(input: $input) {
        ... on UpdateCredentialSuccess { credential { name description kubernetesName updatedBy updatedAt } } ${ERROR_FIELDS} } }`,
      { input: { id: credential.id, name: 'renamed', description: 'new description' } },
    );
    expect(result.credential).toMatchObject({ name: 'renamed', description: 'new description', kubernetesName: credential.kubernetesName, updatedBy: 'admin' });
    expect(result.credential.updatedAt).toBeTruthy();
  });

  it('refuses a rename to a name taken in the same scope, ignoring case', async () => {
    await create('PASSWORD', { name: 'Taken Name', scope: departmentScope(), ...validValues.PASSWORD });
    const { credential } = await create('PASSWORD', { name: 'free name', scope: departmentScope(), ...validValues.PASSWORD });
    const { result } = await gateway.data(
      `mutation($input: UpdateCredentialInput!) { result: updateCredential(input: $input) { ${ERROR_FIELDS} ${NAME_TAKEN_FIELDS} } }`,
      { input: { id: credential.id, name: 'taken name' } },
    );
    expect(result).toMatchObject({ __typename: 'NameTakenError', name: 'taken name' });
  });

  it('rotates values of the same type and updates the keys; values of another type are refused', async () => {
    const { credential } = await create('GENERIC_SECRET', { name: 'rotate me', scope: departmentScope(), entries: [{ key: 'a', value: '1' }] });
    const rotate = `mutation($input: RotateCredentialInput!) { result: rotateCredential(input: $input) {
      ... on RotateCredentialSuccess { credential { keys updatedBy } } ${ERROR_FIELDS} } }`;
    const ok = await gateway.data(rotate, { input: { id: credential.id, entries: [{ key: 'b', value: '2' }, { key: 'c', value: '3' }] } });
    expect(ok.result.credential).toEqual({ keys: ['b', 'c'], updatedBy: 'admin' });
    const wrong = await gateway.data(rotate, { input: { id: credential.id, password: 'x' } });
    expect(wrong.result.__typename).toBe('ValidationError');
    expect(wrong.result.fieldErrors).toContainEqual({ path: ['password'], message: 'is not a value of GENERIC_SECRET credentials' });
    const missing = await gateway.data(rotate, { input: { id: credential.id } });
    expect(missing.result.fieldErrors).toContainEqual({ path: ['entries'], message: 'is required' });
  });

  it('deletes a credential: DELETING while its Secrets are removed, then gone from node, credential and the list', async () => {
    const { credential } = await create('PASSWORD', { name: 'to delete', scope: departmentScope(), ...validValues.PASSWORD });
    await eventually(async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id: credential.id })).credential.status.phase === 'READY');
    const before = await countCredentials();
    const { result } = await gateway.data(
      `mutation($id: ID!) { result: deleteCredential(input: { id: $id }) { ... on DeleteCredentialSuccess { credential { id name status { phase displayText } } } ${ERROR_FIELDS} } }`,
      { id: credential.id },
    );
    expect(result.credential).toMatchObject({ name: 'to delete', status: { phase: 'DELETING', displayText: 'Deleting…' } });
    await eventually(async () => {
      const after = await gateway.data(`query($id: ID!) { credential(id: $id) { id } node(id: $id) { id } }`, { id: credential.id });
      return after.credential === null && after.node === null;
    }, 10_000, 'the credential to disappear');
    expect(await countCredentials()).toBe(before - 1);
  });

  it('answers NotFoundError for an unknown or malformed id', async () => {
    for (const id of ['bm90aGluZw', Buffer.from('Credential:nope').toString('base64'), Buffer.from(`Project:${tree.projects.vision.id}`).toString('base64')]) {
      const { result } = await gateway.data(
        `mutation($id: ID!) { result: deleteCredential(input: { id: $id }) { ${ERROR_FIELDS} ... on NotFoundError { resourceId } } }`,
        { id },
      );
      expect(result.__typename).toBe('NotFoundError');
      expect(result.resourceId).toBe(id);
    }
  });
});

describe('validation', () => {
  async function expectFieldErrors(kind: Kind, input: Record<string, unknown>, expected: { path: string[]; message: string | RegExp }[]) {
    const before = await countCredentials();
    const result = await create(kind, { scope: departmentScope(), ...input });
    expect(result.__typename).toBe('ValidationError');
    for (const error of expected) {
      expect(result.fieldErrors).toContainEqual({ path: error.path, message: expect.stringMatching(error.message) });
    }
    expect(await countCredentials()).toBe(before);
    return result;
  }

  it('requires a name, trims it and limits it to 255 characters', async () => {
    await expectFieldErrors('PASSWORD', { name: '   ', ...validValues.PASSWORD }, [{ path: ['name'], message: 'is required' }]);
    await expectFieldErrors('PASSWORD', { name: 'x'.repeat(256), ...validValues.PASSWORD }, [{ path: ['name'], message: 'must be at most 255 characters' }]);
    const ok = await create('PASSWORD', { name: ` ${'y'.repeat(255)} `, scope: departmentScope(), ...validValues.PASSWORD });
    expect(ok.credential.name).toBe('y'.repeat(255));
  });

  it('keeps names unique per scope ignoring case, but allows the same name in another scope', async () => {
    await create('PASSWORD', { name: 'Shared', scope: departmentScope(), ...validValues.PASSWORD });
    const clash = await create('ACCESS_KEY', { name: 'sHARED', scope: departmentScope(), ...validValues.ACCESS_KEY });
    expect(clash).toMatchObject({ __typename: 'NameTakenError', name: 'sHARED' });
    const elsewhere = await create('PASSWORD', { name: 'Shared', scope: { type: 'PROJECT', id: tree.projects.vision.id }, ...validValues.PASSWORD });
    expect(elsewhere.__typename).toBe('CreatePasswordCredentialSuccess');
  });

  it('limits the description to 1,000 characters', async () => {
    await expectFieldErrors('PASSWORD', { name: 'desc', description: 'd'.repeat(1001), ...validValues.PASSWORD }, [
      { path: ['description'], message: 'must be at most 1000 characters' },
    ]);
  });

  it('checks generic keys: characters, length and uniqueness', async () => {
    await expectFieldErrors('GENERIC_SECRET', {
      name: 'bad keys',
      entries: [
        { key: 'bad key!', value: '1' },
        { key: 'k'.repeat(254), value: '2' },
        { key: 'dup', value: '3' },
        { key: 'dup', value: '4' },
      ],
    }, [
      { path: ['entries', '0', 'key'], message: /alphanumeric/ },
      { path: ['entries', '1', 'key'], message: 'must be at most 253 characters' },
      { path: ['entries', '3', 'key'], message: 'duplicates another key' },
    ]);
    await expectFieldErrors('GENERIC_SECRET', { name: 'no entries', entries: [] }, [{ path: ['entries'], message: 'needs at least one entry' }]);
  });

  it('limits all values of a credential to 1 MiB together', async () => {
    const half = 'v'.repeat(512 * 1024);
    await expectFieldErrors('GENERIC_SECRET', { name: 'too big', entries: [{ key: 'a', value: half }, { key: 'b', value: half }] }, [
      { path: ['entries'], message: /at most 1048576 bytes/ },
    ]);
  });

  it('requires a parseable registry URL without repeating it', async () => {
    const result = await expectFieldErrors('DOCKER_REGISTRY', { name: 'reg', url: 'not a url', username: 'u', password: 'p' }, [
      { path: ['url'], message: /not a valid registry URL/ },
    ]);
    expect(JSON.stringify(result)).not.toContain('not a url');
    const bare = await create('DOCKER_REGISTRY', { name: 'bare host', scope: departmentScope(), url: 'ghcr.io', username: 'u', password: 'p' });
    expect(bare.__typename).toBe('CreateDockerRegistryCredentialSuccess');
  });

  it('requires every value of the type', async () => {
    await expectFieldErrors('ACCESS_KEY', { name: 'missing' }, [
      { path: ['accessKeyId'], message: 'is required' },
      { path: ['secretAccessKey'], message: 'is required' },
    ]);
    await expectFieldErrors('DOCKER_REGISTRY', { name: 'missing', url: 'https://r.example.com', username: '' }, [
      { path: ['username'], message: 'is required' },
      { path: ['password'], message: 'is required' },
    ]);
  });

  it('reports every problem at once: name and values together', async () => {
    await expectFieldErrors('PASSWORD', { name: '' }, [
      { path: ['name'], message: 'is required' },
      { path: ['username'], message: 'is required' },
      { path: ['password'], message: 'is required' },
    ]);
  });

  it('answers NotFoundError for an unknown scope and ValidationError for a scope without id', async () => {
    const unknown = await create('PASSWORD', { name: 'x', ...validValues.PASSWORD, scope: { type: 'PROJECT', id: Buffer.from('Project:missing').toString('base64') } });
    expect(unknown.__typename).toBe('NotFoundError');
    const noId = await create('PASSWORD', { name: 'x', ...validValues.PASSWORD, scope: { type: 'PROJECT' } });
    expect(noId).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['scope', 'id'], message: 'is required for a PROJECT scope' }] });
  });

  it('refuses values together with an existing secret name', async () => {
    await expectFieldErrors('PASSWORD', { name: 'both', existingSecretName: 'pre-made', ...validValues.PASSWORD }, [
      { path: ['existingSecretName'], message: /either the values or an existing secret/ },
    ]);
  });
});

describe('audit log', () => {
  it('records successful and failed mutations with actor, action, target and outcome', async () => {
    await create('PASSWORD', { name: 'audited', scope: departmentScope(), ...validValues.PASSWORD });
    await create('PASSWORD', { name: '', scope: departmentScope(), ...validValues.PASSWORD });
    const { auditEvents } = await gateway.data(`{ auditEvents(first: 5) { totalCount edges { node { actor action targetType targetName outcome detail at } } } }`);
    const [failure, success] = auditEvents.edges.map((e: any) => e.node);
    expect(failure).toMatchObject({ actor: 'admin', action: 'credential.create', targetType: 'CREDENTIAL', outcome: 'FAILURE' });
    expect(failure.detail).toMatch(/^ValidationError: /);
    expect(success).toMatchObject({ actor: 'admin', action: 'credential.create', targetName: 'audited', outcome: 'SUCCESS', detail: null });
  });

  it('records a mutation refused before it reaches a service, once', async () => {
    const id = Buffer.from('Project:not-a-credential').toString('base64');
    const { result } = await gateway.data(`mutation($id: ID!) { result: deleteCredential(input: { id: $id }) { __typename } }`, { id });
    expect(result.__typename).toBe('NotFoundError');
    const { auditEvents } = await gateway.data(`{ auditEvents(first: 2) { edges { node { action targetType targetId outcome detail } } } }`);
    const [latest, before] = auditEvents.edges.map((e: any) => e.node);
    // Under the same names as failures met inside the service, with the id the caller sent.
    expect(latest).toEqual({ action: 'credential.delete', targetType: 'CREDENTIAL', targetId: id, outcome: 'FAILURE', detail: 'NotFoundError: No credential with this id exists, or you cannot see it' });
    expect(before).not.toMatchObject({ action: 'credential.delete', outcome: 'FAILURE' });
  });
});
