import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { subscribeWs } from '../support/subscriptions.js';
import { gqlAs } from './support.js';

/** A loopback OIDC issuer: its discovery document and a key set the test can rotate. */
interface Issuer {
  url: string;
  keys: { kid: string; privateKey: CryptoKey; jwk: JWK }[];
  jwksFetches: number;
  server: Server;
}

async function newKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

async function startIssuer(): Promise<Issuer> {
  const issuer: Issuer = { url: '', keys: [await newKey('key-1')], jwksFetches: 0, server: createServer() };
  issuer.server.on('request', (req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: issuer.url, jwks_uri: `${issuer.url}/jwks` }));
    } else if (req.url === '/jwks') {
      issuer.jwksFetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: issuer.keys.map((k) => k.jwk) }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
  issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}`;
  return issuer;
}

let issuer: Issuer;
let gateway: TestGateway;

const AUDIENCE = 'credgate-test';

async function jwt(claims: Record<string, unknown>, options: { key?: Issuer['keys'][number]; audience?: string; issuer?: string; expiresIn?: string | number } = {}) {
  const key = options.key ?? issuer.keys[issuer.keys.length - 1];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(options.issuer ?? issuer.url)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(key.privateKey);
}

beforeAll(async () => {
  issuer = await startIssuer();
  gateway = await startGateway({
    kube: {},
    config: { oidc: { issuer: issuer.url, audience: AUDIENCE, userClaim: 'preferred_username', groupsClaim: 'groups', jwksCooldownMs: 0 } },
  });
  await gateway.data(`mutation { createPasswordCredential(input: { name: "shared", scope: { type: ACCOUNT }, username: "u", password: "p" }) { __typename } }`);
});

afterAll(async () => {
  await gateway?.stop();
  await new Promise((resolve) => issuer?.server.close(resolve));
});

const ME = `{ me { name kind groups } credentials { totalCount } }`;

describe('OIDC', () => {
  it('a valid JWT names an OIDC user (made on first sign-in) who sees nothing without rules', async () => {
    const token = await jwt({ sub: 'id-1', preferred_username: 'olivia', groups: ['nobody'] });
    const result = await gqlAs(gateway.url, token, ME);
    expect(result.data).toEqual({ me: { name: 'olivia', kind: 'OIDC', groups: ['nobody'] }, credentials: { totalCount: 0 } });
    const users = await gateway.data(`{ users { name kind } }`);
    expect(users.users).toContainEqual({ name: 'olivia', kind: 'OIDC' });
  });

  it('a rule may name an OIDC group: its members see what it allows', async () => {
    await gateway.data(`mutation { createAccessRule(input: { group: "data-team", role: VIEWER, scope: { type: ACCOUNT } }) { __typename } }`);
    const member = await gqlAs(gateway.url, await jwt({ preferred_username: 'pat', groups: ['data-team'] }), ME);
    expect(member.data?.credentials.totalCount).toBe(1);
    const outsider = await gqlAs(gateway.url, await jwt({ preferred_username: 'quinn', groups: ['other-team'] }), ME);
    expect(outsider.data?.credentials.totalCount).toBe(0);
  });

  it('refuses a wrong audience, a wrong issuer, an expired token, a foreign key, no user claim and an unsigned token', async () => {
    const stranger = await newKey('key-1');
    const refused = [
      await jwt({ preferred_username: 'olivia' }, { audience: 'someone-else' }),
      await jwt({ preferred_username: 'olivia' }, { issuer: 'https://evil.example' }),
      await jwt({ preferred_username: 'olivia' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }),
      await jwt({ preferred_username: 'olivia' }, { key: stranger }),
      await jwt({ sub: 'no-name' }),
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: issuer.url, aud: AUDIENCE, preferred_username: 'olivia', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.`,
    ];
    for (const token of refused) {
      const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: ME }) });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    }
  });

  it('follows a key rotation: a token signed with a new key is accepted once the issuer publishes it', async () => {
    const before = issuer.jwksFetches;
    issuer.keys = [issuer.keys[0], await newKey('key-2')];
    const rotated = await jwt({ preferred_username: 'olivia' }, { key: issuer.keys[1] });
    expect((await gqlAs(gateway.url, rotated, ME)).data?.me.name).toBe('olivia');
    expect(issuer.jwksFetches).toBeGreaterThan(before);
    // The old key retired: its tokens are refused once the key set no longer has it.
    const old = issuer.keys[0];
    issuer.keys = [issuer.keys[1], await newKey('key-3')];
    const newest = await jwt({ preferred_username: 'olivia' }, { key: issuer.keys[1] });
    expect((await gqlAs(gateway.url, newest, ME)).data?.me.name).toBe('olivia');
    expect((await gqlAs(gateway.url, await jwt({ preferred_username: 'olivia' }, { key: old }), ME)).errors?.[0].extensions?.code).toBe('401');
  });

  it('a JWT authenticates a graphql-ws connection', async () => {
    const token = await jwt({ preferred_username: 'pat', groups: ['data-team'] });
    const stream = subscribeWs(gateway.url, `subscription { credentialChanged { change credential { name } } }`, {}, undefined, token);
    try {
      await expect.poll(async () => {
        await gateway.data(`mutation { updateCredential(input: { id: "${(await gateway.data(`{ credentials { edges { node { id } } } }`)).credentials.edges[0].node.id}", description: "ping" }) { __typename } }`);
        return stream.events.length;
      }, { timeout: 10_000, interval: 300 }).toBeGreaterThan(0);
      expect(stream.events[0]).toEqual({ change: 'UPDATED', credential: { name: 'shared' } });
    } finally {
      await stream.close();
    }
  });
});
