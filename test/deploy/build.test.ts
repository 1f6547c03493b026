import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from '../support/gateway.js';
import { runToEnd, startGatewayProcess, type Run } from './process.js';

const root = resolve(import.meta.dirname, '../..');
// The build goes to a directory of its own (beside dist/, as the compiled code expects), so that this
// test never races a developer's or another test run's `npm run build`.
const outName = `dist-test-${process.pid}`;
const outDir = join(root, outName);
const scratch = mkdtempSync(join(tmpdir(), 'credgate-build-'));
let build: Run;

beforeAll(async () => {
  // --no-check: the same JavaScript without type-checking (npm run typecheck's job), so the test
  // neither waits for a whole type-check nor fails on type errors of work in progress elsewhere.
  build = await runToEnd('npm', ['run', '-s', 'build', '--', '--out-dir', outName, '--skip-web', '--no-check'], {}, root);
}, 120_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

// The build (about 7 s of CPU without the type-check) runs in beforeAll; the process starts take a
// few seconds each. On a machine shared with other work everything takes several times that.
describe('npm run build and node dist/main.js', { timeout: 60_000 }, () => {
  it('compiles src/ to JavaScript with the migrations beside the compiled db code', () => {
    expect(build.code, build.output).toBe(0);
    expect(existsSync(join(outDir, 'main.js'))).toBe(true);
    expect(existsSync(join(outDir, 'migrate.js'))).toBe(true);
    const journal = JSON.parse(readFileSync(join(outDir, 'db/migrations/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    for (const { tag } of journal.entries) expect(existsSync(join(outDir, 'db/migrations', `${tag}.sql`)), tag).toBe(true);
  });

  it('migrates with node dist/migrate.js, then serves /healthz, /readyz and GraphQL under plain node with one graphql and no TypeScript tooling loaded', async () => {
    expect(build.code, build.output).toBe(0);
    const dataDir = join(scratch, 'data');
    const env = { CREDGATE_DATA_DIR: dataDir, CREDGATE_ADMIN_TOKEN: TEST_ADMIN_TOKEN, NODE_ENV: 'production' };
    const migrated = await runToEnd(process.execPath, [join(outDir, 'migrate.js')], env, scratch);
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toContain('migrated to');

    const resolutions = join(scratch, 'resolved.txt');
    // Started from a directory outside the repository: nothing may depend on the working directory.
    const gateway = await startGatewayProcess(
      process.execPath,
      ['--import', join(root, 'test/deploy/record-resolutions.mjs'), join(outDir, 'main.js'), '--no-migrate'],
      { ...env, CREDGATE_TEST_RESOLUTIONS: resolutions, NODE_OPTIONS: '' },
      scratch,
    );
    try {
      expect(gateway.url, gateway.output()).toBeDefined();
      const health = await fetch(`${gateway.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      await expect.poll(async () => (await fetch(`${gateway.url}/readyz`)).status, { timeout: 20_000 }).toBe(200);

      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: '{ clusters { name departments { name } } }' }),
      });
      const body = await response.json();
      expect(body.errors, JSON.stringify(body)).toBeUndefined();
      expect(body.data.clusters.map((c: { name: string }) => c.name)).toContain('local');
      // A validation error goes through graphql-js's own error classes: with two copies of graphql
      // loaded this is where "from another module or realm" would surface.
      const invalid = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: '{ noSuchField }' }),
      });
      expect((await invalid.json()).errors[0].message).toMatch(/^Cannot query field .* on type "Query"/);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }

    const urls = readFileSync(resolutions, 'utf8').split('\n').filter(Boolean);
    const graphql = [...new Set(urls.filter((url) => /\/node_modules\/graphql\//.test(url)))];
    expect(graphql.length).toBeGreaterThan(0);
    // graphql ships index.js (CommonJS, what every library loads under node) and index.mjs: only the former.
    expect(graphql.filter((url) => url.endsWith('.mjs'))).toEqual([]);
    expect(urls.filter((url) => /\/node_modules\/(tsx|typescript|esbuild|@esbuild)\//.test(url) || /\.tsx?$/.test(url))).toEqual([]);
    // The project's own modules come from the build, none from src/.
    expect(urls.filter((url) => url.startsWith(`file://${root}/src/`))).toEqual([]);
    expect(urls.some((url) => url.startsWith(`file://${outDir}/`))).toBe(true);
    // Nothing it loads is a dev-only package: the image's `npm prune --omit=dev` would remove it.
    const lock = (JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }).packages;
    const packages = new Set(
      urls
        .filter((url) => url.startsWith(`file://${root}/node_modules/`))
        .map((url) => /^(?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+/.exec(fileURLToPath(url).slice(root.length + 1))![0].slice(0, -1)),
    );
    expect(packages.size).toBeGreaterThan(10);
    expect([...packages].filter((key) => !lock[key] || lock[key].dev)).toEqual([]);
  });
});
