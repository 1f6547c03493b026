// Propagation at scale (issue 11): department credentials to 5,000 namespaces spread over 3
// emulated clusters, time to READY against the same Secrets written straight through client-node
// (same concurrency) in the same run; then the cost of that state at rest: database writes and
// API requests per minute (aim: 0 writes; requests: the probes only).
// Rerun: npm run bench -- propagation-scale
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { configFromEnv } from '../../src/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { BUILTIN_ADMIN } from '../../src/services/context.js';
import { startKubeEmulator, type KubeEmulator } from '../../src/kube-emulator/index.js';

const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 5000);
const CLUSTERS = 3;
const AT_REST_MS = Number(process.env.BENCH_AT_REST_MS ?? 60_000);
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function untilReady(app: App, ids: string[], timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ids.every((id) => app.services.credentials.get(id)?.phase === 'READY')) {
    if (Date.now() > deadline) throw new Error('timed out waiting for READY');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'credgate-bench-scale-'));
  const emulators: KubeEmulator[] = [];
  for (let i = 0; i < CLUSTERS; i++) emulators.push(await startKubeEmulator({ historyLimit: 20_000 }));
  emulators.forEach((e, i) => writeFileSync(join(dir, `kubeconfig-${i}`), e.kubeconfig));
  writeFileSync(join(dir, 'clusters.yaml'), emulators.map((_, i) => `- name: c${i}\n  kubeconfig: kubeconfig-${i}\n`).join(''));
  let writes = 0;
  const app = buildApp({
    config: { ...configFromEnv({}), port: 0, dataDir: join(dir, 'data'), clustersFile: join(dir, 'clusters.yaml'), logLevel: 'warn', development: false, seedDemo: false },
    log: createLogger('warn'),
    onStatement: (sql) => {
      if (/^\s*(insert|update|delete|replace)\b/i.test(sql)) writes += 1;
    },
  });
  await app.start();
  const { orgTree, credentials } = app.services;
  const departments: string[] = [];
  const perCluster = Math.ceil(NAMESPACES / CLUSTERS);
  const namespaces: string[][] = [];
  for (const [i, cluster] of orgTree.clusters().entries()) {
    const department = orgTree.createDepartment(BUILTIN_ADMIN, { clusterId: cluster.id, name: `bench-${i}` });
    departments.push(department.id);
    namespaces.push([]);
    for (let p = 0; p < perCluster && i * perCluster + p < NAMESPACES; p++) {
      const project = orgTree.createProject(BUILTIN_ADMIN, { departmentId: department.id, name: `b${i}-${p}` });
      namespaces[i].push(project.namespace);
    }
  }
  const total = namespaces.reduce((n, list) => n + list.length, 0);
  // Warm the namespaces up with a first credential, so both measured runs write Secrets only.
  const warm = departments.map((d, i) => credentials.create(BUILTIN_ADMIN, 'PASSWORD', { name: `warm-${i}`, scope: { type: 'DEPARTMENT', id: d }, username: 'u', password: 'p' }).id);
  await untilReady(app, warm);
  await app.engine!.idle(600_000);

  const started = performance.now();
  const ids = departments.map((d, i) => credentials.create(BUILTIN_ADMIN, 'PASSWORD', { name: `scale-${i}`, scope: { type: 'DEPARTMENT', id: d }, username: 'u', password: 'p' }).id);
  await untilReady(app, ids);
  const gateway = performance.now() - started;
  await app.engine!.idle(600_000);

  // Baseline: the same Secrets straight through client-node, 32 parallel per cluster (the reconciler's concurrency).
  const baselineStart = performance.now();
  await Promise.all(emulators.map(async (emulator, i) => {
    const kc = new KubeConfig();
    kc.loadFromString(emulator.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < namespaces[i].length) {
        const namespace = namespaces[i][next++];
        await core.createNamespacedSecret({ namespace, body: { metadata: { name: 'baseline-secret' }, type: 'kubernetes.io/basic-auth', stringData: { username: 'u', password: 'p' } } });
      }
    }));
  }));
  const baseline = performance.now() - baselineStart;
  console.log(`time to READY, ${CLUSTERS} department credentials → ${total} namespaces on ${CLUSTERS} clusters: ${ms(gateway)}`);
  console.log(`  baseline, ${total} creates straight through client-node (32 parallel per cluster): ${ms(baseline)}; ratio ${(gateway / baseline).toFixed(2)}× (aim ≤ 2×)`);

  // At rest: every target SYNCED (2 credentials per namespace), nothing changing.
  await app.engine!.idle(600_000);
  const targets = app.services.propagation.targetCounts().reduce((n, row) => n + row.count, 0);
  writes = 0;
  const requestsBefore = emulators.map((e) => e.requestCount());
  const restStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, AT_REST_MS));
  const minutes = (performance.now() - restStart) / 60_000;
  const requests = emulators.reduce((n, e, i) => n + e.requestCount() - requestsBefore[i], 0);
  console.log(`at rest with ${targets} targets on ${CLUSTERS} clusters, over ${(minutes * 60).toFixed(0)} s (two periodic resyncs of every target):`);
  console.log(`  database writes per minute: ${(writes / minutes).toFixed(1)} (aim 0)`);
  console.log(`  API requests per minute: ${(requests / minutes).toFixed(1)} (${CLUSTERS} clusters × one probe every 2 s = ${(CLUSTERS * 30).toFixed(0)}; watches not counted)`);

  await app.stop();
  for (const emulator of emulators) await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
