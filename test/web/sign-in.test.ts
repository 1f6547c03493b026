import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../support/gateway.js';
import { launchBrowser, newPage, rowOf, screenshots, signIn } from './browser.js';

/**
 * The page's sign-in against a real gateway: OIDC (authorisation code with PKCE) against a
 * loopback issuer written here, and a token revoked while the page is open.
 */

const CLIENT_ID = 'credgate-page';

/** A loopback OIDC issuer: discovery, key set, an authorize endpoint that signs the user in at once, and a token endpoint that checks PKCE. */
interface Issuer {
  url: string;
  server: Server;
  key: { kid: string; privateKey: CryptoKey; jwk: JWK };
  /** The user the authorize endpoint signs in. */
  user: { preferred_username: string; groups: string[] };
  /** Replaces the state the issuer sends back (a forged or stale callback). */
  forgeState: string | null;
  authorizeRequests: URLSearchParams[];
  tokenRequests: { params: URLSearchParams; outcome: string }[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

async function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return body;
}

async function startIssuer(): Promise<Issuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const issuer: Issuer = {
    url: '',
    server: createServer(),
    key: { kid: 'page-key', privateKey, jwk: { ...(await exportJWK(publicKey)), kid: 'page-key', alg: 'RS256', use: 'sig' } },
    user: { preferred_username: 'olga', groups: ['page-readers'] },
    forgeState: null,
    authorizeRequests: [],
    tokenRequests: [],
  };
  const codes = new Map<string, { challenge: string; method: string; nonce: string; redirectUri: string; clientId: string }>();
  issuer.server.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', issuer.url);
    // The page reads discovery and redeems the code from its own origin.
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type, accept, authorization' };
    const json = (status: number, body: unknown) => res.writeHead(status, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    if (req.method === 'OPTIONS') return res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST' }).end();
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: issuer.url,
        authorization_endpoint: `${issuer.url}/authorize`,
        token_endpoint: `${issuer.url}/token`,
        jwks_uri: `${issuer.url}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [issuer.key.jwk] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      issuer.authorizeRequests.push(q);
      if (q.get('client_id') !== CLIENT_ID || q.get('response_type') !== 'code' || !q.get('redirect_uri') || !q.get('code_challenge')) return json(400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { challenge: q.get('code_challenge')!, method: q.get('code_challenge_method') ?? '', nonce: q.get('nonce') ?? '', redirectUri: q.get('redirect_uri')!, clientId: q.get('client_id')! });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', issuer.forgeState ?? q.get('state') ?? '');
      return res.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const params = new URLSearchParams(await readBody(req));
      const grant = codes.get(params.get('code') ?? '');
      codes.delete(params.get('code') ?? '');
      const verifier = params.get('code_verifier') ?? '';
      const refuse = (outcome: string) => {
        issuer.tokenRequests.push({ params, outcome });
        return json(400, { error: 'invalid_grant' });
      };
      if (!grant) return refuse('unknown code');
      if (params.get('grant_type') !== 'authorization_code' || params.get('client_id') !== grant.clientId || params.get('redirect_uri') !== grant.redirectUri) return refuse('wrong client or redirect');
      if (grant.method !== 'S256' || sha256(verifier) !== grant.challenge) return refuse('PKCE verifier does not match');
      issuer.tokenRequests.push({ params, outcome: 'issued' });
      const idToken = await new SignJWT({ ...issuer.user, nonce: grant.nonce })
        .setProtectedHeader({ alg: 'RS256', kid: issuer.key.kid })
        .setIssuer(issuer.url)
        .setSubject(`subject-${issuer.user.preferred_username}`)
        .setAudience(CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(issuer.key.privateKey);
      // An opaque access token, as many issuers give: the page must send the ID token, which names the gateway's audience.
      return json(200, { access_token: `opaque-${randomBytes(12).toString('hex')}`, token_type: 'Bearer', expires_in: 600, id_token: idToken });
    }
    return json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
  issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}`;
  return issuer;
}

let issuer: Issuer;
let gateway: TestGateway;
let browser: Browser;
const shots = screenshots('sign-in');

beforeAll(async () => {
  issuer = await startIssuer();
  gateway = await startGateway({
    config: {
      oidc: { issuer: issuer.url, audience: CLIENT_ID, userClaim: 'preferred_username', groupsClaim: 'groups' },
      oidcSignIn: { clientId: CLIENT_ID, scopes: ['openid', 'profile'] },
    },
  });
  await gateway.data(`mutation { createAccessRule(input: { group: "page-readers", role: VIEWER, scope: { type: ACCOUNT } }) { __typename } }`);
  const { createPasswordCredential } = await gateway.data(
    `mutation { createPasswordCredential(input: { name: "shared-db", scope: { type: ACCOUNT }, username: "u", password: "p" }) { __typename } }`,
  );
  expect(createPasswordCredential.__typename).toBe('CreatePasswordCredentialSuccess');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await new Promise((resolve) => issuer?.server.close(resolve));
});

describe('OIDC sign-in on the page', { timeout: 120_000 }, () => {
  it('tells the page the issuer and the public client, and nothing secret; the page may fetch the issuer', async () => {
    const response = await fetch(`${gateway.url}/auth/config`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ oidc: { issuer: issuer.url, clientId: CLIENT_ID, scopes: ['openid', 'profile'], audience: CLIENT_ID } });
    const page = await fetch(`${gateway.url}/`);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${issuer.url}`);
  });

  it('signs in at the issuer (code with PKCE, state, nonce) and lands on the table, the ID token kept for the session only', async () => {
    const { context, page, cspViolations } = await newPage(browser);
    await page.goto(`${gateway.url}/?search=shared`);
    await shots.take(page, 'sign-in-with-oidc');
    await page.getByRole('button', { name: 'Sign in with single sign-on' }).click();
    await rowOf(page, 'shared-db').waitFor();
    await page.getByText('olga').waitFor();
    await shots.take(page, 'signed-in-with-oidc');

    const authorize = issuer.authorizeRequests.at(-1)!;
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('redirect_uri')).toBe(`${gateway.url}/auth/callback`);
    expect(authorize.get('scope')).toBe('openid profile');
    expect(authorize.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(authorize.get('nonce')?.length).toBeGreaterThanOrEqual(32);
    expect(issuer.tokenRequests.at(-1)?.outcome).toBe('issued');

    // Back at the view it started from, the code and state gone from the address.
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('search')).toBe('shared');
    expect(page.url()).not.toMatch(/code=|state=/);
    const kept = await page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage } }));
    expect(kept.session['credgate.token']?.split('.')).toHaveLength(3);
    expect(JSON.parse(atob(kept.session['credgate.token'].split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).aud).toBe(CLIENT_ID);
    expect(kept.session['credgate.oidc.pending']).toBeUndefined();
    expect(JSON.stringify(kept.local)).not.toContain('eyJ');
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('refuses a callback whose state is not this browser\'s: no code is redeemed, no token kept', async () => {
    const { context, page } = await newPage(browser);
    const redeemed = issuer.tokenRequests.length;
    issuer.forgeState = 'forged-state-000000000000000000000000000000';
    try {
      await page.goto(`${gateway.url}/`);
      await page.getByRole('button', { name: 'Sign in with single sign-on' }).click();
      await page.getByRole('alert').filter({ hasText: 'does not belong to this browser' }).waitFor();
    } finally {
      issuer.forgeState = null;
    }
    await shots.take(page, 'wrong-state-refused');
    expect(issuer.tokenRequests.length).toBe(redeemed);
    expect(await page.evaluate(() => ({ ...sessionStorage }))).toEqual({});
    expect(new URL(page.url()).pathname).toBe('/');
    expect(page.url()).not.toMatch(/code=/);
    await page.getByLabel('API token').waitFor();

    // A callback this tab never started (no verifier kept) is refused the same way.
    await page.goto(`${gateway.url}/auth/callback?code=stolen&state=whatever`);
    await page.getByRole('alert').filter({ hasText: 'did not start that sign-in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('credgate.token'))).toBeNull();
    await context.close();
  });
});

describe('a token revoked while the page is open', { timeout: 120_000 }, () => {
  it('sends the page back to the sign-in with a message, and its streams end', async () => {
    const { createUser } = await gateway.data(`mutation { createUser(input: { name: "rita" }) { ... on CreateUserSuccess { user { id } } } }`);
    await gateway.data(`mutation($input: CreateAccessRuleInput!) { createAccessRule(input: $input) { __typename } }`, {
      input: { userId: createUser.user.id, role: VIEWER_ROLE, scope: { type: 'ACCOUNT' } },
    });
    const { createAccessToken } = await gateway.data(
      `mutation($input: CreateAccessTokenInput!) { createAccessToken(input: $input) { ... on CreateAccessTokenSuccess { token accessToken { id } } } }`,
      { input: { userId: createUser.user.id, name: 'rita browser' } },
    );
    const { context, page } = await newPage(browser);
    const streams = openEventStreams(page);
    await signIn(page, gateway.url, createAccessToken.token);
    await rowOf(page, 'shared-db').waitFor();
    await page.getByText('rita').waitFor();
    await expect.poll(() => streams.size).toBe(2);

    const revoked = await gateway.data(`mutation($id: ID!) { revokeAccessToken(input: { id: $id }) { __typename } }`, { id: createAccessToken.accessToken.id });
    expect(revoked.revokeAccessToken.__typename).toBe('RevokeAccessTokenSuccess');

    // Nothing is clicked: the gateway ends the page's streams, and their reconnection is refused.
    await page.getByRole('alert').filter({ hasText: 'Your session has ended' }).waitFor();
    await page.getByLabel('API token').waitFor();
    await shots.take(page, 'session-ended');
    expect(await page.locator('table.credentials').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('credgate.token'))).toBeNull();
    // The page holds no stream open any more.
    await expect.poll(() => streams.size).toBe(0);

    // The administrator's token still signs in afterwards.
    await signIn(page, gateway.url, TEST_ADMIN_TOKEN);
    await rowOf(page, 'shared-db').waitFor();
    await context.close();
  });
});

const VIEWER_ROLE = 'VIEWER';

/** The page's event streams (requests asking for text/event-stream) that have not ended, as the browser sees them. */
function openEventStreams(page: Page): Set<Request> {
  const open = new Set<Request>();
  page.on('request', (request) => {
    if ((request.headers().accept ?? '').includes('text/event-stream')) open.add(request);
  });
  page.on('requestfinished', (request) => open.delete(request));
  page.on('requestfailed', (request) => open.delete(request));
  return open;
}
