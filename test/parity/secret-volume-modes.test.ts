import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ERROR_FIELDS, demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { ValidationError } from '../../src/domain/errors.js';
import { BUILTIN_ADMIN } from '../../src/services/context.js';

/** Secret volumes with file modes and items (issue 13), rendered into the workload's pod spec. */
let gateway: TestGateway;
let tree: Awaited<ReturnType<typeof demoTree>>;
let sshKeyId: string;

const vision = () => ({ type: 'PROJECT', id: tree.projects.vision.id });
const internal = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1];

const CREATE = `mutation($input: CreateSecretVolumeDataSourceInput!) { result: createSecretVolumeDataSource(input: $input) {
  ... on CreateSecretVolumeDataSourceSuccess { dataSource { id mountPath defaultMode items { key path mode } } }
  ${ERROR_FIELDS} } }`;

const SPEC = `query($input: WorkloadSpecInput!) { workloadSpec(input: $input) {
  volumes { name secretName defaultMode items { key path mode } } volumeMounts { name mountPath readOnly } manifest } }`;

async function createVolume(input: Record<string, unknown>) {
  const { result } = await gateway.data(CREATE, { input: { scope: vision(), credentialId: sshKeyId, mountPath: '/etc/ssh-key', ...input } });
  return result;
}

const dataSourceCount = () => gateway.app.services.assets.dataSources({ limit: 1000, offset: 0 }).total;

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
  const { result } = await gateway.data(
    `mutation($input: CreateGenericSecretCredentialInput!) { result: createGenericSecretCredential(input: $input) { ... on CreateGenericSecretCredentialSuccess { credential { id } } } }`,
    { input: { name: 'deploy key', scope: vision(), entries: [{ key: 'ssh', value: 'PRIVATE' }, { key: 'known_hosts', value: 'github.com ssh-ed25519 AAAA' }] } },
  );
  sshKeyId = result.credential.id;
});
afterAll(() => gateway?.stop());

describe('secret-volume file modes', () => {
  test('0400 with one key at its own path round-trips into the rendered pod spec', async () => {
    const created = await createVolume({ name: 'ssh', defaultMode: '0400', items: [{ key: 'ssh', path: 'ssh/id_ed25519' }, { key: 'known_hosts', path: 'ssh/known_hosts', mode: '0644' }] });
    expect(created.__typename).toBe('CreateSecretVolumeDataSourceSuccess');
    expect(created.dataSource).toMatchObject({
      mountPath: '/etc/ssh-key', defaultMode: '0400',
      items: [{ key: 'ssh', path: 'ssh/id_ed25519', mode: null }, { key: 'known_hosts', path: 'ssh/known_hosts', mode: '0644' }],
    });
    const { workloadSpec } = await gateway.data(SPEC, { input: { projectId: tree.projects.vision.id, dataSourceIds: [created.dataSource.id] } });
    expect(workloadSpec.volumes).toEqual([
      { name: expect.stringMatching(/^credential-deploy-key-/), secretName: expect.any(String), defaultMode: '0400',
        items: [{ key: 'ssh', path: 'ssh/id_ed25519', mode: null }, { key: 'known_hosts', path: 'ssh/known_hosts', mode: '0644' }] },
    ]);
    // The pod spec fragment has the numbers Kubernetes takes: 0400 is 256, 0644 is 420.
    expect(workloadSpec.manifest.volumes).toEqual([
      { name: workloadSpec.volumes[0].name, secret: { secretName: workloadSpec.volumes[0].secretName, defaultMode: 256, items: [{ key: 'ssh', path: 'ssh/id_ed25519' }, { key: 'known_hosts', path: 'ssh/known_hosts', mode: 420 }] } },
    ]);
    expect(workloadSpec.manifest.containers[0].volumeMounts).toEqual([{ name: workloadSpec.volumes[0].name, mountPath: '/etc/ssh-key', readOnly: true }]);
  });

  test('without a mode the volume gets 0644 and every key; two sources of one Secret with different modes get two volumes', async () => {
    const plain = await createVolume({ name: 'plain', mountPath: '/etc/plain' });
    expect(plain.dataSource).toMatchObject({ defaultMode: '0644', items: null });
    const strict = await createVolume({ name: 'strict', mountPath: '/etc/strict', defaultMode: '600' });
    expect(strict.dataSource.defaultMode).toBe('0600');
    const { workloadSpec } = await gateway.data(SPEC, { input: { projectId: tree.projects.vision.id, dataSourceIds: [plain.dataSource.id, strict.dataSource.id] } });
    const volumes = workloadSpec.manifest.volumes;
    expect(volumes.map((v: any) => v.secret)).toEqual([
      { secretName: volumes[0].secret.secretName, defaultMode: 420 },
      { secretName: volumes[0].secret.secretName, defaultMode: 384 },
    ]);
    expect(new Set(volumes.map((v: any) => v.name)).size).toBe(2);
    expect(workloadSpec.manifest.containers[0].volumeMounts.map((m: any) => [m.name, m.mountPath])).toEqual([
      [volumes[0].name, '/etc/plain'], [volumes[1].name, '/etc/strict'],
    ]);
  });

  test.each([
    ['"1000" (0o1000)', '1000'],
    ['"-1"', '-1'],
    ['"abc"', 'abc'],
    ['"0800"', '0800'],
  ])('a bad mode %s is a ValidationError and creates nothing', async (_, defaultMode) => {
    const before = dataSourceCount();
    const result = await createVolume({ name: `bad ${defaultMode}`, defaultMode });
    expect(result.__typename).toBe('ValidationError');
    expect(result.fieldErrors).toEqual([{ path: ['defaultMode'], message: expect.stringContaining('octal') }]);
    expect(result.message).not.toContain(defaultMode);
    expect(dataSourceCount()).toBe(before);
  });

  test.each([[0o1000], [-1], ['abc'], [1.5]])('the service refuses the mode %s (numbers as in a pod spec\'s JSON) and changes nothing', (defaultMode) => {
    const before = dataSourceCount();
    const attempt = () => gateway.app.services.assets.createDataSource(BUILTIN_ADMIN, {
      kind: 'SECRET_VOLUME', name: 'direct', scope: { type: 'PROJECT', id: internal(tree.projects.vision.id) }, credentialId: internal(sshKeyId),
      settings: { mountPath: '/etc/direct', defaultMode },
    });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).fieldErrors.map((e) => e.path)).toEqual([['defaultMode']]);
    }
    expect(dataSourceCount()).toBe(before);
  });

  test('items as Kubernetes allows them: relative paths, no "..", unique paths, keys the credential holds, modes in range', async () => {
    const before = dataSourceCount();
    const result = await createVolume({
      name: 'bad items',
      items: [
        { key: 'ssh', path: '/etc/passwd' },
        { key: 'ssh', path: 'a/../../b' },
        { key: 'ssh', path: '..hidden' },
        { key: 'known_hosts', path: 'ok', mode: '0999' },
      ],
    });
    expect(result.__typename).toBe('ValidationError');
    expect(result.fieldErrors.map((e: any) => e.path)).toEqual([['items', '0', 'path'], ['items', '1', 'path'], ['items', '2', 'path'], ['items', '3', 'mode']]);
    const twice = await createVolume({ name: 'same path', items: [{ key: 'ssh', path: 'key' }, { key: 'known_hosts', path: 'key' }] });
    expect(twice.fieldErrors).toEqual([{ path: ['items', '1', 'path'], message: 'is the path of another item' }]);
    const missingKey = await createVolume({ name: 'missing key', items: [{ key: 'token', path: 'token' }] });
    expect(missingKey.fieldErrors).toEqual([{ path: ['items', '0', 'key'], message: 'is not a key of the credential; its keys are ssh, known_hosts' }]);
    expect(dataSourceCount()).toBe(before);
  });

  test('a rotation may not drop a key that a Secret volume projects', async () => {
    const { result } = await gateway.data(
      `mutation($input: RotateCredentialInput!) { result: rotateCredential(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { id: sshKeyId, entries: [{ key: 'ssh', value: 'NEW' }] } },
    );
    expect(result.__typename).toBe('ValidationError');
    expect(result.fieldErrors[0].message).toContain('key "known_hosts" is projected by Secret volume "ssh"');
  });
});
