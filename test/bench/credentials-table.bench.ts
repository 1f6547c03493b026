// The credentials table under load, against hand-written baselines in the same run:
//  (a) a GraphQL page of 50 with a filter, a two-column sort and every join, against the same
//      SQL run with better-sqlite3 and serialised as JSON over plain node:http;
//  (b) the full 20,000-row CSV export, against better-sqlite3 + csv-stringify written straight
//      to the response, with the gateway's peak memory.
// The servers run in a child process (so autocannon's own work never shares their CPU);
// this process drives the load and prints the ratios.
// Rerun: npm run bench -- credentials-table
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import { runBenchRole, stopBenchServer } from './two-process.js';

/** The little of autocannon's API used here (the package ships no types). */
interface LoadOptions {
  url: string;
  connections: number;
  duration?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p99: number;
}
interface LoadResult {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: LoadOptions) => Promise<LoadResult>;

const CREDENTIALS = 20_000;
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const here = fileURLToPath(import.meta.url);
/** The bootstrap administrator's token of the benchmark gateway (every request sends it). */
const ADMIN_TOKEN = 'cgt_bench-admin-0123456789abcdefghijklmnopqrstuvwxyz';
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

const WHERE = { name: { contains: 'a' }, type: ['PASSWORD', 'ACCESS_KEY', 'GENERIC_SECRET'] };
const ORDER = [{ column: 'TYPE', direction: 'ASC' }, { column: 'NAME', direction: 'DESC' }];

type ServerMessage = { ready: { gateway: string; baseline: string; statusField: boolean } } | { memory: { peakRssMb: number; peakHeapMb: number; baseRssMb: number; baseHeapMb: number } };

// ---------------------------------------------------------------- server side (child process)

async function serve(): Promise<void> {
  const [{ buildApp }, { configFromEnv }, { createLogger }, { seedDemoOrganisation }, { demoScopes, seedCredentials }, { schema }] = await Promise.all([
    import('../../src/http/app.js'),
    import('../../src/config.js'),
    import('../../src/log.js'),
    import('../../src/services/demo.js'),
    import('../table/seed.js'),
    import('../../src/graphql/schema.js'),
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), 'credgate-bench-'));
  const app = buildApp({
    config: { ...configFromEnv({}), port: 0, dataDir, logLevel: 'error', development: false, embeddedKube: false, adminToken: ADMIN_TOKEN },
    log: createLogger('error'),
  });
  seedDemoOrganisation(app.services.orgTree);
  const s = demoScopes(app);
  const scopes = [s.account, s.cluster, s.research, s.engineering, s.vision, s.language, s.platform];
  const types = ['DOCKER_REGISTRY', 'ACCESS_KEY', 'PASSWORD', 'GENERIC_SECRET'] as const;
  const phases = ['READY', 'READY', 'READY', 'ISSUES_FOUND', 'CREATING', 'UPDATING'] as const;
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
  seedCredentials(
    app,
    Array.from({ length: CREDENTIALS }, (_, i) => ({
      name: `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${i}`,
      description: i % 4 === 0 ? null : `credential number ${i} for ${words[(i * 3) % 10]}`,
      type: types[i % 4],
      scope: scopes[i % 7],
      phase: phases[i % 6],
      createdBy: ['alice', 'bob', 'carol', 'dave'][i % 4],
      // every credential is used by one or two of 500 environments and some by a data source
      environments: [`env-${i % 500}`, ...(i % 3 === 0 ? [`env-${(i * 7 + 1) % 500}`] : [])].filter((v, j, a) => a.indexOf(v) === j),
      dataSources: i % 2 === 0 ? [`source-${i}`] : [],
    })),
  );
  const gateway = await app.start();
  const statusField = 'status' in ((schema.getType('Credential') as unknown as { getFields(): Record<string, unknown> }).getFields());
  const baseline = await startBaseline(join(dataDir, 'credgate.db'));

  let sampler: NodeJS.Timeout | undefined;
  let peak = { rss: 0, heap: 0 };
  let base = { rss: 0, heap: 0 };
  process.on('message', (message: string) => {
    if (message === 'memory-start') {
      global.gc?.();
      const m = process.memoryUsage();
      base = { rss: m.rss, heap: m.heapUsed };
      peak = { ...base };
      sampler = setInterval(() => {
        const now = process.memoryUsage();
        peak.rss = Math.max(peak.rss, now.rss);
        peak.heap = Math.max(peak.heap, now.heapUsed);
      }, 5);
    } else if (message === 'memory-stop') {
      clearInterval(sampler);
      const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
      process.send!({ memory: { peakRssMb: mb(peak.rss), peakHeapMb: mb(peak.heap), baseRssMb: mb(base.rss), baseHeapMb: mb(base.heap) } } satisfies ServerMessage);
    } else if (message === 'stop') {
      clearInterval(sampler);
      baseline.close();
      app.stop().finally(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  process.send!({ ready: { gateway, baseline: `http://127.0.0.1:${(baseline.address() as AddressInfo).port}`, statusField } } satisfies ServerMessage);
}

/** What a careful developer would write by hand: the same SQL with better-sqlite3, JSON or CSV straight out. */
async function startBaseline(file: string): Promise<Server> {
  const db = new Database(file, { readonly: true });
  const joins = `from credentials c
    left join accounts a on c.scope_type = 'ACCOUNT' and a.id = c.scope_id
    left join clusters sc on c.scope_type = 'CLUSTER' and sc.id = c.scope_id
    left join departments d on c.scope_type = 'DEPARTMENT' and d.id = c.scope_id
    left join projects p on c.scope_type = 'PROJECT' and p.id = c.scope_id
    left join clusters oc on oc.id = c.cluster_id`;
  const scopeName = `case c.scope_type when 'ACCOUNT' then a.name when 'CLUSTER' then sc.name when 'DEPARTMENT' then d.name else p.name end`;
  const filter = `c.name like ? escape '\\' and c.type in (?, ?, ?)`;
  const pageStatement = db.prepare(`select c.id, c.name, c.description, c.type, c.scope_type, c.scope_id, c.kubernetes_name, c.phase,
      c.created_by, c.created_at, ${scopeName} as scope_name, oc.id as cluster_id, oc.name as cluster_name,
      d.id as department_id, d.name as department_name, p.id as project_id, p.name as project_name, pd.name as project_department_name, pd.id as project_department_id
    ${joins} left join departments pd on pd.id = p.department_id
    where ${filter} order by c.type asc, lower(c.name) desc, c.id asc limit 51`);
  const countStatement = db.prepare(`select count(*) as n from credentials c where ${filter}`);
  const account = db.prepare('select id, name from accounts').get() as { id: string; name: string };
  const environmentsOf = (ids: string[]) =>
    db.prepare(`select x.credential_id, e.id, e.name from (
        select image_pull_credential_id as credential_id, id as environment_id from environments where image_pull_credential_id in (${ids.map(() => '?').join(',')})
        union select credential_id, environment_id from environment_variables where credential_id in (${ids.map(() => '?').join(',')})
      ) x join environments e on e.id = x.environment_id order by e.name`).all(...ids, ...ids) as { credential_id: string; id: string; name: string }[];
  const dataSourcesOf = (ids: string[]) =>
    db.prepare(`select credential_id, id, name from data_sources where credential_id in (${ids.map(() => '?').join(',')}) order by name`).all(...ids) as {
      credential_id: string; id: string; name: string;
    }[];
  const labels: Record<string, string> = { DOCKER_REGISTRY: 'Docker registry', ACCESS_KEY: 'Access key', PASSWORD: 'Password', GENERIC_SECRET: 'Generic secret' };
  const statusText: Record<string, string> = { READY: 'No issues found', ISSUES_FOUND: 'Issues found', CREATING: 'Creating…', UPDATING: 'Updating…' };

  const server = createServer((req, res) => {
    if (req.url?.startsWith('/page')) {
      const params = ['%a%', 'PASSWORD', 'ACCESS_KEY', 'GENERIC_SECRET'];
      const rows = pageStatement.all(...params) as Record<string, string>[];
      const page = rows.slice(0, 50);
      const ids = page.map((r) => r.id);
      const environments = environmentsOf(ids);
      const sources = dataSourcesOf(ids);
      const total = (countStatement.get(...params) as { n: number }).n;
      const edges = page.map((r) => {
        const path = [{ type: 'ACCOUNT', name: account.name }];
        if (r.cluster_name) path.push({ type: 'CLUSTER', name: r.cluster_name });
        if (r.department_name) path.push({ type: 'DEPARTMENT', name: r.department_name });
        if (r.project_department_name) path.push({ type: 'DEPARTMENT', name: r.project_department_name }, { type: 'PROJECT', name: r.project_name });
        return {
          cursor: Buffer.from(JSON.stringify([r.type, r.name, r.id])).toString('base64url'),
          node: {
            id: r.id, name: r.name, description: r.description, type: r.type, kubernetesName: r.kubernetes_name,
            createdBy: r.created_by, createdAt: r.created_at,
            status: { phase: r.phase, displayText: statusText[r.phase] },
            scope: { type: r.scope_type, id: r.scope_id, name: r.scope_name, path },
            cluster: r.cluster_id ? { id: r.cluster_id, name: r.cluster_name } : null,
            environments: environments.filter((e) => e.credential_id === r.id).map((e) => ({ id: e.id, name: e.name })),
            dataSources: sources.filter((d) => d.credential_id === r.id).map((d) => ({ id: d.id, name: d.name })),
          },
        };
      });
      const body = JSON.stringify({ data: { credentials: { totalCount: total, pageInfo: { hasNextPage: rows.length > 50, endCursor: edges.at(-1)?.cursor ?? null }, edges } } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    if (req.url?.startsWith('/csv')) {
      const statement = db.prepare(`select c.name, coalesce(c.description, ''), c.type, c.phase, ${scopeName}, c.kubernetes_name,
          coalesce((select group_concat(e.name, ', ' order by lower(e.name)) from environments e where e.id in (
            select id from environments where image_pull_credential_id = c.id union select environment_id from environment_variables where credential_id = c.id)), ''),
          coalesce((select group_concat(s.name, ', ' order by lower(s.name)) from data_sources s where s.credential_id = c.id), ''),
          c.created_by, c.created_at, coalesce(oc.name, '')
        ${joins} order by lower(c.name) asc, c.id asc limit 20000`).raw(true);
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="credentials.csv"' });
      const csv = stringify({
        header: true,
        columns: ['Credential', 'Description', 'Type', 'Status', 'Scope', 'Kubernetes name', 'Environment(s)', 'Data source(s)', 'Created by', 'Creation time', 'Cluster'],
        record_delimiter: 'windows',
      });
      csv.pipe(res);
      for (const row of statement.iterate() as IterableIterator<string[]>) {
        row[2] = labels[row[2]] ?? row[2];
        row[3] = statusText[row[3]] ?? row[3];
        csv.write(row);
      }
      csv.end();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

// ---------------------------------------------------------------- load side (this process)

function startServers(): Promise<{ child: ChildProcess; gateway: string; baseline: string; statusField: boolean }> {
  const child = fork(here, [], { execArgv: ['--import', 'tsx', '--expose-gc'], env: { ...process.env, CREDGATE_BENCH_ROLE: 'server' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
    child.once('message', (message: ServerMessage) => {
      if ('ready' in message) resolve({ child, ...message.ready });
    });
  });
}

async function load(name: string, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({ duration: DURATION, ...options });
  const bad = result.non2xx + result.errors + result.timeouts;
  console.log(
    `  ${name.padEnd(34)} ${result.requests.average.toFixed(1).padStart(8)} req/s   p50 ${String(result.latency.p50).padStart(5)} ms   p99 ${String(result.latency.p99).padStart(5)} ms   ${(result.throughput.average / 1024 / 1024).toFixed(1)} MB/s${bad ? `   FAILED ${bad}` : ''}`,
  );
  if (bad > 0) throw new Error(`${name}: ${bad} failed requests`);
  return result;
}

async function main(): Promise<void> {
  console.log(`seeding ${CREDENTIALS} credentials with environments and data sources…`);
  const { child, gateway, baseline, statusField } = await startServers();
  const ask = (message: string) =>
    new Promise<Extract<ServerMessage, { memory: unknown }>['memory']>((resolve) => {
      child.once('message', (reply: ServerMessage) => 'memory' in reply && resolve(reply.memory));
      child.send(message);
    });
  try {
    const query = `query($where: CredentialWhere, $orderBy: [CredentialOrder!]) {
      credentials(first: 50, where: $where, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id name description type kubernetesName createdBy createdAt
          ${statusField ? 'status { phase displayText }' : ''}
          scope { type id name path { type name } } cluster { id name } environments { id name } dataSources { id name } } }
      }
    }`;
    const body = JSON.stringify({ query, variables: { where: WHERE, orderBy: ORDER } });
    const check = (await (await fetch(`${gateway}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...AUTH }, body })).json()) as any;
    if (check.errors || check.data.credentials.edges.length !== 50) throw new Error(`the gateway query failed: ${JSON.stringify(check).slice(0, 500)}`);
    console.log(`\n(a) a page of 50 of ${check.data.credentials.totalCount} matching, filter + two-column sort + every join${statusField ? ' (status included)' : ''}, 10 connections, ${DURATION}s each`);
    const pageBaseline = await load('baseline: better-sqlite3 + node:http', { url: `${baseline}/page`, connections: 10 });
    const pageGateway = await load('gateway: GraphQL', {
      url: `${gateway}/graphql`, method: 'POST', connections: 10, headers: { 'content-type': 'application/json', ...AUTH }, body,
    });
    const pageRatio = pageGateway.requests.average / pageBaseline.requests.average;

    console.log(`\n(b) the full ${CREDENTIALS}-row CSV export, 2 connections, ${DURATION}s each`);
    const csvBaseline = await load('baseline: better-sqlite3 + csv-stringify', { url: `${baseline}/csv`, connections: 2 });
    child.send('memory-start');
    const csvGateway = await load('gateway: /export/credentials.csv', { url: `${gateway}/export/credentials.csv`, connections: 2, headers: AUTH });
    const memory = await ask('memory-stop');
    const sample = await fetch(`${gateway}/export/credentials.csv`, { headers: AUTH });
    const lines = (await sample.text()).split('\r\n').length - 2;
    const csvRatio = csvBaseline.latency.mean / csvGateway.latency.mean;

    console.log('\nresults (same run)');
    console.log(`  (a) page throughput: gateway ${pageGateway.requests.average.toFixed(1)} / baseline ${pageBaseline.requests.average.toFixed(1)} req/s = ${pageRatio.toFixed(2)}× (aim ≥ 0.50×) ${pageRatio >= 0.5 ? 'OK' : 'BELOW AIM'}`);
    const slower = csvGateway.latency.mean / csvBaseline.latency.mean;
    console.log(`  (b) CSV export time: gateway ${csvGateway.latency.mean.toFixed(0)} ms / baseline ${csvBaseline.latency.mean.toFixed(0)} ms = ${slower.toFixed(2)}× (aim ≤ 1.5×) ${slower <= 1.5 ? 'OK' : 'ABOVE AIM'}; ${lines} rows, X-Total-Count ${sample.headers.get('x-total-count')}`);
    console.log(`      gateway process memory during the exports: RSS ${memory.baseRssMb} → peak ${memory.peakRssMb} MB, heap ${memory.baseHeapMb} → peak ${memory.peakHeapMb} MB`);
    void csvRatio;
    console.log('\nrerun: npm run bench -- credentials-table   (BENCH_SECONDS=20 for longer runs)');
  } finally {
    await stopBenchServer(child);
  }
}

runBenchRole(serve, main);
