// The Credentials page in Chromium against a gateway holding 20,000 credentials:
//  (a) time to the first rows on screen (page load with a token kept in the session, until the
//      table's first row is in the DOM) against the same `credentials` query from Node with the
//      SDK: target ≤ 1.5×;
//  (a') the same with the page open: a new search until its first row is on screen;
//  (b) a status transition (Creating… → No issues found of a credential created through the API)
//      reaching the screen, measured from its commit (`at` of the event in statusHistory) to the
//      moment a MutationObserver in the page sees the new text: target ≤ 250 ms.
// Medians of several rounds. Rerun: npm run bench -- credentials-page
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The SDK from its sources, as the page bundles it (its dist/ is a build product).
import { createClient } from '../../sdk/src/index.js';
import { buildApp } from '../../src/http/app.js';
import { configFromEnv } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { seedDemoOrganisation } from '../../src/services/demo.js';
import { demoScopes, seedCredentials } from '../table/seed.js';
import buildPage from '../web/build-page.js';
import { launchBrowser } from '../web/browser.js';

const CREDENTIALS = 20_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TOKEN = 'cgt_bench-admin-0123456789abcdefghijklmnopqrstuvwxyz';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(1)} ms`;

buildPage();
const dataDir = mkdtempSync(join(tmpdir(), 'credgate-bench-page-'));
const app = buildApp({
  config: { ...configFromEnv({}), port: 0, dataDir, logLevel: 'error', development: false, adminToken: TOKEN },
  log: createLogger('error'),
  kube: { reconciler: { probeIntervalMs: 200, retryBaseMs: 50, retryMaxMs: 1000 } },
});
seedDemoOrganisation(app.services.orgTree);
const s = demoScopes(app);
const scopes = [s.account, s.cluster, s.research, s.engineering, s.vision, s.language, s.platform];
const types = ['DOCKER_REGISTRY', 'ACCESS_KEY', 'PASSWORD', 'GENERIC_SECRET'] as const;
const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
seedCredentials(
  app,
  Array.from({ length: CREDENTIALS }, (_, i) => ({
    name: `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${i}`,
    description: i % 4 === 0 ? null : `credential number ${i}`,
    type: types[i % 4],
    scope: scopes[i % 7],
    phase: 'READY' as const,
    createdBy: ['alice', 'bob', 'carol', 'dave'][i % 4],
    environments: [`env-${i % 500}`],
    dataSources: i % 2 === 0 ? [`source-${i}`] : [],
  })),
);
const url = await app.start();
const sdk = createClient({ url, token: TOKEN, retry: false });
const browser = await launchBrowser();

try {
  // (a) First rows: the page (HTML, bundle, caller check and first page) against the query alone.
  const node: number[] = [];
  const page: number[] = [];
  const pageInPage: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const started = performance.now();
    const result = await sdk.credentials({ first: 50 });
    const nodeMs = performance.now() - started;
    if (result.edges.length !== 50) throw new Error('expected a page of 50');

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((token) => sessionStorage.setItem('credgate.token', token), TOKEN);
    // When the first row is in the DOM, in the page's own clock: Playwright's polling of the
    // locator below adds its own delay (hundreds of ms on a loaded machine), reported apart.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector('table.credentials tbody tr')) return;
        (window as unknown as { __firstRowAt: number }).__firstRowAt = performance.timeOrigin + performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, childList: true });
    });
    const tab = await context.newPage();
    const firstRow = tab.locator('table.credentials tbody tr').first();
    const openedEpoch = performance.timeOrigin + performance.now();
    const opened = performance.now();
    await tab.goto(`${url}/`, { waitUntil: 'commit' });
    await firstRow.waitFor({ state: 'attached', timeout: 60_000 });
    const pageMs = performance.now() - opened;
    const inPageMs = (await tab.evaluate(() => (window as unknown as { __firstRowAt: number }).__firstRowAt)) - openedEpoch;
    if (process.env.BENCH_DEBUG) {
      console.log(await tab.evaluate(() => performance.getEntriesByType('resource').map((e) => `${e.name} ${Math.round(e.startTime)}+${Math.round(e.duration)}`).join('\n')));
      const timing = await tab.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { origin: performance.timeOrigin, responseEnd: navigation.responseEnd, domInteractive: navigation.domInteractive, firstRow: (window as unknown as { __firstRowAt: number }).__firstRowAt - performance.timeOrigin };
      });
      console.log(`navigation started ${Math.round(timing.origin - openedEpoch)} ms after goto; HTML at ${Math.round(timing.responseEnd)}, DOM interactive ${Math.round(timing.domInteractive)}, first row ${Math.round(timing.firstRow)} ms; seen by Playwright at ${Math.round(pageMs)} ms after goto`);
    }
    await context.close();
    if (round > 0) {
      // the first round warms the gateway's statement cache and the browser's process pool
      node.push(nodeMs);
      page.push(pageMs);
      pageInPage.push(inPageMs);
    }
  }
  const ratio = median(page) / median(node);
  console.log(`first rows of ${CREDENTIALS.toLocaleString()}: page ${ms(median(page))} (median of ${ROUNDS}), the same query from Node ${ms(median(node))}: ${ratio.toFixed(2)}× (target ≤ 1.5×)`);
  console.log(`  the first row in the DOM by the page's clock (without Playwright's polling): ${ms(median(pageInPage))}: ${(median(pageInPage) / median(node)).toFixed(2)}×`);

  // (a') The same with the page already open: a new search, until its first row is on screen,
  // against that query from Node. This is the page's own cost over the API, without the bundle's start.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((token) => sessionStorage.setItem('credgate.token', token), TOKEN);
    const tab = await context.newPage();
    await tab.goto(`${url}/`);
    await tab.locator('table.credentials tbody tr').first().waitFor({ timeout: 60_000 });
    const inPage: number[] = [];
    const fromNode: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const search = `${words[round % 10]} ${words[(round + 3) % 10]}`;
      const started = performance.now();
      const result = await sdk.credentials({ first: 50, search });
      fromNode.push(performance.now() - started);
      const expected = result.edges[0].node.name;
      const clicked = performance.now();
      await tab.getByRole('searchbox', { name: 'Search' }).fill(search);
      await tab.locator('table.credentials tbody tr td[data-column="NAME"]').first().filter({ hasText: expected }).waitFor({ timeout: 60_000 });
      await tab.waitForFunction((name) => document.querySelector('table.credentials tbody tr td[data-column="NAME"]')?.textContent === name, expected, { polling: 'raf' });
      inPage.push(performance.now() - clicked);
    }
    console.log(`a new search with the page open: rows on screen ${ms(median(inPage))}, the same query from Node ${ms(median(fromNode))}: ${(median(inPage) / median(fromNode)).toFixed(2)}×`);
    await context.close();
  }

  // (b) A status transition reaching the screen.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((token) => sessionStorage.setItem('credgate.token', token), TOKEN);
  const tab = await context.newPage();
  const vision = (await sdk.projects()).find((project) => project.name === 'vision');
  if (!vision) throw new Error('no project vision');
  await tab.goto(`${url}/?sort=NAME`);
  await tab.locator('table.credentials tbody tr').first().waitFor();
  await tab.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { __seen: Record<string, number> }).__seen = seen;
    new MutationObserver(() => {
      for (const row of document.querySelectorAll('table.credentials tbody tr')) {
        const name = row.querySelector('td[data-column="NAME"]')?.textContent ?? '';
        if (!seen[name] && row.querySelector('td[data-column="STATUS"]')?.textContent === 'No issues found' && name.startsWith('0-bench-')) {
          seen[name] = performance.timeOrigin + performance.now();
        }
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const delays: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const name = `0-bench-${round}`;
    const created = await sdk.createPasswordCredential({ name, scope: { type: 'PROJECT', id: vision.id }, username: 'u', password: 'p' }).orThrow();
    await tab.waitForFunction((n) => (window as unknown as { __seen: Record<string, number> }).__seen[n] !== undefined, name, { timeout: 30_000 });
    const onScreen = await tab.evaluate((n) => (window as unknown as { __seen: Record<string, number> }).__seen[n], name);
    const history = (await sdk.credentialStatusHistory(created.credential.id)) ?? [];
    const ready = history.find((event) => event.phase === 'READY');
    if (!ready) throw new Error(`${name}: no READY transition in its history`);
    delays.push(onScreen - Date.parse(ready.at));
  }
  console.log(`status transition to the screen: median ${ms(median(delays))}, max ${ms(Math.max(...delays))} over ${ROUNDS} (target ≤ 250 ms)`);
  await context.close();
} finally {
  await browser.close();
  sdk.dispose();
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
