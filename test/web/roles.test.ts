import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { launchBrowser, newPage, rowOf, screenshots, signIn } from './browser.js';

/**
 * The page shows only what the caller may do, as the gateway's `me.permissions(scope)` says:
 * a viewer finds no NEW, Rename or Delete; an editor of one project finds them for that project
 * only, and only that project (and what lies under it) in the scope picker.
 */

let gateway: TestGateway;
let browser: Browser;
let tree: Awaited<ReturnType<typeof demoTree>>;
const shots = screenshots('roles');

async function userWithToken(name: string, role: string, scope: { type: string; id?: string }): Promise<string> {
  const { createUser } = await gateway.data(`mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on CreateUserSuccess { user { id } } } }`, { input: { name } });
  const userId = createUser.user.id;
  const { createAccessRule } = await gateway.data(`mutation($input: CreateAccessRuleInput!) { createAccessRule(input: $input) { __typename } }`, { input: { userId, role, scope } });
  expect(createAccessRule.__typename).toBe('CreateAccessRuleSuccess');
  const { createAccessToken } = await gateway.data(
    `mutation($input: CreateAccessTokenInput!) { createAccessToken(input: $input) { __typename ... on CreateAccessTokenSuccess { token } } }`,
    { input: { userId, name: `${name} browser` } },
  );
  return createAccessToken.token;
}

async function createPassword(name: string, scope: { type: string; id: string }): Promise<void> {
  const { createPasswordCredential } = await gateway.data(
    `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { __typename } }`,
    { input: { name, scope, username: 'u', password: 'p' } },
  );
  expect(createPasswordCredential.__typename).toBe('CreatePasswordCredentialSuccess');
}

beforeAll(async () => {
  gateway = await startGateway();
  tree = await demoTree(gateway);
  await createPassword('vision-db', { type: 'PROJECT', id: tree.projects.vision.id });
  await createPassword('research-db', { type: 'DEPARTMENT', id: tree.departments.research.id });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

describe('what the page offers', { timeout: 120_000 }, () => {
  it('a viewer finds no NEW CREDENTIAL, Rename or Delete', async () => {
    const token = await userWithToken('vera', 'VIEWER', { type: 'ACCOUNT' });
    const { context, page } = await newPage(browser);
    await signIn(page, gateway.url, token);
    await rowOf(page, 'vision-db').waitFor();
    await page.getByText('vera').waitFor();
    await rowOf(page, 'vision-db').getByRole('button', { name: 'vision-db, show details' }).click();
    const panel = page.getByRole('complementary', { name: 'vision-db' });
    await panel.getByRole('cell').first().waitFor();
    await shots.take(page, 'viewer');
    expect(await page.getByRole('button', { name: '+ NEW CREDENTIAL' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Rename' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await context.close();
  });

  it('an editor of one project may change only what is in it', async () => {
    const token = await userWithToken('eddie', 'EDITOR', { type: 'PROJECT', id: tree.projects.vision.id });
    const { context, page } = await newPage(browser);
    await signIn(page, gateway.url, token);

    // Their project's credential: Rename and Delete.
    await rowOf(page, 'vision-db').getByRole('button', { name: 'vision-db, show details' }).click();
    await page.getByRole('complementary', { name: 'vision-db' }).getByRole('button', { name: 'Rename' }).waitFor();
    expect(await page.getByRole('complementary', { name: 'vision-db' }).getByRole('button', { name: 'Delete' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Close details' }).click();

    // A department credential they inherit and see, but may not change.
    await rowOf(page, 'research-db').getByRole('button', { name: 'research-db, show details' }).click();
    const inherited = page.getByRole('complementary', { name: 'research-db' });
    await inherited.getByRole('cell').first().waitFor();
    expect(await inherited.getByRole('button', { name: 'Rename' }).count()).toBe(0);
    expect(await inherited.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Close details' }).click();

    // NEW offers their project as the only scope.
    await page.getByRole('button', { name: '+ NEW CREDENTIAL' }).click();
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await dialog.getByRole('radio', { name: 'vision (Project)' }).waitFor();
    expect(await dialog.locator('.scope-picker label').allTextContents()).toEqual(['vision (Project)']);
    await shots.take(page, 'editor-new');
    await context.close();
  });
});
