// Two installations (gateway processes with their own data directories) on one cluster, and a
// new installation (an empty database) next to a cluster full of another's Secrets: nobody
// deletes, rewrites or adopts what is not its own; a name taken elsewhere is OWNED_ELSEWHERE.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Secret } from '@kubernetes/client-node';
import { eventually } from '../support/kube.js';
import {
  clustersFile, createPassword, CREDENTIAL_STATUS, organisation, startEmulatorProcess, startGatewayProcess,
  type EmulatorProcess, type GatewayProcess,
} from './processes.js';

const PROJECTS = ['alpha', 'beta', 'gamma'];
let dir: string;
let emulator: EmulatorProcess;
let first: GatewayProcess;
let second: GatewayProcess | undefined;

async function managed(): Promise<V1Secret[]> {
  return (await emulator.core.listSecretForAllNamespaces({ labelSelector: 'app.kubernetes.io/managed-by=credgate' })).items;
}
/** uid and resourceVersion of each Secret: any rewrite or delete/recreate changes them. */
const fingerprint = (secrets: V1Secret[]) =>
  Object.fromEntries(secrets.map((s) => [`${s.metadata!.namespace}/${s.metadata!.name}`, `${s.metadata!.uid}@${s.metadata!.resourceVersion}`]));

async function phase(gateway: GatewayProcess, id: string) {
  return (await gateway.data(CREDENTIAL_STATUS, { id })).credential;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credgate-owners-'));
  emulator = await startEmulatorProcess(dir);
  first = await startGatewayProcess({ clustersFile: clustersFile(dir, [{ name: 'shared', kubeconfig: emulator.kubeconfig }]) });
}, 400_000);

afterAll(async () => {
  await second?.stop();
  await first?.stop();
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('two installations on one cluster', () => {
  let firstIds: { id: string; kubernetesName: string }[];
  let firstInstallation: string;
  /** A made-up third installation that took over one of the second's Secrets. */
  let third: string;

  it('the first installation labels every Secret it writes with its installation id', async () => {
    const { departmentId } = await organisation(first, PROJECTS);
    firstIds = [await createPassword(first, 'postgres', departmentId, 'first-pw'), await createPassword(first, 'redis', departmentId, 'first-redis')];
    for (const { id } of firstIds) await eventually(async () => (await phase(first, id)).status.phase === 'READY', 30_000, 'READY on the first gateway');
    const secrets = await managed();
    expect(secrets).toHaveLength(6);
    const installations = new Set(secrets.map((s) => s.metadata!.labels!['credgate.io/installation']));
    expect(installations.size).toBe(1);
    firstInstallation = [...installations][0]!;
    expect(firstInstallation).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.output()).toContain(firstInstallation);
  }, 90_000);

  it('a second installation with an empty database deletes nothing, says what it found, and reports a taken name as OWNED_ELSEWHERE', async () => {
    const before = fingerprint(await managed());
    second = await startGatewayProcess({ clustersFile: clustersFile(dir, [{ name: 'same-cluster', kubeconfig: emulator.kubeconfig }]) });
    await eventually(() => /found credgate Secrets of other installations/.test(second!.output()) || undefined, 30_000, 'the foreign Secrets logged');
    expect(second.output()).toMatch(/"foreignSecrets":6/);
    expect(second.output()).toContain(firstInstallation);

    const { departmentId } = await organisation(second, PROJECTS);
    const own = await createPassword(second, 'mongo', departmentId, 'second-mongo');
    await eventually(async () => (await phase(second!, own.id)).status.phase === 'READY', 30_000, 'the second installation\'s own credential READY');
    expect(second.output()).not.toContain('removed a Secret');
    // A few probe intervals and a periodic look later, nothing of the first was touched.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const after = fingerprint(await managed());
    for (const [key, value] of Object.entries(before)) expect(after[key], key).toBe(value);
    const secondSecrets = (await managed()).filter((s) => s.metadata!.labels!['credgate.io/installation'] !== firstInstallation);
    expect(secondSecrets.map((s) => s.metadata!.name).sort()).toEqual([own.kubernetesName, own.kubernetesName, own.kubernetesName]);
    for (const { id } of firstIds) expect((await phase(first, id)).status.phase).toBe('READY');
  }, 300_000);

  it('a Secret with the wanted name that another installation (or nobody known) owns is OWNED_ELSEWHERE and left alone', async () => {
    const { credentials } = await second!.data(`{ credentials(first: 10) { edges { node { id kubernetesName } } } }`);
    const { id, kubernetesName } = credentials.edges[0].node;
    // A third installation took it over in runai-alpha (the first would remove it as its own
    // orphan: its credential is not the first's); in runai-beta it became nobody's.
    third = randomUUID();
    const alpha = await emulator.core.readNamespacedSecret({ name: kubernetesName, namespace: 'runai-alpha' });
    alpha.metadata!.labels!['credgate.io/installation'] = third;
    await emulator.core.replaceNamespacedSecret({ name: kubernetesName, namespace: 'runai-alpha', body: alpha });
    const beta = await emulator.core.readNamespacedSecret({ name: kubernetesName, namespace: 'runai-beta' });
    beta.metadata!.labels = {};
    await emulator.core.replaceNamespacedSecret({ name: kubernetesName, namespace: 'runai-beta', body: beta });
    const taken = async () => fingerprint([
      await emulator.core.readNamespacedSecret({ name: kubernetesName, namespace: 'runai-alpha' }),
      await emulator.core.readNamespacedSecret({ name: kubernetesName, namespace: 'runai-beta' }),
    ]);
    const before = await taken();
    let last: unknown;
    const credential = await eventually(async () => {
      const found = await phase(second!, id);
      last = found;
      const issues = found.status.targets.map((t: any) => t.issue);
      return issues.filter((i: string) => i === 'OWNED_ELSEWHERE').length === 2 ? found : undefined;
    }, 30_000, 'two targets OWNED_ELSEWHERE').catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(last)}`);
    });
    expect(credential.status.phase).toBe('ISSUES_FOUND');
    const byNamespace = Object.fromEntries(credential.status.targets.map((t: any) => [t.namespace, t]));
    expect(byNamespace['runai-alpha'].message).toContain(`credgate installation ${third}`);
    expect(byNamespace['runai-beta'].message).toContain('nobody known to credgate');
    expect(byNamespace['runai-gamma'].state).toBe('SYNCED');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await taken()).toEqual(before);
    // Given back (the foreign Secret goes), the name is free again and the target converges.
    await emulator.core.deleteNamespacedSecret({ name: kubernetesName, namespace: 'runai-beta' });
    await eventually(async () => (await phase(second!, id)).status.targets.find((t: any) => t.namespace === 'runai-beta')?.state === 'SYNCED' || undefined, 30_000, 'runai-beta SYNCED once the name is free');
  }, 90_000);

  it('deleting a credential on one installation removes only its own Secrets', async () => {
    const before = fingerprint((await managed()).filter((s) => s.metadata!.labels!['credgate.io/installation'] === firstInstallation));
    const { credentials } = await second!.data(`{ credentials(first: 10) { edges { node { id name } } } }`);
    for (const { node } of credentials.edges) {
      await second!.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id: node.id });
    }
    const others = new Set([firstInstallation, third]);
    await eventually(async () => (await managed()).every((s) => others.has(s.metadata!.labels!['credgate.io/installation'])), 30_000, 'the second installation\'s Secrets gone');
    expect(fingerprint((await managed()).filter((s) => s.metadata!.labels!['credgate.io/installation'] === firstInstallation))).toEqual(before);
    // The one a third installation holds under the deleted credential's name stays too.
    expect((await managed()).filter((s) => s.metadata!.labels!['credgate.io/installation'] === third)).toHaveLength(1);
  }, 60_000);

  it('registering the same cluster twice is refused: its reconciler does not start and nothing is touched', async () => {
    const before = fingerprint(await managed());
    const { createCluster } = await first.data(`mutation($k: String!) { createCluster(input: { name: "again", kubeconfig: $k }) { __typename ... on CreateClusterSuccess { cluster { id } } ... on Error { message } } }`, { k: readFileSync(emulator.kubeconfig, 'utf8') });
    if (!createCluster.cluster) throw new Error(JSON.stringify(createCluster));
    const clusterId = createCluster.cluster.id;
    // Same installation, same cluster: were it reconciled, every Secret above would be its orphan.
    const cluster = await eventually(async () => {
      const { clusters } = await first.data(`{ clusters { id name connection connectionMessage } }`);
      const found = clusters.find((c: any) => c.id === clusterId);
      return found?.connection === 'UNREACHABLE' ? found : undefined;
    }, 30_000, 'the duplicate refused');
    expect(cluster.connectionMessage).toContain('already registered as "shared"');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(fingerprint(await managed())).toEqual(before);
    expect(first.output()).toContain('refusing to reconcile a cluster registered twice');
  }, 60_000);
});
