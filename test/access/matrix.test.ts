// Every role × the scope of its rule × every surface, each outcome checked against tables written
// from DESIGN §6 here (not computed by src/domain/access.ts). One gateway, seeded once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { adminHeaders, demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { subscribeSse, subscribeWs, type Subscription } from '../support/subscriptions.js';
import { dataAs, gqlAs, userWithRules } from './support.js';

type ScopeName = 'account' | 'cluster' | 'research' | 'engineering' | 'vision' | 'language' | 'platform';
const SCOPES: ScopeName[] = ['account', 'cluster', 'research', 'engineering', 'vision', 'language', 'platform'];
/** The rule scopes of the matrix: account, cluster, a department, a project, a sibling department, a sibling project. */
const RULE_SCOPES: ScopeName[] = ['account', 'cluster', 'research', 'vision', 'engineering', 'language'];

/** DESIGN §6 "a user sees the credentials of the scopes under their rules and those inherited from the scopes above". */
const VISIBLE_FROM: Record<ScopeName, ScopeName[]> = {
  account: SCOPES,
  cluster: SCOPES,
  research: ['account', 'cluster', 'research', 'vision', 'language'],
  engineering: ['account', 'cluster', 'engineering', 'platform'],
  vision: ['account', 'cluster', 'research', 'vision'],
  language: ['account', 'cluster', 'research', 'language'],
  platform: ['account', 'cluster', 'engineering', 'platform'],
};
/** DESIGN §6 "create, view, edit, delete within the rule's scope and below". */
const WRITABLE_FROM: Record<ScopeName, ScopeName[]> = {
  account: SCOPES,
  cluster: ['cluster', 'research', 'engineering', 'vision', 'language', 'platform'],
  research: ['research', 'vision', 'language'],
  engineering: ['engineering', 'platform'],
  vision: ['vision'],
  language: ['language'],
  platform: ['platform'],
};
const WRITERS = new Set(['SYSTEM_ADMINISTRATOR', 'CREDENTIALS_ADMINISTRATOR', 'DEPARTMENT_ADMINISTRATOR', 'EDITOR']);
const ROLES = ['SYSTEM_ADMINISTRATOR', 'CREDENTIALS_ADMINISTRATOR', 'DEPARTMENT_ADMINISTRATOR', 'EDITOR', 'RESEARCH_MANAGER', 'L1_RESEARCHER', 'L2_RESEARCHER', 'ML_ENGINEER', 'VIEWER'];

interface Caller {
  label: string;
  role: string;
  ruleScope: ScopeName;
  token: string;
  visible: ScopeName[];
  writable: ScopeName[];
  admin: boolean;
}

let gateway: TestGateway;
const scopeInput: Partial<Record<ScopeName, { type: string; id?: string }>> = {};
const credentialId: Partial<Record<ScopeName, string>> = {};
const callers: Caller[] = [];
const refusedRules: { role: string; ruleScope: ScopeName; typename: string }[] = [];
let cursorBefore = '';
const live = new Map<string, Subscription<any>>();
const replayed = new Map<string, Subscription<any>>();

const credentialName = (scope: ScopeName) => `matrix ${scope}`;
const sorted = (names: string[]) => [...names].sort();

beforeAll(async () => {
  gateway = await startGateway({ kube: {} });
  const tree = await demoTree(gateway);
  scopeInput.account = { type: 'ACCOUNT' };
  scopeInput.cluster = { type: 'CLUSTER', id: tree.cluster.id };
  for (const name of ['research', 'engineering'] as const) scopeInput[name] = { type: 'DEPARTMENT', id: tree.departments[name].id };
  for (const name of ['vision', 'language', 'platform'] as const) scopeInput[name] = { type: 'PROJECT', id: tree.projects[name].id };
  for (const scope of SCOPES) {
    const created = await gateway.data(
      `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
      { input: { name: credentialName(scope), scope: scopeInput[scope], username: 'u', password: `pw-${scope}` } },
    );
    credentialId[scope] = created.createPasswordCredential.credential.id;
    // In use, so that a permitted delete is answered CredentialInUseError and changes nothing.
    await gateway.data(`mutation($input: CreateSecretVolumeDataSourceInput!) { createSecretVolumeDataSource(input: $input) { __typename } }`, {
      input: { name: `volume ${scope}`, scope: scopeInput[scope], credentialId: credentialId[scope], mountPath: '/etc/secret' },
    });
  }
  let n = 0;
  for (const role of ROLES) {
    for (const ruleScope of RULE_SCOPES) {
      const label = `${role}@${ruleScope}`;
      if (role === 'SYSTEM_ADMINISTRATOR' && ruleScope !== 'account') {
        const user = await gateway.data(`mutation { createUser(input: { name: "refused-${n++}" }) { ... on CreateUserSuccess { user { id } } } }`);
        const result = await gateway.data(`mutation($input: CreateAccessRuleInput!) { createAccessRule(input: $input) { __typename } }`, {
          input: { userId: user.createUser.user.id, role, scope: scopeInput[ruleScope] },
        });
        refusedRules.push({ role, ruleScope, typename: result.createAccessRule.__typename });
        continue;
      }
      const { token } = await userWithRules(gateway, `u${n++}-${role.toLowerCase()}-${ruleScope}`, [{ role, scope: scopeInput[ruleScope]! }]);
      callers.push({
        label, role, ruleScope, token,
        visible: VISIBLE_FROM[ruleScope],
        writable: WRITERS.has(role) ? WRITABLE_FROM[ruleScope] : [],
        admin: role === 'SYSTEM_ADMINISTRATOR',
      });
    }
  }
  // Live subscriptions (SSE for half the callers, WebSocket for the rest), and a cursor to replay from.
  const stream = subscribeWs(gateway.url, `subscription { credentialChanged { change credentialId cursor credential { name description } } }`);
  await nudgeUntilHeard(stream);
  cursorBefore = stream.events.at(-1).cursor;
  callers.forEach((caller, i) => {
    const subscribe = i % 2 === 0 ? subscribeSse : subscribeWs;
    live.set(caller.label, subscribe(gateway.url, `subscription { credentialChanged { change credentialId cursor } }`, {}, undefined, caller.token));
  });
  // Every caller sees the account credential: once each heard a nudge, all are listening.
  await nudgeUntilHeard(...live.values());
  for (const scope of SCOPES) {
    await gateway.data(`mutation($input: UpdateCredentialInput!) { updateCredential(input: $input) { __typename } }`, { input: { id: credentialId[scope], description: `touched ${scope}` } });
  }
  await touchSentinel();
  sentinelId = eventId(await stream.waitFor((e) => e.credentialId === credentialId.account && e.credential?.description === SENTINEL));
  await stream.close();
  callers.forEach((caller, i) => {
    const subscribe = i % 2 === 0 ? subscribeWs : subscribeSse;
    replayed.set(caller.label, subscribe(gateway.url, `subscription($after: String) { credentialChanged(after: $after) { change credentialId cursor } }`, { after: cursorBefore }, undefined, caller.token));
  });
}, 240_000);

afterAll(async () => {
  await Promise.all([...live.values(), ...replayed.values()].map((s) => s.close()));
  await gateway?.stop();
});

let nudges = 0;
/** Touches the account credential (every caller sees it) until each stream has heard of it: they are all listening then. */
async function nudgeUntilHeard(...streams: Subscription<any>[]): Promise<void> {
  const deaf = new Set(streams);
  while (deaf.size > 0) {
    await gateway.data(`mutation($input: UpdateCredentialInput!) { updateCredential(input: $input) { __typename } }`, { input: { id: credentialId.account, description: `nudge ${nudges++}` } });
    await Promise.all([...deaf].map(async (stream) => {
      try {
        await stream.waitFor((e) => e.credentialId === credentialId.account && e.change === 'UPDATED', 500);
        deaf.delete(stream);
      } catch {
        // not listening yet
      }
    }));
  }
}

const SENTINEL = 'sentinel';
/** The last change of the set-up: every caller sees the account credential, so every stream gets it. */
async function touchSentinel(): Promise<void> {
  await gateway.data(`mutation($input: UpdateCredentialInput!) { updateCredential(input: $input) { __typename } }`, { input: { id: credentialId.account, description: SENTINEL } });
}
let sentinelId = 0;
/** The change log position of an event (its cursor names it). */
const eventId = (e: { cursor: string }) => Number(Buffer.from(e.cursor, 'base64url').toString().split(':')[1]);

/** The scopes of the credentials a stream delivered events of, up to the sentinel (which every stream gets). */
async function heardScopes(stream: Subscription<any>): Promise<string[]> {
  await stream.waitFor((e) => eventId(e) >= sentinelId, 20_000);
  const byId = new Map(SCOPES.map((s) => [credentialId[s], s as string]));
  const heard = stream.events.filter((e) => eventId(e) <= sentinelId).map((e) => byId.get(e.credentialId) ?? `unknown ${e.credentialId}`);
  expect(stream.events.some((e) => eventId(e) === sentinelId)).toBe(true);
  return sorted([...new Set(heard)]);
}

const namesOf = (scopes: ScopeName[]) => sorted(scopes.map(credentialName));
const scopeOf = (name: string) => SCOPES.find((s) => credentialName(s) === name);

describe('rules that cannot be given', () => {
  it('SYSTEM_ADMINISTRATOR below the account is refused', () => {
    expect(refusedRules).toHaveLength(5);
    for (const refused of refusedRules) expect(refused.typename, `${refused.role}@${refused.ruleScope}`).toBe('ValidationError');
  });
});

describe.each(ROLES.flatMap((role) => RULE_SCOPES.filter((s) => role !== 'SYSTEM_ADMINISTRATOR' || s === 'account').map((s) => `${role}@${s}`)))('%s', (label) => {
  const caller = () => callers.find((c) => c.label === label)!;

  it.each(SCOPES)('credential(id) and node(id) of the %s credential', async (scope) => {
    const { token, visible } = caller();
    const result = await dataAs(gateway.url, token, `query($id: ID!) { credential(id: $id) { name } node(id: $id) { id } }`, { id: credentialId[scope] });
    if (visible.includes(scope)) {
      expect(result.credential).toEqual({ name: credentialName(scope) });
      expect(result.node).toEqual({ id: credentialId[scope] });
    } else {
      expect(result).toEqual({ credential: null, node: null });
    }
  });

  it('nodes(ids) of every credential', async () => {
    const { token, visible } = caller();
    const result = await dataAs(gateway.url, token, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Credential { name } } }`, { ids: SCOPES.map((s) => credentialId[s]) });
    expect(result.nodes).toEqual(SCOPES.map((s) => (visible.includes(s) ? { name: credentialName(s) } : null)));
  });

  it('the list and its totalCount', async () => {
    const { token, visible } = caller();
    const result = await dataAs(gateway.url, token, `{ credentials(first: 100, where: { name: { startsWith: "matrix " } }) { totalCount edges { node { name dataSources { name } } } } }`);
    expect(sorted(result.credentials.edges.map((e: any) => e.node.name))).toEqual(namesOf(visible));
    expect(result.credentials.totalCount).toBe(visible.length);
    for (const edge of result.credentials.edges) expect(edge.node.dataSources).toEqual([{ name: `volume ${scopeOf(edge.node.name)}` }]);
  });

  it('the CSV export', async () => {
    const { token, visible } = caller();
    const where = encodeURIComponent(JSON.stringify({ name: { startsWith: 'matrix ' } }));
    const response = await fetch(`${gateway.url}/export/credentials.csv?columns=NAME&where=${where}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const rows = parse(await response.text(), { columns: true, bom: true }) as { Credential: string }[];
    expect(sorted(rows.map((r) => r.Credential))).toEqual(namesOf(visible));
    expect(response.headers.get('x-total-count')).toBe(String(visible.length));
  });

  it('a live subscription delivers the events of visible credentials only', async () => {
    const { visible } = caller();
    expect(await heardScopes(live.get(label)!)).toEqual(sorted(visible));
  });

  it('a replayed subscription delivers the past events of visible credentials only', async () => {
    const { visible } = caller();
    expect(await heardScopes(replayed.get(label)!)).toEqual(sorted(visible));
  });

  it.each(SCOPES)('permissions at the %s scope', async (scope) => {
    const { token, visible, writable, admin } = caller();
    const result = await dataAs(gateway.url, token, `query($scope: ScopeInput!) { me { permissions(scope: $scope) { viewCredentials createCredentials editCredentials deleteCredentials manageOrgTree manageUsers readAuditLog } } }`, { scope: scopeInput[scope] });
    const may = writable.includes(scope);
    expect(result.me.permissions).toEqual({
      viewCredentials: visible.includes(scope), createCredentials: may, editCredentials: may, deleteCredentials: may,
      manageOrgTree: admin, manageUsers: admin, readAuditLog: admin,
    });
  });

  it.each(SCOPES)('rename and rotate the %s credential', async (scope) => {
    const { token, visible, writable } = caller();
    const expected = !visible.includes(scope) ? 'NotFoundError' : writable.includes(scope) ? 'Success' : 'ForbiddenError';
    const update = await dataAs(gateway.url, token, `mutation($input: UpdateCredentialInput!) { updateCredential(input: $input) { __typename } }`, { input: { id: credentialId[scope], description: `by ${label}` } });
    expect(update.updateCredential.__typename.replace('UpdateCredential', '')).toBe(expected);
    const rotate = await dataAs(gateway.url, token, `mutation($input: RotateCredentialInput!) { rotateCredential(input: $input) { __typename } }`, { input: { id: credentialId[scope], username: 'u', password: `new-${label}` } });
    expect(rotate.rotateCredential.__typename.replace('RotateCredential', '')).toBe(expected);
  });

  it.each(SCOPES)('delete the %s credential (in use: a permitted delete is answered CredentialInUseError)', async (scope) => {
    const { token, visible, writable } = caller();
    const expected = !visible.includes(scope) ? 'NotFoundError' : writable.includes(scope) ? 'CredentialInUseError' : 'ForbiddenError';
    const result = await dataAs(gateway.url, token, `mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename ... on CredentialInUseError { usedBy { name } hiddenCount } } }`, { id: credentialId[scope] });
    expect(result.deleteCredential.__typename).toBe(expected);
    if (expected === 'CredentialInUseError') expect(result.deleteCredential).toMatchObject({ usedBy: [{ name: `volume ${scope}` }], hiddenCount: 0 });
  });

  it.each(SCOPES)('create a credential at the %s scope', async (scope) => {
    const { token, visible, writable } = caller();
    const expected = !visible.includes(scope) ? 'NotFoundError' : writable.includes(scope) ? 'CreatePasswordCredentialSuccess' : 'ForbiddenError';
    const name = `made ${label} ${scope}`;
    const result = await dataAs(gateway.url, token, `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { __typename ... on CreatePasswordCredentialSuccess { credential { id } } } }`, {
      input: { name, scope: scopeInput[scope], username: 'u', password: 'p' },
    });
    expect(result.createPasswordCredential.__typename).toBe(expected);
    const made = await gateway.data(`query($name: String!) { credentials(where: { name: { eq: $name } }) { totalCount } }`, { name });
    expect(made.credentials.totalCount).toBe(expected === 'CreatePasswordCredentialSuccess' ? 1 : 0);
    if (made.credentials.totalCount) {
      await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id: result.createPasswordCredential.credential.id });
    }
  });

  it.each(SCOPES)('existing secrets of the %s scope', async (scope) => {
    const { token, visible } = caller();
    const result = await gqlAs(gateway.url, token, `query($scope: ScopeInput!) { existingSecrets(scope: $scope) { name } }`, { scope: scopeInput[scope] });
    if (visible.includes(scope)) expect(result.errors).toBeUndefined();
    else expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('data sources, the org tree and workload rendering show only visible scopes', async () => {
    const { token, visible } = caller();
    const result = await dataAs(gateway.url, token, `{ dataSources(first: 100) { totalCount edges { node { name } } } clusters { name departments { name projects { name } } } }`);
    expect(sorted(result.dataSources.edges.map((e: any) => e.node.name))).toEqual(sorted(visible.map((s) => `volume ${s}`)));
    expect(result.dataSources.totalCount).toBe(visible.length);
    const tree = result.clusters.flatMap((c: any) => [c.name === 'local' ? 'cluster' : c.name, ...c.departments.flatMap((d: any) => [d.name, ...d.projects.map((p: any) => p.name)])]);
    expect(sorted(tree)).toEqual(sorted(visible.filter((s) => s !== 'account')));
    for (const project of ['vision', 'language', 'platform'] as const) {
      const spec = await gqlAs(gateway.url, token, `query($input: WorkloadSpecInput!) { workloadSpec(input: $input) { namespace env { name } } }`, {
        input: { projectId: scopeInput[project]!.id, credentialVariables: [{ name: 'PASSWORD', credentialId: credentialId.account, key: 'password' }] },
      });
      if (visible.includes(project)) expect(spec.data?.workloadSpec.env).toEqual([{ name: 'PASSWORD' }]);
      else expect(spec.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('the audit log and the users are the system administrators\'', async () => {
    const { token, admin } = caller();
    const result = await gqlAs(gateway.url, token, `{ auditEvents(first: 1) { totalCount } }`);
    if (admin) expect(result.errors).toBeUndefined();
    else expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('escalation attempts change nothing', () => {
  const viewerOf = (ruleScope: ScopeName, role = 'EDITOR') => callers.find((c) => c.role === role && c.ruleScope === ruleScope)!;
  const countAll = async () => (await gateway.data(`{ credentials { totalCount } }`)).credentials.totalCount as number;

  it('an editor of a project cannot create at its department, and a department administrator cannot move a project', async () => {
    const before = await countAll();
    const create = await dataAs(gateway.url, viewerOf('vision').token, `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { __typename } }`, {
      input: { name: 'up one level', scope: scopeInput.research, username: 'u', password: 'p' },
    });
    expect(create.createPasswordCredential.__typename).toBe('ForbiddenError');
    const move = await dataAs(gateway.url, viewerOf('research', 'DEPARTMENT_ADMINISTRATOR').token, `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { __typename } }`, {
      input: { id: scopeInput.vision!.id, departmentId: scopeInput.engineering!.id },
    });
    expect(move.updateProject.__typename).toBe('ForbiddenError');
    const tree = await demoTree(gateway);
    expect(tree.projects.vision).toBeDefined();
    const research = await gateway.data(`query($id: ID!) { node(id: $id) { ... on Department { projects { name } } } }`, { id: scopeInput.research!.id });
    expect(research.node.projects.map((p: any) => p.name).sort()).toEqual(['language', 'vision']);
    expect(await countAll()).toBe(before);
  });

  it('a credential cannot be given another scope by an update', async () => {
    const result = await gqlAs(gateway.url, viewerOf('research').token, `mutation { updateCredential(input: { id: "${credentialId.vision}", scope: { type: ACCOUNT } }) { __typename } }`);
    expect(result.errors?.length).toBeGreaterThan(0);
    const after = await gateway.data(`query($id: ID!) { credential(id: $id) { scope { type name } } }`, { id: credentialId.vision });
    expect(after.credential.scope).toEqual({ type: 'PROJECT', name: 'vision' });
  });

  it('a filter naming an invisible credential or department yields nothing, in the list, the CSV and a subscription', async () => {
    const caller = viewerOf('research', 'VIEWER');
    const byName = await dataAs(gateway.url, caller.token, `{ credentials(where: { name: { eq: "${credentialName('platform')}" } }) { totalCount } }`);
    expect(byName.credentials.totalCount).toBe(0);
    const where = encodeURIComponent(JSON.stringify({ scope: scopeInput.engineering }));
    const csv = await fetch(`${gateway.url}/export/credentials.csv?where=${where}`, { headers: { authorization: `Bearer ${caller.token}` } });
    expect(csv.headers.get('x-total-count')).toBe('0');
    expect((parse(await csv.text(), { columns: true, bom: true }) as unknown[]).length).toBe(0);
    const stream = subscribeSse(gateway.url, `subscription($where: CredentialWhere) { credentialChanged(where: $where) { change credentialId credential { description } } }`, { where: { or: [{ name: { eq: credentialName('platform') } }, { name: { eq: credentialName('account') } }] } }, undefined, caller.token);
    try {
      await nudgeUntilHeard(stream);
      await gateway.data(`mutation($input: UpdateCredentialInput!) { updateCredential(input: $input) { __typename } }`, { input: { id: credentialId.platform, description: 'hidden change' } });
      await gateway.data(`mutation($input: UpdateCredentialInput!) { updateCredential(input: $input) { __typename } }`, { input: { id: credentialId.account, description: 'after the hidden change' } });
      await stream.waitFor((e) => e.credentialId === credentialId.account && e.credential?.description === 'after the hidden change');
      expect(stream.events.some((e) => e.credentialId === credentialId.platform)).toBe(false);
    } finally {
      await stream.close();
    }
  });

  it('a deletion reaches only subscribers who could see the credential', async () => {
    const insider = viewerOf('engineering', 'VIEWER');
    const outsider = viewerOf('research', 'VIEWER');
    const made = await gateway.data(`mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`, {
      input: { name: 'short-lived platform', scope: scopeInput.platform, username: 'u', password: 'p' },
    });
    const id = made.createPasswordCredential.credential.id;
    const inside = subscribeWs(gateway.url, `subscription { credentialChanged { change credentialId credential { description } } }`, {}, undefined, insider.token);
    const outside = subscribeWs(gateway.url, `subscription { credentialChanged { change credentialId credential { description } } }`, {}, undefined, outsider.token);
    try {
      await nudgeUntilHeard(inside, outside);
      await gateway.data(`mutation($id: ID!) { deleteCredential(input: { id: $id }) { __typename } }`, { id });
      await inside.waitFor((e) => e.credentialId === id && e.change === 'DELETED');
      await gateway.data(`mutation($input: UpdateCredentialInput!) { updateCredential(input: $input) { __typename } }`, { input: { id: credentialId.account, description: 'after the deletion' } });
      await outside.waitFor((e) => e.credentialId === credentialId.account && e.credential?.description === 'after the deletion');
      expect(outside.events.some((e) => e.credentialId === id)).toBe(false);
    } finally {
      await inside.close();
      await outside.close();
    }
  });
});
