import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { demoTree, startGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../support/gateway.js';
import { dataAs, userWithRules } from './support.js';

// An account credential is visible to everyone with a rule; the environments and data sources that
// use it are not: those of another department must not show their names to a project's viewer in
// any column, filter, search, ordering, CSV or REST answer, while an administrator sees them.

let gateway: TestGateway;
let viewer: string;
let credentialId: string;
const HIDDEN_ENVIRONMENT = 'aardvark-engineering-env';
const HIDDEN_SOURCE = 'aardvark-engineering-bucket';
const SHOWN_ENVIRONMENT = 'vision-env';
const SHOWN_SOURCE = 'vision-bucket';

const TABLE = `query($where: CredentialWhere, $search: String, $orderBy: [CredentialOrder!]) {
  credentials(where: $where, search: $search, orderBy: $orderBy, first: 50) {
    totalCount edges { cursor node { id name environments { name } dataSources { name } } }
  }
}`;

const table = (token: string, variables: Record<string, unknown> = {}) => dataAs(gateway.url, token, TABLE, variables).then((d) => d.credentials);

async function csv(token: string, params: Record<string, unknown> = {}) {
  const url = new URL('/export/credentials.csv', gateway.url);
  url.searchParams.set('columns', 'NAME,ENVIRONMENTS,DATA_SOURCES');
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, total: response.headers.get('x-total-count'), records: parse(text) as string[][] };
}

async function restUsage(token: string) {
  const response = await fetch(`${gateway.url}/api/v1/asset/credentials/access-key/${encodeURIComponent(credentialId)}?usageInfo=true`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  const list = await fetch(`${gateway.url}/api/v1/asset/credentials?usageInfo=true`, { headers: { authorization: `Bearer ${token}` } });
  expect(list.status).toBe(200);
  return { one: await response.text(), list: await list.text() };
}

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  const { departments, projects } = await demoTree(gateway);
  const created = await gateway.data(
    `mutation { createAccessKeyCredential(input: { name: "shared-s3", scope: { type: ACCOUNT }, accessKeyId: "AKIAEXAMPLE", secretAccessKey: "canary-asset-names" }) {
      __typename ... on CreateAccessKeyCredentialSuccess { credential { id } } ... on Error { message } } }`,
  );
  credentialId = created.createAccessKeyCredential.credential.id;
  const environment = (name: string, scope: Record<string, string>) =>
    gateway.data(
      `mutation($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { __typename ... on Error { message } } }`,
      { input: { name, scope, image: 'python:3.12', variables: [{ name: 'AWS_ACCESS_KEY_ID', credentialId, key: 'accessKeyId' }] } },
    ).then((r) => expect(r.createEnvironment.__typename).toBe('CreateEnvironmentSuccess'));
  const dataSource = (name: string, scope: Record<string, string>) =>
    gateway.data(
      `mutation($input: CreateS3DataSourceInput!) { createS3DataSource(input: $input) { __typename ... on Error { message } } }`,
      { input: { name, scope, bucket: name, credentialId } },
    ).then((r) => expect(r.createS3DataSource.__typename).toBe('CreateS3DataSourceSuccess'));
  await environment(HIDDEN_ENVIRONMENT, { type: 'DEPARTMENT', id: departments.engineering.id });
  await dataSource(HIDDEN_SOURCE, { type: 'DEPARTMENT', id: departments.engineering.id });
  await environment(SHOWN_ENVIRONMENT, { type: 'PROJECT', id: projects.vision.id });
  await dataSource(SHOWN_SOURCE, { type: 'PROJECT', id: projects.vision.id });
  // Two more credentials of the viewer's project, one used by nothing and one by assets named
  // "mid…", which sort between the hidden "aardvark…" and the shown "vision…" names.
  await gateway.data(`mutation($id: ID!) { createPasswordCredential(input: { name: "unused", scope: { type: PROJECT, id: $id }, username: "u", password: "p" }) { __typename } }`, {
    id: projects.vision.id,
  });
  const middle = await gateway.data(`mutation($id: ID!) { createAccessKeyCredential(input: { name: "middle", scope: { type: PROJECT, id: $id }, accessKeyId: "AKIAMIDDLE", secretAccessKey: "canary-middle" }) {
    ... on CreateAccessKeyCredentialSuccess { credential { id } } } }`, { id: projects.vision.id });
  const shared = credentialId;
  credentialId = middle.createAccessKeyCredential.credential.id;
  await environment('mid-env', { type: 'PROJECT', id: projects.vision.id });
  await dataSource('mid-bucket', { type: 'PROJECT', id: projects.vision.id });
  credentialId = shared;
  ({ token: viewer } = await userWithRules(gateway, 'vision-viewer', [{ role: 'VIEWER', scope: { type: 'PROJECT', id: projects.vision.id } }]));
}, 60_000);

afterAll(() => gateway?.stop());

describe('names of environments and data sources in scopes the caller cannot see', () => {
  test('table cells: the administrator sees both, the viewer only those of their project', async () => {
    const admin = await table(TEST_ADMIN_TOKEN, { where: { name: { eq: 'shared-s3' } } });
    expect(admin.edges[0].node.environments.map((e: { name: string }) => e.name).sort()).toEqual([SHOWN_ENVIRONMENT, HIDDEN_ENVIRONMENT].sort());
    expect(admin.edges[0].node.dataSources.map((e: { name: string }) => e.name).sort()).toEqual([SHOWN_SOURCE, HIDDEN_SOURCE].sort());
    const own = await table(viewer, { where: { name: { eq: 'shared-s3' } } });
    expect(own.edges[0].node.environments).toEqual([{ name: SHOWN_ENVIRONMENT }]);
    expect(own.edges[0].node.dataSources).toEqual([{ name: SHOWN_SOURCE }]);
  });

  test.each([
    ['environment', HIDDEN_ENVIRONMENT],
    ['dataSource', HIDDEN_SOURCE],
  ])('filtering by %s finds it for the administrator and nothing for the viewer', async (field, hidden) => {
    for (const filter of [{ eq: hidden }, { contains: 'aardvark' }, { startsWith: 'aardvark' }, { endsWith: hidden.slice(-8) }, { in: [hidden] }]) {
      const admin = await table(TEST_ADMIN_TOKEN, { where: { [field]: filter } });
      expect(admin.edges.map((e: any) => e.node.name), JSON.stringify(filter)).toEqual(['shared-s3']);
      const own = await table(viewer, { where: { [field]: filter } });
      expect(own.totalCount, JSON.stringify(filter)).toBe(0);
    }
    // The negations: "no name is it" holds for the viewer's shared credential, whose only names they see are others.
    const neq = await table(viewer, { where: { [field]: { neq: hidden } } });
    expect(neq.edges.map((e: any) => e.node.name).sort()).toEqual(['middle', 'shared-s3', 'unused']);
    const notContains = await table(viewer, { where: { [field]: { notContains: 'aardvark' } } });
    expect(notContains.totalCount).toBe(3);
    expect((await table(TEST_ADMIN_TOKEN, { where: { [field]: { notContains: 'aardvark' } } })).edges.map((e: any) => e.node.name)).not.toContain('shared-s3');
  });

  test('free-text search does not hit the hidden names', async () => {
    for (const search of ['aardvark', HIDDEN_ENVIRONMENT, HIDDEN_SOURCE, 'engineering-bucket']) {
      expect((await table(TEST_ADMIN_TOKEN, { search })).totalCount, search).toBe(1);
      expect((await table(viewer, { search })).totalCount, search).toBe(0);
    }
    expect((await table(viewer, { search: 'vision-bucket' })).totalCount).toBe(1);
  });

  test('ordering by the list columns sorts by the names the viewer sees, and cursors carry no hidden name', async () => {
    const decoded = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');
    for (const column of ['ENVIRONMENTS', 'DATA_SOURCES']) {
      // The viewer sees "vision…" on shared-s3, which sorts after "mid…"; the hidden "aardvark…, vision…" would sort before it.
      const own = await table(viewer, { orderBy: [{ column, direction: 'DESC' }] });
      expect(own.edges.map((e: any) => e.node.name), column).toEqual(['shared-s3', 'middle', 'unused']);
      for (const edge of own.edges) expect(decoded(edge.cursor)).not.toMatch(/aardvark/i);
      const admin = await table(TEST_ADMIN_TOKEN, { orderBy: [{ column, direction: 'DESC' }] });
      const adminNames = admin.edges.map((e: any) => e.node.name);
      expect(adminNames.indexOf('middle')).toBeLessThan(adminNames.indexOf('shared-s3'));
      expect(decoded(admin.edges[adminNames.indexOf('shared-s3')].cursor)).toMatch(/aardvark/);
      // Paging on with the viewer's cursor continues in the viewer's order.
      const next = await dataAs(gateway.url, viewer, `query($after: String, $orderBy: [CredentialOrder!]) { credentials(first: 5, after: $after, orderBy: $orderBy) { edges { node { name } } } }`, {
        after: own.edges[0].cursor, orderBy: [{ column, direction: 'DESC' }],
      });
      expect(next.credentials.edges.map((e: any) => e.node.name)).toEqual(['middle', 'unused']);
    }
  });

  test('CSV: the viewer gets only their names, in cells, filters, search and ordering', async () => {
    const admin = await csv(TEST_ADMIN_TOKEN, { where: { name: { eq: 'shared-s3' } } });
    expect(admin.records[1]).toEqual(['shared-s3', `${HIDDEN_ENVIRONMENT}, ${SHOWN_ENVIRONMENT}`, `${HIDDEN_SOURCE}, ${SHOWN_SOURCE}`]);
    const own = await csv(viewer, { orderBy: [{ column: 'ENVIRONMENTS', direction: 'DESC' }] });
    expect(own.text).not.toMatch(/aardvark/i);
    expect(own.records.slice(1)).toEqual([['shared-s3', SHOWN_ENVIRONMENT, SHOWN_SOURCE], ['middle', 'mid-env', 'mid-bucket'], ['unused', '', '']]);
    for (const params of [{ search: 'aardvark' }, { where: { environment: { eq: HIDDEN_ENVIRONMENT } } }, { where: { dataSource: { contains: 'aardvark' } } }]) {
      const filtered = await csv(viewer, params);
      expect(filtered.total, JSON.stringify(params)).toBe('0');
      expect(filtered.records).toHaveLength(1);
      expect((await csv(TEST_ADMIN_TOKEN, params)).total, JSON.stringify(params)).toBe('1');
    }
  });

  test('REST usedBy: the viewer gets only their assets', async () => {
    const admin = await restUsage(TEST_ADMIN_TOKEN);
    expect(admin.one).toContain(HIDDEN_ENVIRONMENT);
    expect(admin.one).toContain(HIDDEN_SOURCE);
    const own = await restUsage(viewer);
    expect(own.one).toContain(SHOWN_ENVIRONMENT);
    expect(own.one).toContain(SHOWN_SOURCE);
    expect(own.one).not.toMatch(/aardvark/i);
    expect(own.list).not.toMatch(/aardvark/i);
  });
});
