// The credentials list page (a page of 50 with a filter, a two-column sort and every join, the
// SDK's shape) against two gateways in one child process over identical data: one with the
// query-cost limits on (the defaults), one with CREDGATE_COST_LIMITS=off. Runs alternate
// (on, off, on, off) so that drift on a shared machine falls on both; prints the ratio.
// Rerun: npm run bench -- cost-limits
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { runBenchRole, stopBenchServer } from './two-process.js';

interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<LoadResult>;

const CREDENTIALS = Number(process.env.BENCH_CREDENTIALS ?? 20_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = 2;
const TOKEN = 'cgt_bench-admin-0123456789abcdefghijklmnopqrstuvwxyzABCDEF';
const here = fileURLToPath(import.meta.url);

async function serve(): Promise<void> {
  const [{ buildApp }, { configFromEnv }, { createLogger }, { seedDemoOrganisation }, { demoScopes, seedCredentials }] = await Promise.all([
    import('../../src/http/app.js'),
    import('../../src/config.js'),
    import('../../src/log.js'),
    import('../../src/services/demo.js'),
    import('../table/seed.js'),
  ]);
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
  const types = ['DOCKER_REGISTRY', 'ACCESS_KEY', 'PASSWORD', 'GENERIC_SECRET'] as const;
  const dirs: string[] = [];
  const start = async (limits: 'on' | 'off') => {
    const dataDir = mkdtempSync(join(tmpdir(), `credgate-bench-limits-${limits}-`));
    dirs.push(dataDir);
    const config = configFromEnv({ CREDGATE_COST_LIMITS: limits });
    const app = buildApp({
      config: { ...config, port: 0, dataDir, logLevel: 'error', development: false, embeddedKube: false, adminToken: TOKEN },
      log: createLogger('error'),
    });
    seedDemoOrganisation(app.services.orgTree);
    const s = demoScopes(app);
    const scopes = [s.account, s.cluster, s.research, s.engineering, s.vision, s.language, s.platform];
    seedCredentials(
      app,
      Array.from({ length: CREDENTIALS }, (_, i) => ({
        name: `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${i}`,
        description: i % 4 === 0 ? null : `credential number ${i}`,
        type: types[i % 4],
        scope: scopes[i % 7],
        phase: 'READY' as const,
        createdBy: ['alice', 'bob'][i % 2],
        environments: [`env-${i % 500}`],
        dataSources: i % 2 === 0 ? [`source-${i}`] : [],
      })),
    );
    return { app, url: await app.start() };
  };
  const on = await start('on');
  const off = await start('off');
  process.on('message', (message: string) => {
    if (message !== 'stop') return;
    Promise.all([on.app.stop(), off.app.stop()]).finally(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  process.send!({ on: on.url, off: off.url });
}

async function main(): Promise<void> {
  console.log(`seeding ${CREDENTIALS} credentials twice (limits on, limits off)…`);
  const child: ChildProcess = fork(here, [], { execArgv: ['--import', 'tsx', '--expose-gc'], env: { ...process.env, CREDGATE_BENCH_ROLE: 'server' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const urls = await new Promise<{ on: string; off: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
    child.once('message', (message: { on: string; off: string }) => resolve(message));
  });
  try {
    // What the SDK's Credentials operation sends: variables for the page size, filter and order.
    const query = `query($where: CredentialWhere, $orderBy: [CredentialOrder!], $first: Int) {
      credentials(first: $first, where: $where, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { __typename id name description type kubernetesName origin existingSecretName keys createdBy createdAt updatedBy updatedAt
          scope { type id name path { type id name } } cluster { id name } environments { id name } dataSources { id name }
          status { phase displayText reason message updatedAt } } }
      }
    }`;
    const body = JSON.stringify({
      query,
      variables: { first: 50, where: { name: { contains: 'a' }, type: ['PASSWORD', 'ACCESS_KEY', 'GENERIC_SECRET'] }, orderBy: [{ column: 'TYPE', direction: 'ASC' }, { column: 'NAME', direction: 'DESC' }] },
    });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
    for (const [name, url] of Object.entries(urls)) {
      const check = (await (await fetch(`${url}/graphql`, { method: 'POST', headers, body })).json()) as { errors?: unknown; data?: { credentials: { edges: unknown[] } } };
      if (check.errors || check.data?.credentials.edges.length !== 50) throw new Error(`limits ${name}: ${JSON.stringify(check).slice(0, 400)}`);
    }
    console.log(`\na page of 50 (the SDK's Credentials shape), 10 connections, ${DURATION}s per run, ${ROUNDS} runs each after a warm-up, alternating which goes first`);
    // Both servers warm up (JIT, SQLite page cache) before anything counts, and the order flips each
    // round, so neither side pays for going first.
    for (const name of ['on', 'off'] as const) await autocannon({ url: `${urls[name]}/graphql`, method: 'POST', headers, body, connections: 10, duration: 2 });
    const totals = { on: 0, off: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        const result = await autocannon({ url: `${urls[name]}/graphql`, method: 'POST', headers, body, connections: 10, duration: DURATION });
        const bad = result.non2xx + result.errors + result.timeouts;
        console.log(`  limits ${name.padEnd(3)} ${result.requests.average.toFixed(1).padStart(8)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms${bad ? `   FAILED ${bad}` : ''}`);
        if (bad > 0) throw new Error(`limits ${name}: ${bad} failed requests`);
        totals[name] += result.requests.average;
      }
    }
    const ratio = totals.on / totals.off;
    console.log(`\nresults (same run): limits on ${(totals.on / ROUNDS).toFixed(1)} / off ${(totals.off / ROUNDS).toFixed(1)} req/s = ${ratio.toFixed(3)}× (aim ≥ 0.95×) ${ratio >= 0.95 ? 'OK' : 'BELOW AIM'}`);
  } finally {
    await stopBenchServer(child);
  }
}

runBenchRole(serve, main);
