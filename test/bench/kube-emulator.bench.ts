// Kube emulator throughput: secret creates per second through @kubernetes/client-node and list
// latency with 10,000 secrets in 1,000 namespaces, each against a bare node:http server that
// answers the same bytes, measured in the same run. The emulator runs in this process, as in the
// gateway's own benchmarks. Rerun: npm run bench -- kube-emulator
import { Agent, createServer, request, type Server } from 'node:http';
import { CoreV1Api, KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { startKubeEmulator, emulatorKubeconfig } from '../../src/kube-emulator/index.js';

const CREATES = 2000;
const CONCURRENCY = 32;
const NAMESPACES = 1000;
const PER_NAMESPACE = 10;
const LIST_RUNS = { all: 30, namespace: 300, selected: 60 };

async function pool(total: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return performance.now() - started;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeRequests(url: string, token: string, runs: number): Promise<{ p50: number; p99: number; bytes: number }> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.arrayBuffer();
    samples.push(performance.now() - started);
    bytes = body.byteLength;
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), bytes };
}

/** A bare node:http server answering every request with `body`: the floor any server can reach. */
async function fixedServer(status: number, body: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const text = body();
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

function client(kubeconfig: string): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  return kc.makeApiClient(CoreV1Api);
}

const secretBody = (name: string, i: number): V1Secret => ({
  metadata: { name, labels: { 'app.kubernetes.io/managed-by': i % 10 === 0 ? 'credgate' : 'other', index: String(i) } },
  stringData: { username: `user-${i}`, password: 'x'.repeat(32) },
});

const fmt = (n: number): string => n.toFixed(n < 10 ? 2 : 0);

const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });

/** A POST over a kept-alive node:http connection: the cheapest client, to load the emulator itself. */
function post(url: string, token: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(url, { method: 'POST', agent: keepAlive, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(text);
  });
}

const emu = await startKubeEmulator({ historyLimit: 10_000 });
try {
  // ---- creates through client-node
  const httpsCore = client(emu.kubectlKubeconfig);
  const httpCore = client(emu.kubeconfig);
  await httpsCore.createNamespace({ body: { metadata: { name: 'bench' } } });
  // Warm-up, so that neither side pays for compiling its code inside the measurement.
  await pool(300, CONCURRENCY, (i) => httpCore.createNamespacedSecret({ namespace: 'bench', body: secretBody(`warm-${i}`, i) }));
  await pool(300, CONCURRENCY, (i) => httpsCore.createNamespacedSecret({ namespace: 'bench', body: secretBody(`warm-tls-${i}`, i) }));
  const createSample = await fetch(`${emu.url}/api/v1/namespaces/bench/secrets/warm-0`, { headers: { authorization: `Bearer ${emu.token}` } }).then((r) => r.text());
  const baseline = await fixedServer(201, () => createSample);
  const baselineCore = client(emulatorKubeconfig(baseline.url, 'token'));
  await pool(300, CONCURRENCY, (i) => baselineCore.createNamespacedSecret({ namespace: 'bench', body: secretBody(`warm-${i}`, i) }));
  const baselineMs = await pool(CREATES, CONCURRENCY, (i) => baselineCore.createNamespacedSecret({ namespace: 'bench', body: secretBody(`b-${i}`, i) }));
  baseline.server.close();
  const httpMs = await pool(CREATES, CONCURRENCY, (i) => httpCore.createNamespacedSecret({ namespace: 'bench', body: secretBody(`http-${i}`, i) }));
  const httpsMs = await pool(CREATES, CONCURRENCY, (i) => httpsCore.createNamespacedSecret({ namespace: 'bench', body: secretBody(`https-${i}`, i) }));
  const rate = (ms: number): number => (CREATES / ms) * 1000;
  console.log(`secret creates through client-node, ${CREATES} with concurrency ${CONCURRENCY}:`);
  console.log(`  emulator over http      ${fmt(rate(httpMs))}/s  (${fmt(rate(httpMs) / rate(baselineMs))}x the bare-server baseline)`);
  console.log(`  emulator over https     ${fmt(rate(httpsMs))}/s  (kubectlKubeconfig, a TLS handshake per client-node request; ${fmt(rate(httpsMs) / rate(baselineMs))}x baseline)`);
  console.log(`  bare node:http baseline ${fmt(rate(baselineMs))}/s  (fixed ${createSample.length}-byte answer)`);

  // ---- 10,000 secrets in 1,000 namespaces
  const fillStarted = performance.now();
  await pool(NAMESPACES, 64, (n) => post(`${emu.url}/api/v1/namespaces`, emu.token, { metadata: { name: `ns-${n}` } }));
  await pool(NAMESPACES * PER_NAMESPACE, 64, async (i) => {
    const status = await post(`${emu.url}/api/v1/namespaces/ns-${i % NAMESPACES}/secrets`, emu.token, secretBody(`s-${Math.floor(i / NAMESPACES)}`, i));
    if (status !== 201) throw new Error(`fill: ${status}`);
  });
  const fillMs = performance.now() - fillStarted;
  console.log(`\nfilled ${NAMESPACES * PER_NAMESPACE} secrets in ${NAMESPACES} namespaces over kept-alive node:http connections (64 in parallel) in ${fmt(fillMs / 1000)} s (${fmt(((NAMESPACES * PER_NAMESPACE + NAMESPACES) / fillMs) * 1000)} writes/s)`);

  const cases: Array<[string, string, number]> = [
    ['all namespaces (~15k secrets)', '/api/v1/secrets', LIST_RUNS.all],
    ['one namespace (10 secrets)', '/api/v1/namespaces/ns-500/secrets', LIST_RUNS.namespace],
    ['label-selected, all namespaces', '/api/v1/secrets?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcredgate', LIST_RUNS.selected],
  ];
  console.log('\nlist latency (keep-alive fetch, sequential), emulator vs a bare node:http server answering the same bytes:');
  for (const [label, path, runs] of cases) {
    await timeRequests(emu.url + path, emu.token, 3);
    const measured = await timeRequests(emu.url + path, emu.token, runs);
    const body = await fetch(emu.url + path, { headers: { authorization: `Bearer ${emu.token}` } }).then((r) => r.text());
    const bare = await fixedServer(200, () => body);
    await timeRequests(bare.url, 'token', 3);
    const floor = await timeRequests(bare.url, 'token', runs);
    bare.server.close();
    console.log(
      `  ${label.padEnd(32)} p50 ${fmt(measured.p50)} ms  p99 ${fmt(measured.p99)} ms  (${(measured.bytes / 1024).toFixed(0)} KiB)  baseline p50 ${fmt(floor.p50)} ms p99 ${fmt(floor.p99)} ms  ratio p50 ${fmt(measured.p50 / floor.p50)}x`,
    );
  }
  console.log('\nrerun: npm run bench -- kube-emulator');
} finally {
  keepAlive.destroy();
  await emu.stop();
}
