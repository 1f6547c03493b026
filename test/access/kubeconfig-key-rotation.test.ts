import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKubeEmulator, type KubeEmulator } from '../../src/kube-emulator/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

// A cluster registered with its kubeconfig's content keeps it sealed with the master key, like a
// credential's values: a key rotation must re-encrypt it too, and the start must refuse keys that
// cannot open it (rather than start and lose the cluster).

let emulator: KubeEmulator;
let dir: string;
let gateway: TestGateway | undefined;
const oldKey = Buffer.alloc(32, 7).toString('base64');
const newKey = Buffer.alloc(32, 9).toString('base64');

beforeAll(async () => {
  emulator = await startKubeEmulator();
  dir = mkdtempSync(join(tmpdir(), 'credgate-kubeconfig-keys-'));
});
afterAll(async () => {
  await gateway?.stop();
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `npm start`'s entry point as a real process with only `key`: how it ends (it must not start). */
function startProcessWith(key: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, CREDGATE_PORT: '0', CREDGATE_DATA_DIR: join(dir, 'data'), CREDGATE_MASTER_KEY: key, CREDGATE_EMBEDDED_KUBE: 'false', CREDGATE_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // It started after all: stop it, and let the assertion below say so.
      if (/credgate is running/.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const start = (masterKeys: string[]) => startGateway({ demo: false, config: { dataDir: join(dir, 'data'), embeddedKube: false, masterKeys } });
const connection = async () => (await gateway!.data(`{ clusters { name connection } }`)).clusters.find((c: { name: string }) => c.name === 'remote')?.connection;

it('rotating the master key re-encrypts registered kubeconfigs: the cluster still connects with the new key alone', async () => {
  gateway = await start([oldKey]);
  const created = await gateway.data(`mutation($input: CreateClusterInput!) { createCluster(input: $input) { __typename ... on CreateClusterSuccess { cluster { id } } } }`, {
    input: { name: 'remote', kubeconfig: emulator.kubeconfig },
  });
  expect(created.createCluster.__typename).toBe('CreateClusterSuccess');
  const clusterId = created.createCluster.cluster.id;
  await expect.poll(connection, { timeout: 20_000 }).toBe('CONNECTED');
  await gateway.stop();
  gateway = undefined;

  // Only the new key, before any rotation: the sealed kubeconfig cannot be opened, so the start
  // refuses at once with the key problem (there is no credential whose values would tell).
  const refused = await startProcessWith(newKey);
  expect(refused.output).not.toMatch(/credgate is running/);
  expect(refused.code).toBe(1);
  expect(refused.output).toMatch(/credgate cannot start: .*kubeconfig of cluster "remote".*not among the configured master keys/);

  // The rotation: the new key first, the old one after it.
  gateway = await start([newKey, oldKey]);
  await expect.poll(connection, { timeout: 20_000 }).toBe('CONNECTED');
  expect(gateway.logs()).toMatch(/re-encrypted .*kubeconfig/);
  await gateway.stop();
  gateway = undefined;

  // The old key removed: the cluster is reached, and works (a credential reaches its namespace).
  gateway = await start([newKey]);
  const { createDepartment } = await gateway.data(`mutation($c: ID!) { createDepartment(input: { clusterId: $c, name: "d" }) { ... on CreateDepartmentSuccess { department { id } } } }`, { c: clusterId });
  await gateway.data(`mutation($d: ID!) { createProject(input: { departmentId: $d, name: "rotated" }) { __typename } }`, { d: createDepartment.department.id });
  const { createPasswordCredential } = await gateway.data(
    `mutation($d: ID!) { createPasswordCredential(input: { name: "after-rotation", scope: { type: DEPARTMENT, id: $d }, username: "u", password: "p" }) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
    { d: createDepartment.department.id },
  );
  const phase = async () => (await gateway!.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id: createPasswordCredential.credential.id })).credential.status.phase;
  await expect.poll(phase, { timeout: 20_000 }).toBe('READY');
  await expect.poll(connection, { timeout: 20_000 }).toBe('CONNECTED');
  const secrets = await fetch(`${emulator.url}/api/v1/namespaces/runai-rotated/secrets`, { headers: { authorization: `Bearer ${emulator.token}` } }).then((r) => r.json());
  expect(secrets.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual([expect.stringMatching(/^after-rotation-/)]);
  // Still sealed: the emulator's token is not in the database file in plain text.
  gateway.app.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  expect(readFileSync(join(dir, 'data', 'credgate.db')).includes(Buffer.from(emulator.token))).toBe(false);
}, 120_000);
