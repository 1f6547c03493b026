import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnTitleOf } from '../../src/domain/credential-filter.js';
import { demoTree, startGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../support/gateway.js';
import { kubectl } from '../support/kube.js';
import { axeViolations, launchBrowser, newPage, rowOf, screenshots, signIn } from './browser.js';

/**
 * The Credentials page in Debian's Chromium against a real gateway and its Kubernetes emulator,
 * driven the way a person would: sign in, create one credential of each type through the forms,
 * watch statuses change live, filter, search, sort, choose columns, download CSV, rename, delete.
 */

const CANARY = 'canary-value-7f3e9d1c';
let gateway: TestGateway;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cspViolations: string[];
let tree: Awaited<ReturnType<typeof demoTree>>;
const shots = screenshots('credentials-page');

const statusOf = (name: string) => rowOf(page, name).locator('td[data-column="STATUS"]');
/** True as long as the page has not been reloaded since `markPage`. */
const stillSamePage = () => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
const markPage = () => page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));

async function everythingOnPage(): Promise<string> {
  return page.evaluate(() =>
    [
      document.documentElement.outerHTML,
      ...[...document.querySelectorAll('input, textarea, select')].map((element) => (element as HTMLInputElement).value),
      JSON.stringify({ ...sessionStorage }),
      JSON.stringify({ ...localStorage }),
      location.href,
    ].join('\n'),
  );
}

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
  browser = await launchBrowser();
  ({ context, page, cspViolations } = await newPage(browser));
});

afterAll(async () => {
  await browser?.close();
  await gateway?.app.emulator?.faults.setUnreachable(false);
  await gateway?.stop();
});

describe('the Credentials page', { timeout: 120_000 }, () => {
  it('is served at / without a token, under a CSP that allows nothing but the gateway itself', async () => {
    const response = await fetch(`${gateway.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('refuses a token the gateway does not know, then signs in with the API token', async () => {
    await page.goto(`${gateway.url}/`);
    await shots.take(page, 'sign-in');
    await page.getByLabel('API token').fill('cgt_not-a-real-token-000000000000000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'did not accept that token' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await signIn(page, gateway.url, TEST_ADMIN_TOKEN);
    expect(await page.evaluate(() => sessionStorage.getItem('credgate.token'))).toBe(TEST_ADMIN_TOKEN);
    expect(await page.evaluate(() => localStorage.getItem('credgate.token'))).toBeNull();
    await page.getByText('No credentials match.').waitFor();
    await markPage();
    await shots.take(page, 'signed-in-empty');
  });

  it('shows field errors from ValidationError at their fields', async () => {
    await page.getByRole('button', { name: '+ NEW CREDENTIAL' }).click();
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await dialog.getByRole('radio', { name: 'vision (Project)' }).check();
    await dialog.getByLabel('Credential name').fill('   ');
    await dialog.getByLabel('Password', { exact: true }).fill(CANARY);
    await dialog.getByRole('button', { name: 'Create credential' }).click();
    const name = dialog.getByLabel('Credential name');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await name.getAttribute('aria-describedby'))!;
    expect((await page.locator(`[id="${describedBy.split(' ').pop()}"]`).textContent())?.length).toBeGreaterThan(0);
    await shots.take(page, 'validation-error');
    expect(await everythingOnPage()).not.toContain(CANARY);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('creates a credential of each type through the forms; each row turns Creating… → No issues found without a reload', async () => {
    // Every cluster answer takes a while, so that "Creating…" is on screen long enough to be seen.
    gateway.app.emulator!.faults.setLatency(400);
    const create = async (type: string, name: string, scope: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) => {
      await page.getByRole('button', { name: '+ NEW CREDENTIAL' }).click();
      const dialog = page.getByRole('dialog', { name: 'New credential' });
      await dialog.getByLabel('Type').selectOption(type);
      await dialog.getByRole('radio', { name: scope }).check();
      await dialog.getByLabel('Credential name').fill(name);
      await dialog.getByLabel('Description').fill(`${name} for the browser test`);
      await fill(dialog);
      await shots.take(page, `new-${type.toLowerCase()}`);
      await dialog.getByRole('button', { name: 'Create credential' }).click();
      await dialog.waitFor({ state: 'detached' });
      await statusOf(name).filter({ hasText: 'Creating…' }).waitFor();
      return name;
    };
    const names = [
      await create('PASSWORD', 'warehouse-db', 'vision (Project)', async (dialog) => {
        await dialog.getByLabel('Username').fill('etl');
        await dialog.getByLabel('Password', { exact: true }).fill(`${CANARY}-password`);
      }),
      await create('ACCESS_KEY', 'training-bucket', 'research (Department)', async (dialog) => {
        await dialog.getByLabel('Access key ID').fill('AKIAEXAMPLE');
        await dialog.getByLabel('Secret access key').fill(`${CANARY}-secret-key`);
      }),
      await create('DOCKER_REGISTRY', 'ghcr-pull', 'local (Cluster)', async (dialog) => {
        await dialog.getByLabel('Registry URL').fill('ghcr.io');
        await dialog.getByLabel('Username').fill('robot');
        await dialog.getByLabel('Password', { exact: true }).fill(`${CANARY}-registry`);
      }),
      await create('GENERIC_SECRET', 'hf-token', 'language (Project)', async (dialog) => {
        await dialog.getByLabel('Key 1').fill('HF_TOKEN');
        await dialog.getByLabel('Value 1').fill(`${CANARY}-hf`);
        await dialog.getByRole('button', { name: '+ Add a key' }).click();
        await dialog.getByLabel('Key 2').fill('HF_USER');
        await dialog.getByLabel('Value 2').fill(`${CANARY}-user`);
      }),
    ];
    await shots.take(page, 'creating');
    gateway.app.emulator!.faults.setLatency(0);
    for (const name of names) await statusOf(name).filter({ hasText: 'No issues found' }).waitFor({ timeout: 20_000 });
    await shots.take(page, 'no-issues-found');
    expect(await stillSamePage()).toBe(true);
    expect(await everythingOnPage()).not.toContain(CANARY);
  });

  it('creates a credential from a Secret created in advance, chosen from existingSecrets for the scope', async () => {
    await kubectl(gateway, 'create', 'namespace', tree.projects.platform.namespace).catch(() => undefined);
    await kubectl(gateway, 'create', 'secret', 'generic', 'platform-db', '-n', tree.projects.platform.namespace, '--from-literal=username=app', `--from-literal=password=${CANARY}-in-cluster`);
    await kubectl(gateway, 'label', 'secret', 'platform-db', '-n', tree.projects.platform.namespace, 'run.ai/resource=password');
    await page.getByRole('button', { name: '+ NEW CREDENTIAL' }).click();
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await dialog.getByLabel('Type').selectOption('PASSWORD');
    await dialog.getByRole('radio', { name: 'platform (Project)' }).check();
    await dialog.getByLabel('Credential name').fill('platform-db');
    await dialog.getByRole('radio', { name: /Existing secret/ }).check();
    const secrets = dialog.getByLabel('Secret created in advance');
    await expect.poll(() => secrets.locator('option').allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringContaining('platform-db'));
    await secrets.selectOption('platform-db');
    await shots.take(page, 'new-from-existing-secret');
    await dialog.getByRole('button', { name: 'Create credential' }).click();
    await dialog.waitFor({ state: 'detached' });
    await statusOf('platform-db').filter({ hasText: 'No issues found' }).waitFor({ timeout: 20_000 });
    expect(await everythingOnPage()).not.toContain(CANARY);
  });

  it('shows Issues found live when the cluster becomes unreachable, and the targets in the side panel', async () => {
    await gateway.app.emulator!.faults.setUnreachable(true);
    await statusOf('warehouse-db').filter({ hasText: 'Issues found' }).waitFor({ timeout: 20_000 });
    await rowOf(page, 'warehouse-db').getByRole('button', { name: 'warehouse-db, show details' }).click();
    const panel = page.getByRole('complementary', { name: 'warehouse-db' });
    await panel.getByRole('cell', { name: 'UNREACHABLE' }).first().waitFor();
    await panel.getByRole('cell', { name: tree.projects.vision.namespace }).waitFor();
    await panel.getByRole('list', { name: /Status history/ }).getByText('Issues found', { exact: true }).first().waitFor();
    await shots.take(page, 'issues-found');
    await gateway.app.emulator!.faults.setUnreachable(false);
    await statusOf('warehouse-db').filter({ hasText: 'No issues found' }).waitFor({ timeout: 20_000 });
    await panel.getByRole('cell', { name: 'SYNCED' }).first().waitFor();
    await page.getByRole('button', { name: 'Close details' }).click();
    expect(await stillSamePage()).toBe(true);
  });

  it('shows the scope in the organisation tree', async () => {
    await rowOf(page, 'training-bucket').locator('td[data-column="SCOPE"]').getByRole('button').click();
    const dialog = page.getByRole('dialog', { name: 'Organisation' });
    const marked = dialog.locator('[aria-current="true"]');
    await expect.poll(() => marked.textContent()).toContain('research');
    await shots.take(page, 'org-tree');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('filters, searches, sorts and chooses columns; the view lives in the URL and the CSV follows it', async () => {
    // ADD FILTER: Type is Username & password or Access key.
    await page.getByRole('button', { name: '+ ADD FILTER' }).click();
    const form = page.getByRole('form', { name: 'Add a filter' });
    await form.getByLabel('Column').selectOption('TYPE');
    await form.getByLabel('Username & password').check();
    await form.getByLabel('Access key').check();
    await form.getByRole('button', { name: 'Apply' }).click();
    await rowOf(page, 'hf-token').waitFor({ state: 'detached' });
    await rowOf(page, 'ghcr-pull').waitFor({ state: 'detached' });
    const chips = page.getByRole('list', { name: 'Filters' }).getByRole('listitem');
    expect(await chips.count()).toBe(1);
    expect(await rowNames()).toEqual(['platform-db', 'training-bucket', 'warehouse-db']);

    // Sort: Credential descending, then shift-click Type as a second key.
    await page.getByRole('columnheader', { name: /^Credential/ }).getByRole('button').click();
    await expect.poll(() => page.getByRole('columnheader', { name: /^Credential/ }).getAttribute('aria-sort')).toBe('descending');
    expect(await rowNames()).toEqual(['warehouse-db', 'training-bucket', 'platform-db']);
    await page.getByRole('columnheader', { name: /^Type/ }).getByRole('button').click({ modifiers: ['Shift'] });
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('-NAME,TYPE');

    // Search.
    await page.getByRole('searchbox', { name: 'Search' }).fill('warehouse');
    await expect.poll(rowNames).toEqual(['warehouse-db']);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await expect.poll(rowNames).toEqual(['warehouse-db', 'training-bucket', 'platform-db']);

    // Columns: hide Description and Kubernetes name; remembered after a reload.
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Description' }).uncheck();
    await page.getByRole('checkbox', { name: 'Kubernetes name' }).uncheck();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('columnheader', { name: 'Description' }).waitFor({ state: 'detached' });
    await shots.take(page, 'filtered-sorted');

    // The view is in the URL: a reload (or a shared link) shows the same.
    const shared = page.url();
    await page.goto(shared);
    await page.getByRole('heading', { name: 'Credentials', level: 1 }).waitFor();
    await expect.poll(rowNames).toEqual(['warehouse-db', 'training-bucket', 'platform-db']);
    expect(await page.getByRole('list', { name: 'Filters' }).getByRole('listitem').count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: 'Description' }).count()).toBe(0);
    await markPage();

    // CSV: the same filter, sort and columns.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as CSV' }).click()]);
    const rows = parse(readFileSync((await download.path())!, 'utf8'), { bom: true }) as string[][];
    // The header row is the titles of the columns on screen, in their order.
    const headers = await page.locator('table.credentials thead th button').evaluateAll((buttons) => buttons.map((button) => button.childNodes[0].textContent));
    expect(rows[0]).toEqual(headers);
    expect(rows[0]).toEqual((['NAME', 'TYPE', 'STATUS', 'SCOPE', 'ENVIRONMENTS', 'DATA_SOURCES', 'CREATED_BY', 'CREATED_AT', 'CLUSTER', 'UPDATED_AT'] as const).map((c) => columnTitleOf[c]));
    expect(rows.slice(1).map((row) => row[0])).toEqual(['warehouse-db', 'training-bucket', 'platform-db']);
    await page.getByRole('status').filter({ hasText: 'Downloaded 3 credentials' }).waitFor();

    // Remove the chip: every credential again.
    await page.getByRole('button', { name: /^Remove filter: Type is/ }).click();
    await expect.poll(rowNames).toEqual(['warehouse-db', 'training-bucket', 'platform-db', 'hf-token', 'ghcr-pull']);
  });

  it('renames a credential and its description', async () => {
    await rowOf(page, 'ghcr-pull').getByRole('button', { name: 'ghcr-pull, show details' }).click();
    await page.getByRole('complementary', { name: 'ghcr-pull' }).getByRole('button', { name: 'Rename' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename ghcr-pull' });
    await dialog.getByLabel('Credential name').fill('ghcr-robot');
    await dialog.getByLabel('Description').fill('pulls images from GHCR');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await rowOf(page, 'ghcr-robot').waitFor();
    await page.getByRole('complementary', { name: 'ghcr-robot' }).waitFor();
    await shots.take(page, 'renamed');
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  it('refuses to delete a credential in use and shows what uses it; deletes one that is not', async () => {
    const { credentials } = await gateway.data(`{ credentials(where: { name: { eq: "warehouse-db" } }) { edges { node { id } } } }`);
    const credentialId = credentials.edges[0].node.id;
    const created = await gateway.data(
      `mutation($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { __typename ... on CreateEnvironmentSuccess { environment { id } } } }`,
      { input: { name: 'etl-job', image: 'python:3.12', scope: { type: 'PROJECT', id: tree.projects.vision.id }, variables: [{ name: 'DB_PASSWORD', credentialId, key: 'password' }] } },
    );
    expect(created.createEnvironment.__typename).toBe('CreateEnvironmentSuccess');

    await rowOf(page, 'warehouse-db').getByRole('button', { name: 'warehouse-db, show details' }).click();
    await page.getByRole('complementary', { name: 'warehouse-db' }).getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete warehouse-db?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('alert').getByText('etl-job').waitFor();
    await shots.take(page, 'in-use');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await rowOf(page, 'warehouse-db').count()).toBe(1);

    await rowOf(page, 'hf-token').getByRole('button', { name: 'hf-token, show details' }).click();
    await page.getByRole('complementary', { name: 'hf-token' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete hf-token?' }).getByRole('button', { name: 'Delete' }).click();
    await rowOf(page, 'hf-token').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await stillSamePage()).toBe(true);
  });

  it('adds and removes rows created and deleted elsewhere through credentialChanged', async () => {
    const result = await gateway.data(
      `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { __typename ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
      { input: { name: 'made-elsewhere', scope: { type: 'PROJECT', id: tree.projects.vision.id }, username: 'u', password: `${CANARY}-api` } },
    );
    await rowOf(page, 'made-elsewhere').waitFor();
    await statusOf('made-elsewhere').filter({ hasText: 'No issues found' }).waitFor({ timeout: 20_000 });
    const id = result.createPasswordCredential.credential.id;
    await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id });
    await rowOf(page, 'made-elsewhere').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await stillSamePage()).toBe(true);
  });

  it('shows a lost connection and resumes from the last event without losing what happened meanwhile', async () => {
    // Reconnections are refused while the test says so; the streams already open are cut at the server.
    let blocked = true;
    await page.route('**/graphql', (route) => {
      if (blocked && (route.request().headers().accept ?? '').includes('text/event-stream')) return route.abort('connectionrefused');
      return route.continue();
    });
    gateway.app.server.closeAllConnections();
    await page.getByRole('alert').filter({ hasText: 'live connection to the gateway was lost' }).waitFor();
    await gateway.data(
      `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { __typename } }`,
      { input: { name: 'made-while-away', scope: { type: 'PROJECT', id: tree.projects.language.id }, username: 'u', password: 'p' } },
    );
    await shots.take(page, 'connection-lost');
    blocked = false;
    await rowOf(page, 'made-while-away').waitFor({ timeout: 30_000 });
    await statusOf('made-while-away').filter({ hasText: 'No issues found' }).waitFor({ timeout: 20_000 });
    await page.getByRole('alert').filter({ hasText: 'live connection to the gateway was lost' }).waitFor({ state: 'detached', timeout: 30_000 });
    await page.unroute('**/graphql');
    expect(await stillSamePage()).toBe(true);
  });

  it('is readable on a narrow window', async () => {
    await page.setViewportSize({ width: 420, height: 860 });
    await rowOf(page, 'warehouse-db').waitFor();
    // The table scrolls inside its own region; the page itself does not overflow sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shots.take(page, 'narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('passes an axe-core scan with no serious or critical violations (table, panel, dialog)', async () => {
    const serious = (violations: Awaited<ReturnType<typeof axeViolations>>) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious(await axeViolations(page))).toEqual([]);
    await rowOf(page, 'training-bucket').getByRole('button', { name: 'training-bucket, show details' }).click();
    await page.getByRole('complementary', { name: 'training-bucket' }).getByRole('cell').first().waitFor();
    expect(serious(await axeViolations(page))).toEqual([]);
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.getByRole('button', { name: '+ NEW CREDENTIAL' }).click();
    await page.getByRole('dialog', { name: 'New credential' }).getByRole('radio').first().waitFor();
    expect(serious(await axeViolations(page))).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'New credential' }).waitFor({ state: 'detached' });
    await shots.take(page, 'final', true);
    expect(cspViolations).toEqual([]);
  });
});

async function rowNames(): Promise<string[]> {
  return page.locator('table.credentials tbody tr td[data-column="NAME"]').allTextContents();
}
