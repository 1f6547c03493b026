import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../support/gateway.js';
import { eventually } from '../support/kube.js';

const root = resolve(import.meta.dirname, '..', '..');
const consumerDir = join(root, 'test', 'sdk-consumer');

/**
 * The consumer's compiled exports (test/sdk-consumer/src/scenario.ts). Not imported as a type: the root
 * tsconfig keeps the consumer, which needs the built SDK, out of the gateway's typecheck.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Scenario = Record<string, (...args: any[]) => Promise<any>>;

/** Compiles the consumer project with `tsc --strict` against the built @credgate/sdk; throws the compiler output on errors. */
function compileConsumer(): void {
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(consumerDir, 'tsconfig.json')], {
      cwd: consumerDir,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc -p test/sdk-consumer failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** What an administrator does with kubectl: a labelled Secret in the project's namespace of the embedded cluster. */
async function createSecretInAdvance(gateway: TestGateway, namespace: string, name: string, data: Record<string, string>): Promise<void> {
  const emulator = gateway.app.emulator;
  if (!emulator) throw new Error('the test gateway runs without the embedded Kubernetes emulator');
  const post = (path: string, body: unknown) =>
    fetch(`${emulator.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ns = await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  if (!ns.ok && ns.status !== 409) throw new Error(`namespace ${namespace}: ${ns.status} ${await ns.text()}`);
  const secret = await post(`/api/v1/namespaces/${namespace}/secrets`, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/basic-auth',
    metadata: { name, labels: { 'run.ai/resource': 'password' } },
    stringData: data,
  });
  if (!secret.ok) throw new Error(`secret ${name}: ${secret.status} ${await secret.text()}`);
}

describe('a service using @credgate/sdk as a dependency', () => {
  let gateway: TestGateway;
  let scenario: Scenario;

  beforeAll(async () => {
    compileConsumer();
    // The compiled JavaScript, resolving @credgate/sdk through node_modules like any other service.
    scenario = (await import(pathToFileURL(join(consumerDir, 'dist', 'scenario.js')).href)) as Scenario;
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('creates a credential of each type and handles ValidationError and NameTakenError through the union', async () => {
    const { client, org } = await scenario.connect(gateway.url, TEST_ADMIN_TOKEN);
    const created = await scenario.createEachType(client, org, 'each');
    expect(Object.keys(created).sort()).toEqual(['ACCESS_KEY', 'DOCKER_REGISTRY', 'GENERIC_SECRET', 'PASSWORD']);

    const errors = await scenario.handleErrors(client, org, created.PASSWORD.name);
    expect(errors.fieldErrors.map((e: { path: string[] }) => e.path)).toContainEqual(['entries', '0', 'key']);
    expect(errors.takenName.toLowerCase()).toBe(created.PASSWORD.name);
    expect(errors.thrownValidation.map((e: { path: string[] }) => e.path[0])).toContain('name');
    expect(errors.thrownNameTaken).toBe(created.PASSWORD.name);
  });

  it('creates a credential from a Secret created in advance (existingSecretName)', async () => {
    const { client, org } = await scenario.connect(gateway.url, TEST_ADMIN_TOKEN);
    await createSecretInAdvance(gateway, org.projectNamespace, 'warehouse-login', { username: 'etl', password: 'made-by-an-admin' });
    const result = await scenario.createFromExistingSecret(client, org, 'warehouse-login', 'warehouse');
    expect(result).toMatchObject({ origin: 'EXISTING_SECRET', existingSecretName: 'warehouse-login', keys: ['password', 'username'] });
    expect(result.secondUse).not.toBe('CreatePasswordCredentialSuccess');
  });

  it('renames, rotates and deletes', async () => {
    const { client, org } = await scenario.connect(gateway.url, TEST_ADMIN_TOKEN);
    const result = await scenario.editAndDelete(client, org, 'edit');
    expect(result.renamed).toBe('edit-renamed');
    // Deleting finishes once its Secret is gone; later tests count credentials, so wait for it.
    await eventually(async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { id } }`, { id: result.deleted })).credential === null, 15_000, 'the deletion to finish');
  });

  it('pages through credentials and iterates over all of them', async () => {
    const { client, org } = await scenario.connect(gateway.url, TEST_ADMIN_TOKEN);
    await scenario.createEachType(client, org, 'pages');
    const { totalCount, iterated } = await scenario.listAllPages(client);
    expect(totalCount).toBeGreaterThanOrEqual(4);
    expect(iterated).toHaveLength(totalCount);
  });

  it('uses credentials in an environment and a data source and renders the workload', async () => {
    const { client, org } = await scenario.connect(gateway.url, TEST_ADMIN_TOKEN);
    const created = await scenario.createEachType(client, org, 'workload');
    const result = await scenario.useInWorkload(client, org, created, 'workload');
    expect(result.env).toContainEqual({ name: 'DB_PASSWORD', value: null, secretKeyRef: { name: created.PASSWORD.kubernetesName, key: 'password' } });
    expect(result.usedBy).toEqual(['workload-env']);
  });

  it('lists credentials with where, search and orderBy, and iterates over all pages of a filter', async () => {
    const { client, org } = await scenario.connect(gateway.url, TEST_ADMIN_TOKEN);
    await scenario.createEachType(client, org, 'filtered');
    const result = await scenario.listWithFilters(client, 'filtered');
    expect(result.passwordsAndKeys).toEqual({ totalCount: 2, names: ['filtered-s3', 'filtered-db'] });
    expect(result.searched).toEqual(['filtered-registry']);
    expect(result.notGeneric).toEqual(['ACCESS_KEY', 'DOCKER_REGISTRY', 'PASSWORD']);
    expect(result.iterated).toEqual(['filtered-db', 'filtered-generic', 'filtered-registry', 'filtered-s3']);
  });

  it('downloads the filtered, sorted table as CSV with chosen columns', async () => {
    const { client, org } = await scenario.connect(gateway.url, TEST_ADMIN_TOKEN);
    await scenario.createEachType(client, org, 'csv');
    const csv = await scenario.downloadCsv(client, 'csv');
    expect(csv.header).toBe('Credential,Type');
    expect(csv.names).toEqual(['csv-db', 'csv-generic', 'csv-registry', 'csv-s3']);
    expect(csv.totalCount).toBe(4);
    expect(csv.truncated).toBe(false);
  });

  it("follows a credential's status from CREATING to READY through the subscription", async () => {
    const { client, org } = await scenario.connect(gateway.url, TEST_ADMIN_TOKEN);
    const result = await scenario.followStatusToReady(client, org, 'status-followed');
    expect(result.createdPhase).toBe('CREATING');
    expect(result.transitions.at(-1)).toBe('CREATING->READY');
    expect(result.transitions).not.toContain('READY->READY');
    expect(result.readyDisplayText).toBe('No issues found');
    expect(result.phaseNow).toBe('READY');
    expect(result.targets).toEqual([`${org.projectNamespace}:SYNCED`]);
    expect(result.history[0]).toBe('READY');
    client.dispose();
  });

  it('streams credential changes until the loop is left', async () => {
    const { client, org } = await scenario.connect(gateway.url, TEST_ADMIN_TOKEN);
    const seen = await scenario.watchChanges(client, 'live', 2, async () => {
      await scenario.createEachType(client, org, 'live');
    });
    expect(seen).toEqual(['CREATED live-db', 'CREATED live-s3']);
    client.dispose();
  });
});
