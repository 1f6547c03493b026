// GET /metrics: Prometheus text with the reconciler's and the gateway's numbers, and never a value
// or anything of a Secret (canary values of every credential type are looked for).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { eventually } from '../support/kube.js';

let gateway: TestGateway;
const CANARY = 'metrics-canary-7d1c';

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(async () => {
  await gateway?.stop();
});

describe('GET /metrics', () => {
  it('serves reconcile, API, target, reachability, subscription and storage metrics, with no value in them', async () => {
    const tree = await demoTree(gateway);
    const scope = { type: 'DEPARTMENT', id: tree.departments.research.id };
    const mutations = [
      [`createPasswordCredential(input: { name: "m-pw", scope: $s, username: "${CANARY}-user", password: "${CANARY}-pw" })`],
      [`createAccessKeyCredential(input: { name: "m-ak", scope: $s, accessKeyId: "${CANARY}-id", secretAccessKey: "${CANARY}-secret" })`],
      [`createDockerRegistryCredential(input: { name: "m-dr", scope: $s, url: "https://${CANARY}.example", username: "${CANARY}-u", password: "${CANARY}-p" })`],
      [`createGenericSecretCredential(input: { name: "m-gs", scope: $s, entries: [{ key: "k", value: "${CANARY}-generic" }] })`],
    ];
    for (const [field] of mutations) {
      const result = await gateway.gql(`mutation($s: ScopeInput!) { ${field} { __typename } }`, { s: scope });
      expect(JSON.stringify(result)).toContain('Success');
    }
    await eventually(async () => {
      const { credentials } = await gateway.data(`{ credentials(first: 10) { edges { node { status { phase } } } } }`);
      return credentials.edges.length === 4 && credentials.edges.every((e: any) => e.node.status.phase === 'READY');
    }, 20_000, 'every credential READY');

    const response = await fetch(`${gateway.url}/metrics`, { headers: adminHeaders() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const clusterId = gateway.app.services.orgTree.clusters()[0].id;
    expect(text).toContain(`credgate_targets{cluster="${clusterId}",state="SYNCED"} 8`);
    expect(text).toContain(`credgate_cluster_reachable{cluster="${clusterId}"} 1`);
    expect(text).toMatch(new RegExp(`credgate_kube_api_requests_total\\{cluster="${clusterId}",verb="create secrets",code="2xx"\\} \\d+`));
    expect(text).toMatch(/credgate_reconcile_duration_seconds_count\{cluster="[^"]+",outcome="SYNCED"\} \d+/);
    expect(text).toMatch(/credgate_reconcile_queue_wait_seconds_count\{cluster="[^"]+"\} \d+/);
    expect(text).toContain('credgate_reconcile_queue_depth');
    expect(text).toContain('credgate_open_subscriptions');
    expect(text).toContain('credgate_event_delivery_lag_seconds');
    expect(text).toContain('credgate_storage_errors_total');

    for (const needle of [CANARY, Buffer.from(CANARY).toString('base64'), 'm-pw', 'm-gs']) expect(text).not.toContain(needle);
  }, 60_000);
});
