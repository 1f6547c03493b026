// A cluster that comes back empty at the same address (restored from an empty backup): its watch
// history says nothing happened, so only a fresh list shows it. Targets must not stay SYNCED over
// Secrets that are gone: every one is written again, and the status says what happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { eventually, kubectlJson } from '../support/kube.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(async () => {
  await gateway?.stop();
});

const STATUS = `query($id: ID!) { credential(id: $id) { kubernetesName status { phase targets { namespace state } } statusHistory(first: 20) { phase reason } } }`;

async function managedSecrets(): Promise<{ metadata: { name: string; namespace: string; uid: string } }[]> {
  return (await kubectlJson(gateway, 'get', 'secrets', '-A', '-l', 'app.kubernetes.io/managed-by=credgate')).items;
}

describe('a cluster restarted empty at the same address', () => {
  it('is listed afresh: every Secret is written again and the credentials come back READY', async () => {
    const tree = await demoTree(gateway);
    const ids: string[] = [];
    for (const name of ['empty-a', 'empty-b']) {
      const { createPasswordCredential } = await gateway.data(
        `mutation($d: ID!, $n: String!) { createPasswordCredential(input: { name: $n, scope: { type: DEPARTMENT, id: $d }, username: "u", password: "p" }) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
        { d: tree.departments.research.id, n: name },
      );
      ids.push(createPasswordCredential.credential.id);
    }
    for (const id of ids) await eventually(async () => (await gateway.data(STATUS, { id })).credential.status.phase === 'READY', 15_000, 'READY');
    const before = await managedSecrets();
    expect(before).toHaveLength(4);
    const resourceVersion = gateway.app.emulator!.resourceVersion();

    await gateway.app.emulator!.faults.restart({ empty: true });
    // The same cluster (same kube-system UID), with nothing in it, and no event about what vanished.
    expect(gateway.app.emulator!.resourceVersion()).toBeGreaterThan(resourceVersion);
    const restored = await eventually(async () => {
      const secrets = await managedSecrets();
      return secrets.length === 4 ? secrets : undefined;
    }, 30_000, 'every Secret written again');
    // New objects (new UIDs): written again, not found in a stale cache.
    const oldUids = new Set(before.map((s) => s.metadata.uid));
    expect(restored.every((s) => !oldUids.has(s.metadata.uid))).toBe(true);
    for (const id of ids) {
      const { credential } = await eventually(async () => {
        const found = await gateway.data(STATUS, { id });
        return found.credential.status.phase === 'READY' ? found : undefined;
      }, 15_000, 'READY again');
      // The outage (or the loss) shows in the history: the targets did not silently stay SYNCED.
      expect(credential.statusHistory.map((e: any) => e.phase).slice(0, 2)).toEqual(['READY', 'ISSUES_FOUND']);
    }
    const { clusters } = await gateway.data(`{ clusters { connection } }`);
    expect(clusters[0].connection).toBe('CONNECTED');
  }, 90_000);
});
