// A cluster at rest (every target SYNCED, nothing changing) costs no database writes and no API
// requests besides its watches and one probe per interval, however many targets it has, and
// however often the periodic resync compares them; an unreachable cluster is probed once per
// interval, not once per target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsFor } from '../../src/metrics.js';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { eventually } from '../support/kube.js';

const PROBE_MS = 200;
const RESYNC_MS = 250;
let gateway: TestGateway;
const writes: string[] = [];

beforeAll(async () => {
  gateway = await startGateway({
    onStatement: (sql) => {
      if (/^\s*(insert|update|delete|replace)\b/i.test(sql)) writes.push(sql);
    },
    kube: { reconciler: { probeIntervalMs: PROBE_MS, resyncIntervalMs: RESYNC_MS } },
  });
});
afterAll(async () => {
  await gateway?.stop();
});

async function probes(): Promise<number> {
  const text = await metricsFor(gateway.app.db).registry.getSingleMetricAsString('credgate_kube_api_requests_total');
  return [...text.matchAll(/verb="get version"[^}]*\} (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** Waits for `ms` of wall time: the measurement window itself, not a stand-in for a condition. */
const window = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a cluster at rest', () => {
  it('costs no database writes and one probe per interval', async () => {
    const tree = await demoTree(gateway);
    const ids: string[] = [];
    for (const [name, scope] of [['rest-a', { type: 'DEPARTMENT', id: tree.departments.research.id }], ['rest-b', { type: 'CLUSTER', id: tree.cluster.id }]] as const) {
      const { createPasswordCredential } = await gateway.data(
        `mutation($n: String!, $s: ScopeInput!) { createPasswordCredential(input: { name: $n, scope: $s, username: "u", password: "p" }) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
        { n: name, s: scope },
      );
      ids.push(createPasswordCredential.credential.id);
    }
    for (const id of ids) {
      await eventually(async () => (await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id })).credential.status.phase === 'READY', 15_000, 'READY');
    }
    await gateway.app.engine!.idle();

    writes.length = 0;
    const requestsBefore = gateway.app.emulator!.requestCount();
    const probesBefore = await probes();
    const started = Date.now();
    await window(8 * Math.max(PROBE_MS, RESYNC_MS));
    const elapsed = Date.now() - started;
    await gateway.app.engine!.idle();
    const requests = gateway.app.emulator!.requestCount() - requestsBefore;
    const probed = (await probes()) - probesBefore;

    expect(writes).toEqual([]);
    // Probes only: at most one per interval (plus one in flight at each end of the window).
    expect(probed).toBeGreaterThan(0);
    expect(probed).toBeLessThanOrEqual(Math.ceil(elapsed / PROBE_MS) + 2);
    expect(requests).toBe(probed);
  }, 60_000);

  it('an unreachable cluster is probed once per interval, not once per target', async () => {
    const emulator = gateway.app.emulator!;
    await emulator.faults.setUnreachable(true);
    try {
      await eventually(async () => (await gateway.data(`{ clusters { connection } }`)).clusters[0].connection === 'UNREACHABLE', 15_000, 'UNREACHABLE');
      const targets = gateway.app.services.propagation.targetsOfCluster(gateway.app.services.orgTree.clusters()[0].id);
      expect(targets.length).toBeGreaterThanOrEqual(4);
      await eventually(() => targets.every((t) => gateway.app.services.propagation.target(t)?.state === 'UNREACHABLE') || undefined, 15_000, 'every target UNREACHABLE');
      writes.length = 0;
      const before = await probes();
      const started = Date.now();
      await window(8 * PROBE_MS);
      const probed = (await probes()) - before;
      expect(probed).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / PROBE_MS) + 2);
      expect(writes).toEqual([]);
    } finally {
      await emulator.faults.setUnreachable(false);
    }
  }, 60_000);
});
