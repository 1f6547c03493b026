import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  CredgateAuthenticationError,
  CredgateForbiddenError,
  CredgateGraphQLError,
  CredgateHttpError,
  CredgateNotFoundError,
  type CredgateClient,
} from '@credgate/sdk';
import { demoTree, startGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../support/gateway.js';

// The SDK against a real gateway: an administrator makes a service user, a rule and a token; a
// client with that token sees only what the rule allows, manages its own token, and once the token
// is revoked its next call fails with the SDK's typed authentication error.

let gateway: TestGateway;
let admin: CredgateClient;
let service: CredgateClient;
let tree: Awaited<ReturnType<typeof demoTree>>;
let userId: string;
let tokenId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  tree = await demoTree(gateway);
  admin = createClient({ url: gateway.url, token: TEST_ADMIN_TOKEN, retry: false });
  for (const [name, scope] of [
    ['sdk-account', { type: 'ACCOUNT' as const }],
    ['sdk-vision', { type: 'PROJECT' as const, id: tree.projects.vision.id }],
    ['sdk-platform', { type: 'PROJECT' as const, id: tree.projects.platform.id }],
  ] as const) {
    const { credential } = await admin.createPasswordCredential({ name, scope, username: 'u', password: `canary-${name}` }).orThrow();
    ids[name] = credential.id;
  }
});
afterAll(async () => {
  service?.dispose();
  admin?.dispose();
  await gateway?.stop();
});

describe('managing access with the SDK', () => {
  it('an administrator creates a user, a rule and a token', async () => {
    const { user } = await admin.createUser({ name: 'sdk-service' }).orThrow();
    expect(user).toMatchObject({ __typename: 'User', name: 'sdk-service', kind: 'LOCAL', systemAdministrator: false, disabledAt: null });
    userId = user.id;
    const { accessRule } = await admin.createAccessRule({ userId, role: 'VIEWER', scope: { type: 'PROJECT', id: tree.projects.vision.id } }).orThrow();
    expect(accessRule).toMatchObject({ subjectType: 'USER', user: { id: userId, name: 'sdk-service' }, role: 'VIEWER', scope: { type: 'PROJECT', name: 'vision' } });
    const created = await admin.createAccessToken({ userId, name: 'sdk test' }).orThrow();
    expect(created.token).toMatch(/^cgt_[A-Za-z0-9_-]{40,}$/);
    expect(created.accessToken).toMatchObject({ name: 'sdk test', active: true, revokedAt: null, user: { id: userId } });
    expect(created.token.startsWith(created.accessToken.hint.replace('…', ''))).toBe(true);
    tokenId = created.accessToken.id;
    service = createClient({ url: gateway.url, token: created.token, retry: false });

    expect((await admin.users()).map((u) => u.name)).toContain('sdk-service');
    expect((await admin.accessRules({ userId })).map((r) => r.id)).toEqual([accessRule.id]);
    // Mistakes come back as typed errors.
    await expect(admin.createAccessToken({ userId: 'nope', name: 'x' }).orThrow()).rejects.toBeInstanceOf(CredgateNotFoundError);
  });

  it('a client with that token sees only what the rule allows', async () => {
    const me = await service.me();
    expect(me).toMatchObject({ name: 'sdk-service', kind: 'LOCAL', systemAdministrator: false, groups: [] });
    expect(me.rules.map((r) => [r.role, r.scope.type, r.scope.name])).toEqual([['VIEWER', 'PROJECT', 'vision']]);

    const page = await service.credentials({ first: 50 });
    expect(page.edges.map((e) => e.node.name).sort()).toEqual(['sdk-account', 'sdk-vision']);
    expect(page.totalCount).toBe(2);
    expect(await service.credential(ids['sdk-platform'])).toBeNull();

    expect(await service.permissions({ type: 'PROJECT', id: tree.projects.vision.id })).toMatchObject({
      viewCredentials: true, createCredentials: false, editCredentials: false, deleteCredentials: false, manageUsers: false, manageTokens: false,
    });
    expect(Object.values(await service.permissions({ type: 'PROJECT', id: tree.projects.platform.id })).every((allowed) => allowed === false)).toBe(true);
    expect((await admin.permissions({ type: 'PROJECT', id: tree.projects.platform.id })).manageUsers).toBe(true);

    // A viewer changes nothing: a visible credential is Forbidden, an invisible one does not exist.
    await expect(service.renameCredential(ids['sdk-vision'], 'renamed').orThrow()).rejects.toBeInstanceOf(CredgateForbiddenError);
    await expect(service.deleteCredential(ids['sdk-platform']).orThrow()).rejects.toBeInstanceOf(CredgateNotFoundError);
    await expect(service.createUser({ name: 'escalated' }).orThrow()).rejects.toBeInstanceOf(CredgateForbiddenError);
    await expect(service.users()).rejects.toBeInstanceOf(CredgateGraphQLError);
    // Another user's tokens are not the service's to list.
    await expect(service.accessTokens({ userId: (await admin.me()).id })).rejects.toBeInstanceOf(CredgateGraphQLError);
  });

  it('the client lists and revokes its own token; its next call fails with CredgateAuthenticationError', async () => {
    const tokens = await service.accessTokens();
    expect(tokens).toEqual([expect.objectContaining({ id: tokenId, name: 'sdk test', active: true })]);
    expect(JSON.stringify(tokens)).not.toMatch(/cgt_[A-Za-z0-9_-]{20,}/);

    const { accessToken } = await service.revokeAccessToken(tokenId).orThrow();
    expect(accessToken).toMatchObject({ id: tokenId, active: false, revokedAt: expect.any(String) });

    const refused = await service.credentials().then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(CredgateAuthenticationError);
    expect(refused).toBeInstanceOf(CredgateHttpError);
    expect((refused as CredgateAuthenticationError).status).toBe(401);
    expect((refused as Error).message).not.toContain('cgt_');
    // A subscription with the revoked token is refused the same way.
    const stream = service.credentialChanged();
    await expect(stream.next()).rejects.toBeInstanceOf(CredgateAuthenticationError);

    expect((await admin.accessTokens({ userId })).map((t) => [t.id, t.active])).toEqual([[tokenId, false]]);
  });
});
