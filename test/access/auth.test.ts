import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../support/gateway.js';
import { subscribeSse, subscribeWs } from '../support/subscriptions.js';
import { dataAs, gqlAs, userWithRules } from './support.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startGateway({ kube: {} });
});
afterAll(async () => {
  await gateway?.stop();
});

const ME = `{ me { name kind systemAdministrator } }`;
const CHANGES = `subscription { credentialChanged { change credentialId } }`;

async function createAccountCredential(name: string): Promise<string> {
  const result = await gateway.data(
    `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
    { input: { name, scope: { type: 'ACCOUNT' }, username: 'u', password: 'p-secret-value' } },
  );
  return result.createPasswordCredential.credential.id;
}

/** Opens a graphql-ws connection and resolves with the close code the server ends it with. */
function wsCloseCode(connectionParams?: Record<string, unknown>): Promise<number> {
  return new Promise((resolve) => {
    const client = createWsClient({
      url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams,
      on: { closed: (event) => resolve((event as { code: number }).code) },
    });
    client.on('connected', () => void client.dispose());
  });
}

describe('authentication over HTTP', () => {
  it('refuses a request without a token: 401 with WWW-Authenticate: Bearer', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ME }) });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="credgate"$/);
    expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a bad token, another scheme and an oversized header the same way, without echoing them', async () => {
    for (const authorization of ['Bearer garbage', 'Basic YWRtaW46YWRtaW4=', `Bearer ${TEST_ADMIN_TOKEN}x`, `Bearer ${'a'.repeat(10_000)}`]) {
      const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: ME }) });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const text = await response.text();
      expect(text).not.toContain('garbage');
      expect(text).not.toContain(TEST_ADMIN_TOKEN);
    }
  });

  it('keeps /healthz and /readyz open', async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
  });

  it('the bootstrap token acts as the system administrator "admin"', async () => {
    expect((await dataAs(gateway.url, TEST_ADMIN_TOKEN, ME)).me).toEqual({ name: 'admin', kind: 'LOCAL', systemAdministrator: true });
  });

  it('refuses the CSV export and SSE without a token', async () => {
    expect((await fetch(`${gateway.url}/export/credentials.csv`)).status).toBe(401);
    const sse = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: CHANGES }),
    });
    expect(sse.status).toBe(401);
    expect(sse.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('API tokens', () => {
  it('a new token is shown once, prefixed, 32 random bytes, and kept only as a hash', async () => {
    const { token, tokenId } = await userWithRules(gateway, 'alice', [{ role: 'VIEWER', scope: { type: 'ACCOUNT' } }]);
    expect(token).toMatch(/^cgt_[A-Za-z0-9_-]{43}$/);
    expect((await dataAs(gateway.url, token, ME)).me).toEqual({ name: 'alice', kind: 'LOCAL', systemAdministrator: false });
    const rows = gateway.app.db.$client.prepare('select hash, hint from api_tokens where id = ?').all(Buffer.from(tokenId, 'base64').toString().split(':')[1]) as { hash: string; hint: string }[];
    expect(rows).toEqual([{ hash: createHash('sha256').update(token).digest('hex'), hint: `${token.slice(0, 8)}…` }]);
    // Not in the database file, the audit log, or the logs.
    gateway.app.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(gateway.dataDir, 'credgate.db')).includes(Buffer.from(token))).toBe(false);
    const audit = await gateway.data(`{ auditEvents(first: 100) { edges { node { action targetName detail } } } }`);
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).toContain('access-token.create');
    expect(gateway.logs()).not.toContain(token);
    expect(gateway.logs()).not.toContain(TEST_ADMIN_TOKEN);
  });

  it('lists the own tokens with name, hint and last use; a second read within a minute does not write', async () => {
    const { token } = await userWithRules(gateway, 'bob', []);
    const first = await dataAs(gateway.url, token, `{ me { tokens { name hint lastUsedAt active } } }`);
    expect(first.me.tokens).toEqual([{ name: 'bob token', hint: `${token.slice(0, 8)}…`, lastUsedAt: expect.any(String), active: true }]);
    const again = await dataAs(gateway.url, token, `{ accessTokens { lastUsedAt } }`);
    expect(again.accessTokens[0].lastUsedAt).toBe(first.me.tokens[0].lastUsedAt);
  });

  it('a revoked token is refused at once; a user revokes their own, not another user\'s', async () => {
    const carol = await userWithRules(gateway, 'carol', []);
    const dave = await userWithRules(gateway, 'dave', []);
    const revoke = `mutation($id: ID!) { revokeAccessToken(input: { id: $id }) { __typename ... on Error { message } } }`;
    // Carol cannot see Dave's token: NotFoundError, and it keeps working.
    expect((await dataAs(gateway.url, carol.token, revoke, { id: dave.tokenId })).revokeAccessToken.__typename).toBe('NotFoundError');
    expect((await gqlAs(gateway.url, dave.token, ME)).data?.me.name).toBe('dave');
    expect((await dataAs(gateway.url, carol.token, revoke, { id: carol.tokenId })).revokeAccessToken.__typename).toBe('RevokeAccessTokenSuccess');
    expect((await gqlAs(gateway.url, carol.token, ME)).errors?.[0].extensions?.code).toBe('401');
    const audit = await gateway.data(`{ auditEvents(first: 20) { edges { node { actor action outcome } } } }`);
    expect(audit.auditEvents.edges.map((e: any) => e.node)).toEqual(expect.arrayContaining([
      { actor: 'carol', action: 'access-token.revoke', outcome: 'FAILURE' },
      { actor: 'carol', action: 'access-token.revoke', outcome: 'SUCCESS' },
    ]));
  });

  it('an expired token is refused', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const erin = await userWithRules(gateway, 'erin', [], { expiresAt });
    expect((await gqlAs(gateway.url, erin.token, ME)).data?.me.name).toBe('erin');
    await expect.poll(async () => (await gqlAs(gateway.url, erin.token, ME)).errors?.[0].extensions?.code, { timeout: 10_000, interval: 200 }).toBe('401');
  });

  it('a token cannot be made to expire in the past; only system administrators make tokens', async () => {
    const frank = await userWithRules(gateway, 'frank', [{ role: 'EDITOR', scope: { type: 'ACCOUNT' } }]);
    const create = `mutation($input: CreateAccessTokenInput!) { createAccessToken(input: $input) { __typename ... on ValidationError { fieldErrors { path } } } }`;
    const past = await gateway.data(create, { input: { userId: frank.userId, name: 'old', expiresAt: '2001-01-01T00:00:00Z' } });
    expect(past.createAccessToken).toEqual({ __typename: 'ValidationError', fieldErrors: [{ path: ['expiresAt'] }] });
    const own = await dataAs(gateway.url, frank.token, create, { input: { userId: frank.userId, name: 'mine' } });
    expect(own.createAccessToken.__typename).toBe('ForbiddenError');
  });

  it('non-administrators cannot list users or rules, nor create users or rules; each refusal is audited', async () => {
    const gina = await userWithRules(gateway, 'gina', [{ role: 'CREDENTIALS_ADMINISTRATOR', scope: { type: 'ACCOUNT' } }]);
    expect((await gqlAs(gateway.url, gina.token, `{ users { name } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gqlAs(gateway.url, gina.token, `{ accessRules { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const createUser = await dataAs(gateway.url, gina.token, `mutation { createUser(input: { name: "mallory" }) { __typename } }`);
    expect(createUser.createUser.__typename).toBe('ForbiddenError');
    const grant = await dataAs(gateway.url, gina.token, `mutation($input: CreateAccessRuleInput!) { createAccessRule(input: $input) { __typename } }`, {
      input: { userId: gina.userId, role: 'SYSTEM_ADMINISTRATOR', scope: { type: 'ACCOUNT' } },
    });
    expect(grant.createAccessRule.__typename).toBe('ForbiddenError');
    expect((await dataAs(gateway.url, gina.token, ME)).me.systemAdministrator).toBe(false);
    const audit = await gateway.data(`{ auditEvents(first: 50) { edges { node { actor action outcome } } } }`);
    const gina_ = audit.auditEvents.edges.map((e: any) => e.node).filter((n: any) => n.actor === 'gina');
    expect(gina_).toEqual(expect.arrayContaining([
      { actor: 'gina', action: 'user.list', outcome: 'FAILURE' },
      { actor: 'gina', action: 'user.create', outcome: 'FAILURE' },
      { actor: 'gina', action: 'access-rule.create', outcome: 'FAILURE' },
    ]));
  });

  it('a disabled user is refused at once', async () => {
    const hank = await userWithRules(gateway, 'hank', []);
    expect((await gqlAs(gateway.url, hank.token, ME)).data?.me.name).toBe('hank');
    const disabled = await gateway.data(`mutation($id: ID!) { disableUser(input: { id: $id }) { __typename } }`, { id: hank.userId });
    expect(disabled.disableUser.__typename).toBe('DisableUserSuccess');
    expect((await gqlAs(gateway.url, hank.token, ME)).errors?.[0].extensions?.code).toBe('401');
  });
});

describe('authentication of subscriptions', () => {
  it('graphql-ws: no token or a bad one closes the connection with 4401', async () => {
    expect(await wsCloseCode()).toBe(4401);
    expect(await wsCloseCode({ authorization: 'Bearer garbage' })).toBe(4401);
  });

  for (const [transport, subscribe] of [['SSE', subscribeSse], ['WebSocket', subscribeWs]] as const) {
    it(`${transport}: an open subscription ends when its token is revoked`, async () => {
      const user = await userWithRules(gateway, `watcher-${transport.toLowerCase()}`, [{ role: 'VIEWER', scope: { type: 'ACCOUNT' } }]);
      const stream = subscribe(gateway.url, CHANGES, {}, undefined, user.token);
      const id = await (async () => {
        // Subscribed once an event reaches it.
        for (;;) {
          const created = await createAccountCredential(`seen-${transport}-${Date.now()}`);
          try {
            await stream.waitFor((e) => e.credentialId === created, 500);
            return created;
          } catch {
            // not listening yet
          }
        }
      })();
      expect(id).toBeTruthy();
      await gateway.data(`mutation($id: ID!) { revokeAccessToken(input: { id: $id }) { __typename } }`, { id: user.tokenId });
      await expect(stream.waitFor(() => false, 10_000)).rejects.toThrow(/completed|closed|4401|Unauthorized/i);
      await stream.close();
    });
  }

  it('an open subscription ends when its token expires', async () => {
    const user = await userWithRules(gateway, 'short-lived', [{ role: 'VIEWER', scope: { type: 'ACCOUNT' } }], { expiresAt: new Date(Date.now() + 2_000).toISOString() });
    const stream = subscribeWs(gateway.url, CHANGES, {}, undefined, user.token);
    await expect(stream.waitFor(() => false, 15_000)).rejects.toThrow(/completed/i);
    await stream.close();
  });
});

describe('bootstrap token', () => {
  it('without CREDGATE_ADMIN_TOKEN one is generated into <data dir>/admin-token (0600) once, and works after a restart', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'credgate-bootstrap-'));
    const dataDir = join(parent, 'data');
    const first = await startGateway({ config: { adminToken: undefined, dataDir } });
    let second: TestGateway | undefined;
    try {
      const file = join(dataDir, 'admin-token');
      const token = readFileSync(file, 'utf8').trim();
      expect(first.app.generatedAdminToken).toBe(token);
      expect(token).toMatch(/^cgt_/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'credgate.db')).mode & 0o777).toBe(0o600);
      expect((await dataAs(first.url, token, ME)).me.systemAdministrator).toBe(true);
      await first.stop();
      second = await startGateway({ config: { adminToken: undefined, dataDir } });
      expect(second.app.generatedAdminToken).toBeNull();
      expect((await dataAs(second.url, token, ME)).me.systemAdministrator).toBe(true);
    } finally {
      await second?.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('refuses a configured admin token shorter than 32 characters', async () => {
    await expect(startGateway({ config: { adminToken: 'short' } })).rejects.toThrow(/at least 32/);
  });
});

describe('repeated failures', () => {
  it('are answered 429 with Retry-After once an address exceeds the limit, also for a valid token', async () => {
    const limited = await startGateway({ config: { authFailuresPerMinute: 3 }, demo: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${limited.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer guess-${i}` }, body: JSON.stringify({ query: ME }) });
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect((await gqlAs(limited.url, TEST_ADMIN_TOKEN, ME)).errors?.[0].extensions?.code).toBe('429');
    } finally {
      await limited.stop();
    }
  });
});
