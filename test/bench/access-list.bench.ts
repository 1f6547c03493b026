// The credentials list page for a user with three access rules (VIEWER at project vision, EDITOR
// at project language, RESEARCH_MANAGER at department research: five of the demo's seven scopes
// visible), against a hand-written baseline that runs the same SQL with the same visibility
// condition through better-sqlite3 over plain node:http. Aim: the gateway at ≥ 0.5× the baseline.
// Servers run in a child process; this process drives the load. Rerun: npm run bench -- access-list
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { runBenchRole, stopBenchServer } from './two-process.js';

interface LoadOptions { url: string; connections: number; duration?: number; method?: string; headers?: Record<string, string>; body?: string }
interface LoadResult { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number }
const autocannon = createRequire(import.meta.url)('autocannon') as (options: LoadOptions) => Promise<LoadResult>;

const CREDENTIALS = 20_000;
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const here = fileURLToPath(import.meta.url);
const ADMIN_TOKEN = 'cgt_bench-admin-0123456789abcdefghijklmnopqrstuvwxyz';
const WHERE = { name: { contains: 'a' }, type: ['PASSWORD', 'ACCESS_KEY', 'GENERIC_SECRET'] };
const ORDER = [{ column: 'TYPE', direction: 'ASC' }, { column: 'NAME', direction: 'DESC' }];

type Ready = { gateway: string; baseline: string; token: string };

async function serve(): Promise<void> {
  const [{ buildApp }, { configFromEnv }, { createLogger }, { seedDemoOrganisation }, { demoScopes, seedCredentials }] = await Promise.all([
    import('../../src/http/app.js'),
    import('../../src/config.js'),
    import('../../src/log.js'),
    import('../../src/services/demo.js'),
    import('../table/seed.js'),
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), 'credgate-bench-access-'));
  const app = buildApp({
    config: { ...configFromEnv({}), port: 0, dataDir, logLevel: 'error', development: false, embeddedKube: false, adminToken: ADMIN_TOKEN },
    log: createLogger('error'),
  });
  seedDemoOrganisation(app.services.orgTree);
  const s = demoScopes(app);
  const scopes = [s.account, s.cluster, s.research, s.engineering, s.vision, s.language, s.platform];
  const types = ['DOCKER_REGISTRY', 'ACCESS_KEY', 'PASSWORD', 'GENERIC_SECRET'] as const;
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
  seedCredentials(app, Array.from({ length: CREDENTIALS }, (_, i) => ({
    name: `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${i}`,
    description: `credential ${i}`,
    type: types[i % 4],
    scope: scopes[i % 7],
    phase: 'READY' as const,
    createdBy: 'bench',
    environments: [`env-${i % 500}`],
    dataSources: i % 2 === 0 ? [`source-${i}`] : [],
  })));
  const { BUILTIN_ADMIN } = await import('../../src/services/context.js');
  const access = app.services.access;
  const user = access.createUser(BUILTIN_ADMIN, { name: 'three-rules' });
  access.createAccessRule(BUILTIN_ADMIN, { userId: user.id, role: 'VIEWER', scope: { type: 'PROJECT', id: s.vision.id } });
  access.createAccessRule(BUILTIN_ADMIN, { userId: user.id, role: 'EDITOR', scope: { type: 'PROJECT', id: s.language.id } });
  access.createAccessRule(BUILTIN_ADMIN, { userId: user.id, role: 'RESEARCH_MANAGER', scope: { type: 'DEPARTMENT', id: s.research.id } });
  const { secret } = access.createAccessToken(BUILTIN_ADMIN, { userId: user.id, name: 'bench' });
  const gateway = await app.start();
  const baseline = await startBaseline(join(dataDir, 'credgate.db'), { cluster: s.cluster.id, research: s.research.id, projects: [s.vision.id, s.language.id] });
  process.on('message', (message: string) => {
    if (message === 'stop') {
      baseline.close();
      app.stop().finally(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  process.send!({ gateway, baseline: `http://127.0.0.1:${(baseline.address() as AddressInfo).port}`, token: secret } satisfies Ready);
}

/** The same page by hand: the filter, the user's visible scopes (account, cluster, research and two projects), every join. */
async function startBaseline(file: string, visible: { cluster: string; research: string; projects: string[] }): Promise<Server> {
  const db = new Database(file, { readonly: true });
  const joins = `from credentials c
    left join accounts a on c.scope_type = 'ACCOUNT' and a.id = c.scope_id
    left join clusters sc on c.scope_type = 'CLUSTER' and sc.id = c.scope_id
    left join departments d on c.scope_type = 'DEPARTMENT' and d.id = c.scope_id
    left join projects p on c.scope_type = 'PROJECT' and p.id = c.scope_id
    left join clusters oc on oc.id = c.cluster_id`;
  const scopeName = `case c.scope_type when 'ACCOUNT' then a.name when 'CLUSTER' then sc.name when 'DEPARTMENT' then d.name else p.name end`;
  const filter = `c.name like ? escape '\\' and c.type in (?, ?, ?) and (c.scope_type = 'ACCOUNT' or (c.scope_type = 'CLUSTER' and c.scope_id = ?)
    or (c.scope_type = 'DEPARTMENT' and c.scope_id = ?) or (c.scope_type = 'PROJECT' and c.scope_id in (?, ?)))`;
  const params = ['%a%', 'PASSWORD', 'ACCESS_KEY', 'GENERIC_SECRET', visible.cluster, visible.research, ...visible.projects];
  const page = db.prepare(`select c.id, c.name, c.description, c.type, c.scope_type, c.scope_id, c.kubernetes_name, c.phase, c.created_by, c.created_at,
      ${scopeName} as scope_name, oc.id as cluster_id, oc.name as cluster_name, d.name as department_name, p.name as project_name, pd.name as project_department_name
    ${joins} left join departments pd on pd.id = p.department_id where ${filter} order by c.type asc, lower(c.name) desc, c.id asc limit 51`);
  const count = db.prepare(`select count(*) as n from credentials c where ${filter}`);
  const account = db.prepare('select name from accounts').get() as { name: string };
  const server = createServer((_req, res) => {
    const rows = page.all(...params) as Record<string, string>[];
    const ids = rows.slice(0, 50).map((r) => r.id);
    const marks = ids.map(() => '?').join(',');
    const environments = db.prepare(`select x.credential_id, e.id, e.name from (select credential_id, environment_id from environment_variables where credential_id in (${marks})
      union select image_pull_credential_id, id from environments where image_pull_credential_id in (${marks})) x join environments e on e.id = x.environment_id order by e.name`).all(...ids, ...ids) as Record<string, string>[];
    const sources = db.prepare(`select credential_id, id, name from data_sources where credential_id in (${marks}) order by name`).all(...ids) as Record<string, string>[];
    const edges = rows.slice(0, 50).map((r) => {
      const path = [{ type: 'ACCOUNT', name: account.name }];
      if (r.cluster_name) path.push({ type: 'CLUSTER', name: r.cluster_name });
      if (r.department_name) path.push({ type: 'DEPARTMENT', name: r.department_name });
      if (r.project_department_name) path.push({ type: 'DEPARTMENT', name: r.project_department_name }, { type: 'PROJECT', name: r.project_name });
      return {
        cursor: Buffer.from(JSON.stringify([r.type, r.name, r.id])).toString('base64url'),
        node: {
          id: r.id, name: r.name, description: r.description, type: r.type, kubernetesName: r.kubernetes_name, createdBy: r.created_by, createdAt: r.created_at,
          status: { phase: r.phase }, scope: { type: r.scope_type, id: r.scope_id, name: r.scope_name, path },
          cluster: r.cluster_id ? { id: r.cluster_id, name: r.cluster_name } : null,
          environments: environments.filter((e) => e.credential_id === r.id).map((e) => ({ id: e.id, name: e.name })),
          dataSources: sources.filter((d) => d.credential_id === r.id).map((d) => ({ id: d.id, name: d.name })),
        },
      };
    });
    const total = (count.get(...params) as { n: number }).n;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { credentials: { totalCount: total, pageInfo: { hasNextPage: rows.length > 50 }, edges } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function load(name: string, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({ duration: DURATION, ...options });
  const bad = result.non2xx + result.errors + result.timeouts;
  console.log(`  ${name.padEnd(44)} ${result.requests.average.toFixed(1).padStart(8)} req/s   p50 ${String(result.latency.p50).padStart(5)} ms   p99 ${String(result.latency.p99).padStart(5)} ms${bad ? `   FAILED ${bad}` : ''}`);
  if (bad > 0) throw new Error(`${name}: ${bad} failed requests`);
  return result;
}

async function main(): Promise<void> {
  console.log(`seeding ${CREDENTIALS} credentials over the demo's seven scopes…`);
  const child: ChildProcess = fork(here, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, CREDGATE_BENCH_ROLE: 'server' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
    child.once('message', (message: Ready) => resolve(message));
  });
  try {
    const query = `query($where: CredentialWhere, $orderBy: [CredentialOrder!]) {
      credentials(first: 50, where: $where, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id name description type kubernetesName createdBy createdAt status { phase }
          scope { type id name path { type name } } cluster { id name } environments { id name } dataSources { id name } } }
      }
    }`;
    const body = JSON.stringify({ query, variables: { where: WHERE, orderBy: ORDER } });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${ready.token}` };
    const check = (await (await fetch(`${ready.gateway}/graphql`, { method: 'POST', headers, body })).json()) as any;
    const base = (await (await fetch(ready.baseline)).json()) as any;
    if (check.errors || check.data.credentials.totalCount !== base.data.credentials.totalCount) {
      throw new Error(`the gateway and the baseline disagree: ${JSON.stringify(check).slice(0, 300)} / ${base.data.credentials.totalCount}`);
    }
    console.log(`\na page of 50 of ${check.data.credentials.totalCount} visible and matching (of ${CREDENTIALS}), user with 3 rules, 10 connections, ${DURATION}s each`);
    const baseline = await load('baseline: better-sqlite3 + node:http', { url: ready.baseline, connections: 10 });
    const gateway = await load('gateway: GraphQL, bearer token, 3 rules', { url: `${ready.gateway}/graphql`, method: 'POST', connections: 10, headers, body });
    const ratio = gateway.requests.average / baseline.requests.average;
    console.log(`\n  page throughput for a user with 3 rules: gateway ${gateway.requests.average.toFixed(1)} / baseline ${baseline.requests.average.toFixed(1)} req/s = ${ratio.toFixed(2)}× (aim ≥ 0.50×) ${ratio >= 0.5 ? 'OK' : 'BELOW AIM'}`);
  } finally {
    await stopBenchServer(child);
  }
}

runBenchRole(serve, main);
