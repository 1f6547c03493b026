// The cap on API writes per second per cluster (CREDGATE_KUBE_WRITES_PER_SECOND): 30 Secrets at
// 10 writes a second cannot all be written within the first two seconds' windows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_ADMIN } from '../../src/services/context.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { eventually } from '../support/kube.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startGateway({ demo: false, kube: { reconciler: { writesPerSecond: 10 } } });
});
afterAll(async () => {
  await gateway?.stop();
});

describe('the write cap', () => {
  it('spreads a burst of writes over seconds', async () => {
    const { orgTree, credentials } = gateway.app.services;
    const cluster = orgTree.clusters()[0]; // the embedded emulator, registered at start
    await eventually(() => gateway.app.engine!.reconciler(cluster.id)?.isReachable || undefined, 15_000, 'the cluster reachable');
    const department = orgTree.createDepartment(BUILTIN_ADMIN, { clusterId: cluster.id, name: 'capped' });
    for (let i = 0; i < 15; i++) orgTree.createProject(BUILTIN_ADMIN, { departmentId: department.id, name: `cap-${i}` });
    const started = Date.now();
    const credential = credentials.create(BUILTIN_ADMIN, 'PASSWORD', { name: 'capped', scope: { type: 'DEPARTMENT', id: department.id }, username: 'u', password: 'p' });
    // 15 namespaces and 15 Secrets: 30 writes at 10 a second.
    await eventually(() => credentials.get(credential.id)?.phase === 'READY' || undefined, 30_000, 'READY');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  }, 60_000);
});
