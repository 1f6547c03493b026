import assert from 'node:assert/strict';
import {
  createClient,
  CredgateNameTakenError,
  CredgateValidationError,
  type Credential,
  type CredentialType,
  type CredgateClient,
  type FieldError,
} from '@credgate/sdk';

export interface Org {
  clusterId: string;
  departmentId: string;
  projectId: string;
  projectNamespace: string;
}

/** A client (with an API token of the gateway) and the demo organisation's ids, found through the org tree. */
export async function connect(url: string, token: string): Promise<{ client: CredgateClient; org: Org }> {
  const client = createClient({ url, getToken: async () => token, headers: { 'x-service': 'sdk-consumer' } });
  const me = await client.me();
  assert.ok(me.name.length > 0);
  const tree = await client.orgTree();
  const cluster = tree.clusters[0];
  assert.ok(cluster, 'the gateway has a cluster');
  const department = cluster.departments.find((d) => d.projects.length > 0);
  assert.ok(department, 'a department with projects');
  const project = department.projects[0];
  assert.ok(project);
  return { client, org: { clusterId: cluster.id, departmentId: department.id, projectId: project.id, projectNamespace: project.namespace } };
}

/** One credential of each type, created from values, each checked through its result union. */
export async function createEachType(client: CredgateClient, org: Org, prefix: string): Promise<Record<CredentialType, Credential>> {
  const scope = { type: 'PROJECT' as const, id: org.projectId };
  const created: Partial<Record<CredentialType, Credential>> = {};

  const password = await client.createPasswordCredential({ name: `${prefix}-db`, scope, username: 'app', password: 's3cret-db' });
  switch (password.__typename) {
    case 'CreatePasswordCredentialSuccess':
      created.PASSWORD = password.credential;
      break;
    default:
      assert.fail(`password credential: ${password.__typename}: ${password.message}`);
  }

  const accessKey = await client
    .createAccessKeyCredential({ name: `${prefix}-s3`, description: 'bucket access', scope, accessKeyId: 'AKIA123', secretAccessKey: 's3cret-key' })
    .orThrow();
  created.ACCESS_KEY = accessKey.credential;

  const registry = await client
    .createDockerRegistryCredential({ name: `${prefix}-registry`, scope, url: 'https://registry.example.com', username: 'bot', password: 's3cret-reg' })
    .orThrow();
  created.DOCKER_REGISTRY = registry.credential;

  const generic = client.unwrap(
    await client.createGenericSecretCredential({
      name: `${prefix}-generic`,
      scope,
      entries: [
        { key: 'api-token', value: 's3cret-token' },
        { key: 'ssh', value: 's3cret-ssh' },
      ],
    }),
  );
  created.GENERIC_SECRET = generic.credential;

  for (const [type, credential] of Object.entries(created)) {
    assert.equal(credential.type, type);
    assert.equal(credential.origin, 'MANAGED');
    assert.equal(credential.scope.id, org.projectId);
  }
  assert.deepEqual([...generic.credential.keys].sort(), ['api-token', 'ssh']);
  return created as Record<CredentialType, Credential>;
}

export interface ErrorHandling {
  fieldErrors: FieldError[];
  takenName: string;
  thrownValidation: FieldError[];
  thrownNameTaken: string;
}

/** A ValidationError and a NameTakenError, once through the union and once as thrown typed errors. */
export async function handleErrors(client: CredgateClient, org: Org, takenName: string): Promise<ErrorHandling> {
  const scope = { type: 'PROJECT' as const, id: org.projectId };
  let fieldErrors: FieldError[] = [];
  const invalid = await client.createGenericSecretCredential({ name: `${takenName}-bad`, scope, entries: [{ key: 'not a key!', value: 'x' }] });
  switch (invalid.__typename) {
    case 'ValidationError':
      fieldErrors = invalid.fieldErrors;
      break;
    case 'CreateGenericSecretCredentialSuccess':
      assert.fail('an invalid key was accepted');
      break;
    default:
      assert.fail(`expected ValidationError, got ${invalid.__typename}`);
  }

  let takenNameReported = '';
  const duplicate = await client.createPasswordCredential({ name: takenName.toUpperCase(), scope, username: 'a', password: 'b' });
  switch (duplicate.__typename) {
    case 'NameTakenError':
      takenNameReported = duplicate.name;
      break;
    default:
      assert.fail(`expected NameTakenError, got ${duplicate.__typename}`);
  }

  let thrownValidation: FieldError[] = [];
  try {
    await client.createPasswordCredential({ name: '', scope }).orThrow();
    assert.fail('orThrow resolved for an invalid input');
  } catch (error) {
    assert.ok(error instanceof CredgateValidationError, String(error));
    thrownValidation = error.fieldErrors;
  }

  let thrownNameTaken = '';
  try {
    await client.createPasswordCredential({ name: takenName, scope, username: 'a', password: 'b' }).orThrow();
    assert.fail('orThrow resolved for a taken name');
  } catch (error) {
    assert.ok(error instanceof CredgateNameTakenError, String(error));
    thrownNameTaken = error.takenName;
  }
  return { fieldErrors, takenName: takenNameReported, thrownValidation, thrownNameTaken };
}

/** Rename, rotate and delete, each through its union. */
export async function editAndDelete(client: CredgateClient, org: Org, prefix: string): Promise<{ renamed: string; deleted: string }> {
  const scope = { type: 'PROJECT' as const, id: org.projectId };
  const { credential } = await client.createPasswordCredential({ name: `${prefix}-temp`, scope, username: 'u', password: 'p1' }).orThrow();
  const renamed = await client.renameCredential(credential.id, `${prefix}-renamed`).orThrow();
  assert.equal(renamed.credential.kubernetesName, credential.kubernetesName, 'the Secret name is immutable');
  const rotated = await client.rotateCredential({ id: credential.id, username: 'u', password: 'p2' });
  assert.equal(rotated.__typename, 'RotateCredentialSuccess');
  const deleted = await client.deleteCredential(credential.id).orThrow();
  const unknownId = Buffer.from('Credential:00000000-0000-4000-8000-000000000000').toString('base64');
  const missing = await client.deleteCredential(unknownId);
  assert.equal(missing.__typename, 'NotFoundError');
  return { renamed: renamed.credential.name, deleted: deleted.credential.id };
}

/** Paging and the async iterator over every page. */
export async function listAllPages(client: CredgateClient): Promise<{ totalCount: number; iterated: string[] }> {
  const firstPage = await client.credentials({ first: 2 });
  assert.equal(firstPage.edges.length, Math.min(2, firstPage.totalCount));
  const iterated: string[] = [];
  for await (const credential of client.allCredentials({ pageSize: 2 })) iterated.push(credential.id);
  assert.equal(new Set(iterated).size, iterated.length, 'no credential twice');
  return { totalCount: firstPage.totalCount, iterated };
}

/** An environment and a data source using the credentials, and the workload fragments they render to. */
export async function useInWorkload(client: CredgateClient, org: Org, created: Record<CredentialType, Credential>, prefix: string) {
  const scope = { type: 'PROJECT' as const, id: org.projectId };
  const environment = await client
    .createEnvironment({
      name: `${prefix}-env`,
      scope,
      image: 'registry.example.com/train:1',
      imagePullCredentialId: created.DOCKER_REGISTRY.id,
      variables: [{ name: 'DB_PASSWORD', credentialId: created.PASSWORD.id, key: 'password' }],
    })
    .orThrow();
  const dataSource = await client
    .createS3DataSource({ name: `${prefix}-bucket`, scope, bucket: 'datasets', credentialId: created.ACCESS_KEY.id })
    .orThrow();
  const spec = await client.workloadSpec({ projectId: org.projectId, environmentId: environment.environment.id, dataSourceIds: [dataSource.dataSource.id] });
  assert.equal(spec.namespace, org.projectNamespace);
  assert.ok(spec.imagePullSecrets.includes(created.DOCKER_REGISTRY.kubernetesName));
  const environments = await client.environments({ scope });
  const dataSources = await client.dataSources({ scope, kind: 'S3' });
  const inUse = await client.deleteCredential(created.PASSWORD.id);
  assert.equal(inUse.__typename, 'CredentialInUseError');
  return {
    environmentCount: environments.totalCount,
    dataSourceCount: dataSources.totalCount,
    env: spec.env,
    usedBy: inUse.__typename === 'CredentialInUseError' ? inUse.usedBy.map((asset) => asset.name) : [],
  };
}

/** Follows credentialChanged until `count` events arrived for credentials named with `prefix`, then leaves the loop. */
export async function watchChanges(client: CredgateClient, prefix: string, count: number, act: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let connected!: () => void;
  const open = new Promise<void>((resolve) => (connected = resolve));
  const events = client.credentialChanged({ onConnected: connected });
  const collected = (async () => {
    for await (const event of events) {
      if (!event.credential?.name.startsWith(prefix)) continue;
      seen.push(`${event.change} ${event.credential.name}`);
      if (seen.length >= count) break;
    }
  })();
  await open;
  await act();
  await collected;
  return seen;
}

/** The credentials table through the SDK: where, search, orderBy and the all-pages iterator. */
export async function listWithFilters(client: CredgateClient, prefix: string) {
  const ownPrefix = { name: { startsWith: `${prefix}-` } };
  const passwordsAndKeys = await client.credentials({
    where: { ...ownPrefix, type: ['PASSWORD', 'ACCESS_KEY'] },
    orderBy: [{ column: 'NAME', direction: 'DESC' }],
    first: 10,
  });
  const searched = await client.credentials({ where: ownPrefix, search: 'registry' });
  const notGeneric = await client.credentials({ where: { ...ownPrefix, not: { type: ['GENERIC_SECRET'] } }, orderBy: [{ column: 'TYPE', direction: 'ASC' }] });
  const iterated: string[] = [];
  for await (const credential of client.allCredentials({ where: ownPrefix, orderBy: [{ column: 'NAME', direction: 'ASC' }], pageSize: 1 })) {
    iterated.push(credential.name);
  }
  return {
    passwordsAndKeys: { totalCount: passwordsAndKeys.totalCount, names: passwordsAndKeys.edges.map((edge) => edge.node.name) },
    searched: searched.edges.map((edge) => edge.node.name),
    notGeneric: notGeneric.edges.map((edge) => edge.node.type),
    iterated,
  };
}

/** The CSV export with a filter, a sort and two columns, read from its stream. */
export async function downloadCsv(client: CredgateClient, prefix: string) {
  const csv = await client.downloadCredentialsCsv({
    where: { name: { startsWith: `${prefix}-` } },
    orderBy: [{ column: 'NAME', direction: 'ASC' }],
    columns: ['NAME', 'TYPE'],
  });
  const reader = csv.stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
  text += decoder.decode();
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  return { totalCount: csv.totalCount, truncated: csv.truncated, header: lines[0], names: lines.slice(1).map((line) => line.split(',')[0]) };
}

/**
 * Creates a credential and follows it through credentialStatusChanged until it is READY, then
 * leaves the loop (which closes the stream).
 */
export async function followStatusToReady(client: CredgateClient, org: Org, name: string, timeoutMs = 20_000) {
  const transitions: string[] = [];
  let connected!: () => void;
  const open = new Promise<void>((resolve) => (connected = resolve));
  const events = client.credentialStatusChanged({ where: { name: { eq: name } }, onConnected: connected, signal: AbortSignal.timeout(timeoutMs) });
  const followed = (async () => {
    for await (const event of events) {
      transitions.push(`${event.previousPhase ?? 'NONE'}->${event.phase}`);
      if (event.phase === 'READY') return event;
    }
    return undefined;
  })();
  await open;
  const { credential } = await client
    .createAccessKeyCredential({ name, scope: { type: 'PROJECT', id: org.projectId }, accessKeyId: 'AKIA-STATUS', secretAccessKey: 's3cret-status' })
    .orThrow();
  const ready = await followed;
  assert.ok(ready, `no READY event within ${timeoutMs} ms; saw ${transitions.join(', ') || 'nothing'}`);
  assert.equal(ready.credential.id, credential.id);
  const detail = await client.credential(credential.id);
  assert.ok(detail);
  const history = await client.credentialStatusHistory(credential.id);
  return {
    createdPhase: credential.status.phase,
    transitions,
    readyDisplayText: ready.displayText,
    phaseNow: detail.status.phase,
    targets: detail.status.targets.map((target) => `${target.namespace}:${target.state}`),
    history: (history ?? []).map((entry) => entry.phase),
  };
}

/** A credential built on a Secret an administrator created in advance: its values never pass through the gateway. */
export async function createFromExistingSecret(client: CredgateClient, org: Org, secretName: string, name: string, timeoutMs = 10_000) {
  const scope = { type: 'PROJECT' as const, id: org.projectId };
  const deadline = Date.now() + timeoutMs;
  let offered = await client.existingSecrets(scope, 'PASSWORD');
  // The gateway discovers such Secrets by watching the cluster: wait until it has seen this one.
  while (!offered.some((secret) => secret.name === secretName) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    offered = await client.existingSecrets(scope, 'PASSWORD');
  }
  const secret = offered.find((candidate) => candidate.name === secretName);
  assert.ok(secret, `existing secret ${secretName} not offered within ${timeoutMs} ms`);
  assert.equal(secret.inUse, false);
  const { credential } = await client.createPasswordCredential({ name, scope, existingSecretName: secretName }).orThrow();
  const taken = await client.createPasswordCredential({ name: `${name}-again`, scope, existingSecretName: secretName });
  return {
    origin: credential.origin,
    existingSecretName: credential.existingSecretName,
    kubernetesName: credential.kubernetesName,
    keys: [...credential.keys].sort(),
    secondUse: taken.__typename,
  };
}
