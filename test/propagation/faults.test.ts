import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKubeEmulator, type KubeEmulator } from '../../src/kube-emulator/index.js';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { eventually } from '../support/kube.js';
import { subscribeSse, listening, noSubscribers } from '../support/subscriptions.js';

const STATUS = `query($id: ID!) { credential(id: $id) { kubernetesName status { phase reason message targets { namespace state issue message } } } }`;

function helpers(gateway: () => TestGateway) {
  const status = async (id: string) => (await gateway().data(STATUS, { id })).credential;
  const untilPhase = (id: string, phase: string, timeoutMs = 15_000) =>
    eventually(async () => {
      const credential = await status(id);
      return credential?.status.phase === phase && credential;
    }, timeoutMs, `phase ${phase}`);
  const create = async (name: string, scope: Record<string, unknown>) => {
    const { r } = await gateway().data(
      `mutation($input: CreatePasswordCredentialInput!) { r: createPasswordCredential(input: $input) { ... on CreatePasswordCredentialSuccess { credential { id } } ... on Error { message } } }`,
      { input: { name, scope, username: 'u', password: 'p' } },
    );
    return r.credential.id as string;
  };
  return { status, untilPhase, create };
}

describe('an embedded cluster with faults', () => {
  let gateway: TestGateway;
  let tree: Awaited<ReturnType<typeof demoTree>>;
  const { status, untilPhase, create } = helpers(() => gateway);
  const emulator = () => gateway.app.emulator!;

  beforeAll(async () => {
    gateway = await startGateway();
    tree = await demoTree(gateway);
  });
  afterAll(() => gateway?.stop());
  // A failed test must not leave its fault behind for the next one.
  afterEach(async () => {
    emulator().faults.reset();
    await emulator().faults.setUnreachable(false);
    await eventually(async () => (await gateway.data(`{ clusters { connection } }`)).clusters[0].connection === 'CONNECTED', 15_000, 'the cluster to be connected');
  });

  it('an unreachable cluster gives ISSUES_FOUND / CLUSTER_UNREACHABLE, then READY by itself when it is back', async () => {
    const id = await create('reach', { type: 'DEPARTMENT', id: tree.departments.research.id });
    await untilPhase(id, 'READY');
    await noSubscribers(gateway);
    const stream = subscribeSse(gateway.url, `subscription($where: CredentialWhere) { credentialStatusChanged(where: $where) { previousPhase phase reason message } }`, { where: { name: { eq: 'reach' } } });
    await listening(gateway, 'credentialStatusChanged', 1);
    await emulator().faults.setUnreachable(true);
    const down = await untilPhase(id, 'ISSUES_FOUND');
    expect(down.status).toMatchObject({ reason: 'CLUSTER_UNREACHABLE', message: 'Failed to access the cluster' });
    // A request cut mid-flight speaks for itself; the refused probe that follows speaks for the cluster.
    await eventually(async () => (await status(id)).status.targets.every((t: any) => t.state === 'UNREACHABLE'), 15_000, 'every target UNREACHABLE');
    await eventually(async () => (await gateway.data(`{ clusters { connection } }`)).clusters[0].connection === 'UNREACHABLE', 15_000, 'the cluster UNREACHABLE');
    // Going over the targets again while it is away confirms nothing from the watch cache.
    const clusterId = gateway.app.services.orgTree.clusters()[0].id;
    const core = gateway.app.engine!.reconciler(clusterId)!;
    core.enqueue(gateway.app.services.propagation.targetsOfCluster(clusterId));
    await eventually(() => core.idle, 15_000, 'the reconciler to be idle');
    expect((await status(id)).status.targets.map((t: any) => t.state)).toEqual(down.status.targets.map(() => 'UNREACHABLE'));

    await emulator().faults.setUnreachable(false);
    await untilPhase(id, 'READY');
    await stream.waitFor((e) => e.phase === 'READY');
    expect(stream.events).toEqual([
      { previousPhase: 'READY', phase: 'ISSUES_FOUND', reason: 'CLUSTER_UNREACHABLE', message: 'Failed to access the cluster' },
      { previousPhase: 'ISSUES_FOUND', phase: 'READY', reason: null, message: null },
    ]);
    await stream.close();
    expect((await gateway.data(`{ clusters { connection version } }`)).clusters[0]).toEqual({ connection: 'CONNECTED', version: 'v1.32.0' });
  });

  it('failing writes give ISSUES_FOUND / PROPAGATION_FAILED with the target and message, then are retried to READY', async () => {
    // Writes keep failing until the fault is cleared, so the ISSUES_FOUND window is not a race.
    emulator().faults.failNext({ verb: 'create', resource: 'secrets', count: 1000, status: 500, message: 'etcd is having a bad day' });
    const id = await create('flaky writes', { type: 'PROJECT', id: tree.projects.vision.id });
    const failed = await untilPhase(id, 'ISSUES_FOUND');
    expect(failed.status.reason).toBe('PROPAGATION_FAILED');
    expect(failed.status.message).toMatch(/^1 of 1 namespaces failed; runai-vision on local: InternalError: .*etcd is having a bad day/);
    expect(failed.status.targets[0]).toMatchObject({ namespace: 'runai-vision', state: 'FAILED', issue: 'REPLICATION_ERROR' });
    emulator().faults.reset();
    await untilPhase(id, 'READY');
  });

  it('a 503 on one write leaves every other credential of the cluster alone', async () => {
    const bystander = await create('bystander', { type: 'PROJECT', id: tree.projects.language.id });
    await untilPhase(bystander, 'READY');
    emulator().faults.failNext({ verb: 'create', resource: 'secrets', count: 1000, status: 503, message: 'the proxy in front is overloaded' });
    const victim = await create('behind a busy proxy', { type: 'PROJECT', id: tree.projects.platform.id });
    const failed = await untilPhase(victim, 'ISSUES_FOUND');
    expect(failed.status.targets).toMatchObject([{ namespace: 'runai-platform', state: 'UNREACHABLE' }]);
    // Give a wrong cluster-wide verdict time to show, then check nothing else moved.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await status(bystander)).status.phase).toBe('READY');
    const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { statusHistory { phase } } }`, { id: bystander });
    expect(credential.statusHistory.map((e: any) => e.phase)).not.toContain('ISSUES_FOUND');
    expect((await gateway.data(`{ clusters { connection } }`)).clusters[0].connection).toBe('CONNECTED');
    emulator().faults.reset();
    await untilPhase(victim, 'READY');
  });

  it('never stores or shows Secret data that an API server quotes in its refusal', async () => {
    const canary = `CANARY-quoted-${Date.now()}`;
    emulator().faults.failNext({
      verb: 'create', resource: 'secrets', count: 1000, status: 403,
      message: `admission webhook "policy.example.com" denied the request: password "${canary}" (base64 ${Buffer.from(canary).toString('base64')}) is too weak`,
    });
    const { r } = await gateway.data(
      `mutation($input: CreatePasswordCredentialInput!) { r: createPasswordCredential(input: $input) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
      { input: { name: 'quoted by webhook', scope: { type: 'PROJECT', id: tree.projects.vision.id }, username: 'u', password: canary } },
    );
    await untilPhase(r.credential.id, 'ISSUES_FOUND');
    emulator().faults.reset();
    await untilPhase(r.credential.id, 'READY');
    const history = await gateway.data(`query($id: ID!) { credential(id: $id) { statusHistory { phase message } } }`, { id: r.credential.id });
    const failed = history.credential.statusHistory.find((e: any) => e.phase === 'ISSUES_FOUND');
    expect(failed.message).toContain('denied the request: password "[redacted]" (base64 [redacted]) is too weak');
    expect(JSON.stringify(history)).not.toContain(canary);
    expect(gateway.logs()).not.toContain(canary);
    const { readFileSync, readdirSync } = await import('node:fs');
    const files = readdirSync(gateway.dataDir).filter((f) => f.startsWith('credgate.db'));
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(gateway.dataDir, f))));
    expect(bytes.includes(Buffer.from(canary))).toBe(false);
    expect(bytes.includes(Buffer.from(Buffer.from(canary).toString('base64')))).toBe(false);
  });

  it('converges after every watch is dropped and history is compacted (410 → relist)', async () => {
    const id = await create('after 410', { type: 'PROJECT', id: tree.projects.language.id });
    const { kubernetesName } = await untilPhase(id, 'READY');
    emulator().faults.compactHistory();
    emulator().faults.dropWatches();
    // A change made while the watches are down must still be seen and repaired.
    const core = gateway.app.engine!.reconciler(gateway.app.services.orgTree.clusters()[0].id)!;
    await fetch(`${emulator().url}/api/v1/namespaces/runai-language/secrets/${kubernetesName}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${emulator().token}` },
    });
    await eventually(async () => {
      const response = await fetch(`${emulator().url}/api/v1/namespaces/runai-language/secrets/${kubernetesName}`, { headers: { authorization: `Bearer ${emulator().token}` } });
      return response.status === 200;
    }, 15_000, 'the deleted Secret to be restored after the relist');
    expect(core.isReachable).toBe(true);
    await untilPhase(id, 'READY');
  });

  it('reports NOT_CREATED when the namespace is missing and namespaces are not managed', async () => {
    const cluster = gateway.app.services.orgTree.clusters()[0];
    await gateway.data(`mutation($id: ID!) { updateCluster(input: { id: $id, manageNamespaces: false }) { __typename } }`, { id: tree.cluster.id });
    try {
      const { createProject } = await gateway.data(
        `mutation($input: CreateProjectInput!) { createProject(input: $input) { ... on CreateProjectSuccess { project { id } } } }`,
        { input: { departmentId: tree.departments.engineering.id, name: 'unmanaged', namespace: 'hand-made' } },
      );
      const id = await create('needs namespace', { type: 'PROJECT', id: createProject.project.id });
      const failed = await untilPhase(id, 'ISSUES_FOUND');
      expect(failed.status.targets[0]).toMatchObject({ namespace: 'hand-made', state: 'FAILED', issue: 'NOT_CREATED' });
      expect(failed.status.targets[0].message).toContain('namespace hand-made does not exist');
      // Once someone creates the namespace, the watch on namespaces brings the Secret in.
      await fetch(`${emulator().url}/api/v1/namespaces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${emulator().token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ metadata: { name: 'hand-made' } }),
      });
      await untilPhase(id, 'READY');
    } finally {
      await gateway.data(`mutation($id: ID!) { updateCluster(input: { id: $id, manageNamespaces: true }) { __typename } }`, { id: tree.cluster.id });
    }
    expect(cluster.name).toBe('local');
  });

  it('shows No status when every target cluster runs a version below the supported minimum', async () => {
    gateway.app.services.orgTree.recordClusterConnection(gateway.app.services.orgTree.clusters()[0].id, 'CONNECTED', 'v1.20.0', null);
    gateway.app.services.propagation.recomputeCluster(gateway.app.services.orgTree.clusters()[0].id);
    const id = await create('old cluster', { type: 'PROJECT', id: tree.projects.platform.id });
    await eventually(async () => (await status(id)).status.targets[0]?.state === 'SYNCED');
    expect((await status(id)).status.phase).toBe('NO_STATUS');
    gateway.app.services.orgTree.recordClusterConnection(gateway.app.services.orgTree.clusters()[0].id, 'CONNECTED', 'v1.32.0', null);
    gateway.app.services.propagation.recomputeCluster(gateway.app.services.orgTree.clusters()[0].id);
    expect((await status(id)).status.phase).toBe('READY');
  });
});

describe('a gateway stopped mid-propagation', () => {
  let emulator: KubeEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startKubeEmulator();
    dir = mkdtempSync(join(tmpdir(), 'credgate-restart-'));
    writeFileSync(join(dir, 'kubeconfig'), emulator.kubeconfig);
    writeFileSync(join(dir, 'clusters.yaml'), `- name: remote\n  kubeconfig: kubeconfig\n`);
  });
  afterAll(async () => {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('converges after a restart with nothing lost', async () => {
    const config = { dataDir: join(dir, 'data'), clustersFile: join(dir, 'clusters.yaml'), masterKeys: [Buffer.alloc(32, 3).toString('base64')] };
    let gateway = await startGateway({ demo: false, config, kube: { reconciler: { concurrency: 2 } } });
    const { createDepartment } = await gateway.data(`mutation($c: ID!) { createDepartment(input: { clusterId: $c, name: "d" }) { ... on CreateDepartmentSuccess { department { id } } } }`, {
      c: (await gateway.data(`{ clusters { id name } }`)).clusters[0].id,
    });
    const departmentId = createDepartment.department.id;
    for (let i = 0; i < 20; i++) {
      await gateway.data(`mutation($d: ID!, $n: String!) { createProject(input: { departmentId: $d, name: $n }) { __typename } }`, { d: departmentId, n: `p${i}` });
    }
    emulator.faults.setLatency(150);
    const { createPasswordCredential } = await gateway.data(
      `mutation($d: ID!) { createPasswordCredential(input: { name: "survivor", scope: { type: DEPARTMENT, id: $d }, username: "u", password: "p" }) { ... on CreatePasswordCredentialSuccess { credential { id kubernetesName } } } }`,
      { d: departmentId },
    );
    const { id, kubernetesName } = createPasswordCredential.credential;
    await new Promise((resolve) => setTimeout(resolve, 250));
    await gateway.stop();
    const written = async () => {
      const response = await fetch(`${emulator.url}/api/v1/secrets?labelSelector=credgate.io/credential-id`, { headers: { authorization: `Bearer ${emulator.token}` } });
      return ((await response.json()).items as any[]).filter((s) => s.metadata.name === kubernetesName).length;
    };
    const before = await written();
    expect(before).toBeLessThan(20);
    emulator.faults.setLatency(0);

    gateway = await startGateway({ demo: false, config });
    try {
      await eventually(async () => (await gateway.data(STATUS, { id })).credential.status.phase === 'READY', 20_000, 'READY after restart');
      expect(await written()).toBe(20);
    } finally {
      await gateway.stop();
    }
  });
});
