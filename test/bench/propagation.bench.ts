// Propagation benchmarks (issue 4): time to READY for 500 namespaces, drift repair latency,
// status fan-out to 1,000 SSE subscribers. Each is printed next to a baseline measured in the
// same run on the same emulator, because these machines are shared and noisy.
// Rerun: npm run bench -- propagation
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { configFromEnv } from '../../src/config.js';
import { buildApp, type App } from '../../src/http/app.js';

/** The bootstrap administrator's token of the benchmark gateway; the subscribers send it. */
const BENCH_TOKEN = 'cgt_bench-admin-0123456789abcdefghijklmnopqrstuvwxyz';
import { createLogger } from '../../src/log.js';
import { BUILTIN_ADMIN } from '../../src/services/context.js';
import { seedDemoOrganisation } from '../../src/services/demo.js';

const here = dirname(fileURLToPath(import.meta.url));
const NAMESPACES = 500;
const SUBSCRIBERS = 1000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function startApp(): Promise<{ app: App; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'credgate-bench-'));
  // All the subscribers come from one child process, so from one address: above the default per-client cap.
  const app = buildApp({ config: { ...configFromEnv({}), port: 0, dataDir, logLevel: 'warn', development: false, maxSseStreamsPerClient: SUBSCRIBERS, adminToken: BENCH_TOKEN }, log: createLogger('warn') });
  seedDemoOrganisation(app.services.orgTree);
  await app.start();
  return { app, dataDir };
}

async function untilPhase(app: App, id: string, phase: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (app.services.credentials.get(id)?.phase !== phase) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function readyFor500Namespaces(app: App): Promise<void> {
  const { orgTree, credentials } = app.services;
  const cluster = orgTree.clusters()[0];
  const department = orgTree.createDepartment(BUILTIN_ADMIN, { clusterId: cluster.id, name: 'bench' });
  for (let i = 0; i < NAMESPACES; i++) orgTree.createProject(BUILTIN_ADMIN, { departmentId: department.id, name: `bench-${i}` });
  // Warm the namespaces up with a first credential, so both runs below write Secrets only.
  const warm = credentials.create(BUILTIN_ADMIN, 'PASSWORD', { name: 'warm-up', scope: { type: 'DEPARTMENT', id: department.id }, username: 'u', password: 'p' });
  await untilPhase(app, warm.id, 'READY');

  const started = performance.now();
  const credential = credentials.create(BUILTIN_ADMIN, 'PASSWORD', { name: 'five hundred', scope: { type: 'DEPARTMENT', id: department.id }, username: 'u', password: 'p' });
  await untilPhase(app, credential.id, 'READY');
  const gateway = performance.now() - started;

  // Baseline: the same 500 Secrets written straight through client-node at the same concurrency.
  const kc = new KubeConfig();
  kc.loadFromString(app.emulator!.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `runai-bench-${i}`);
  const baselineStart = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < namespaces.length) {
      const namespace = namespaces[next++];
      await core.createNamespacedSecret({ namespace, body: { metadata: { name: 'baseline-secret' }, type: 'kubernetes.io/basic-auth', stringData: { username: 'u', password: 'p' } } });
    }
  }));
  const baseline = performance.now() - baselineStart;
  console.log(`time to READY, department credential → ${NAMESPACES} namespaces: ${ms(gateway)} (aim < 5000 ms)`);
  console.log(`  baseline, ${NAMESPACES} creates straight through client-node (32 parallel): ${ms(baseline)}; ratio ${(gateway / baseline).toFixed(2)}×`);
}

async function driftRepair(app: App): Promise<void> {
  const { orgTree, credentials } = app.services;
  const project = orgTree.projects().find((p) => p.name === 'vision')!;
  const credential = credentials.create(BUILTIN_ADMIN, 'PASSWORD', { name: 'drift', scope: { type: 'PROJECT', id: project.id }, username: 'u', password: 'p' });
  await untilPhase(app, credential.id, 'READY');
  const kc = new KubeConfig();
  kc.loadFromString(app.emulator!.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const name = credential.kubernetesName;

  // Baseline: how long a bare watch takes to see a delete (the floor of any repair).
  const watchSeen: number[] = [];
  let pendingDelete = 0;
  const watch = await new Watch(kc).watch(`/api/v1/namespaces/${project.namespace}/secrets`, { fieldSelector: `metadata.name=baseline-watch` }, (type) => {
    if (type === 'DELETED' && pendingDelete) watchSeen.push(performance.now() - pendingDelete);
  }, () => {});
  for (let i = 0; i < 50; i++) {
    await core.createNamespacedSecret({ namespace: project.namespace, body: { metadata: { name: 'baseline-watch' }, stringData: { a: 'b' } } });
    pendingDelete = performance.now();
    await core.deleteNamespacedSecret({ name: 'baseline-watch', namespace: project.namespace });
    while (watchSeen.length <= i) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  watch.abort();

  const repairs: number[] = [];
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    await core.deleteNamespacedSecret({ name, namespace: project.namespace });
    for (;;) {
      try {
        await core.readNamespacedSecret({ name, namespace: project.namespace });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    repairs.push(performance.now() - started);
    await untilPhase(app, credential.id, 'READY');
  }
  console.log(`drift repair after a delete (100 deletes through the API, as kubectl sends them): p50 ${ms(percentile(repairs, 50))}, p99 ${ms(percentile(repairs, 99))} (aim p99 < 2000 ms)`);
  console.log(`  baseline, delete seen by a bare watch: p50 ${ms(percentile(watchSeen, 50))}, p99 ${ms(percentile(watchSeen, 99))}; p99 ratio ${(percentile(repairs, 99) / percentile(watchSeen, 99)).toFixed(1)}×`);
}

async function fanOut(app: App): Promise<void> {
  const { orgTree, credentials } = app.services;
  const project = orgTree.projects().find((p) => p.name === 'language')!;
  global.gc?.();
  const before = process.memoryUsage();
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'sse-subscribers.ts'), app.url, String(SUBSCRIBERS),
    'subscription { credentialStatusChanged { phase at credential { id name } } }'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CREDGATE_BENCH_TOKEN: BENCH_TOKEN } });
  const lines = createInterface({ input: child.stdout! });
  const latencies: number[] = [];
  let connected: () => void;
  const allConnected = new Promise<void>((resolve) => (connected = resolve));
  lines.on('line', (line) => {
    const message = JSON.parse(line);
    if (message.connected) connected();
    if (message.latencyMs !== undefined) latencies.push(message.latencyMs);
  });
  await allConnected;
  await new Promise((resolve) => setTimeout(resolve, 500));
  global.gc?.();
  const after = process.memoryUsage();
  const perSubscriber = (after.heapUsed - before.heapUsed) / SUBSCRIBERS;
  const perSubscriberRss = (after.rss - before.rss) / SUBSCRIBERS;

  // Each credential makes two transitions (CREATING, READY): 20 credentials → 40 events × 1,000 subscribers.
  for (let i = 0; i < 20; i++) {
    const credential = credentials.create(BUILTIN_ADMIN, 'PASSWORD', { name: `fan-out ${i}`, scope: { type: 'PROJECT', id: project.id }, username: 'u', password: 'p' });
    await untilPhase(app, credential.id, 'READY');
  }
  const deadline = Date.now() + 30_000;
  while (latencies.length < 40 * SUBSCRIBERS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  child.kill();

  // Baseline: the same number of plain SSE writes of a similar payload from a bare node:http server.
  const http = await import('node:http');
  const clients: import('node:http').ServerResponse[] = [];
  const server = http.createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    clients.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  const baselineChild = spawn(process.execPath, ['-e', `
    const http = require('node:http'); const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    let n = 0;
    for (let i = 0; i < ${SUBSCRIBERS}; i++) http.get({ host: '127.0.0.1', port: ${port}, agent }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { buffer += c; let e; while ((e = buffer.indexOf('\\n\\n')) >= 0) { const m = buffer.slice(0, e); buffer = buffer.slice(e + 2);
        const at = JSON.parse(m.slice(6)).at; process.stdout.write(JSON.stringify({ latencyMs: Date.now() - at }) + '\\n'); } });
    });`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baselineLatencies: number[] = [];
  createInterface({ input: baselineChild.stdout! }).on('line', (line) => baselineLatencies.push(JSON.parse(line).latencyMs));
  while (clients.length < SUBSCRIBERS) await new Promise((resolve) => setTimeout(resolve, 20));
  for (let i = 0; i < 40; i++) {
    const payload = `data: ${JSON.stringify({ at: Date.now(), data: { credentialStatusChanged: { phase: 'READY', credential: { id: 'x'.repeat(60), name: 'fan-out' } } } })}\n\n`;
    for (const client of clients) client.write(payload);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const baselineDeadline = Date.now() + 10_000;
  while (baselineLatencies.length < 40 * SUBSCRIBERS && Date.now() < baselineDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
  baselineChild.kill();
  server.closeAllConnections();
  server.close();

  console.log(`status fan-out to ${SUBSCRIBERS} SSE subscribers: ${latencies.length} deliveries, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))} from the status write (aim p99 < 250 ms)`);
  console.log(`  memory per subscriber in the gateway: ${(perSubscriber / 1024).toFixed(1)} KiB heap, ${(perSubscriberRss / 1024).toFixed(1)} KiB RSS`);
  console.log(`  baseline, bare node:http SSE broadcast of ${baselineLatencies.length} messages: p50 ${ms(percentile(baselineLatencies, 50))}, p99 ${ms(percentile(baselineLatencies, 99))}; p99 ratio ${(percentile(latencies, 99) / Math.max(1, percentile(baselineLatencies, 99))).toFixed(1)}×`);
}

const { app, dataDir } = await startApp();
try {
  await readyFor500Namespaces(app);
  await driftRepair(app);
  await fanOut(app);
} finally {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log('rerun: npm run bench -- propagation');
