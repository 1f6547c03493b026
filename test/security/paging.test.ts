import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoTree, startGateway, type TestGateway } from '../support/gateway.js';

// Paging arguments out of range are a typed BAD_USER_INPUT error on every list (one rule,
// src/domain/paging.ts), never silently clamped, and `last:` means the end of the list.

let gateway: TestGateway;
let credentialId: string;

interface GqlError {
  message: string;
  extensions?: { code?: string; fieldErrors?: { path: string[]; message: string }[] };
}

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  const { projects } = await demoTree(gateway);
  for (let i = 0; i < 6; i++) {
    const { c } = await gateway.data(
      `mutation($input: CreatePasswordCredentialInput!) { c: createPasswordCredential(input: $input) { ... on CreatePasswordCredentialSuccess { credential { id } } } }`,
      { input: { name: `paged ${i}`, scope: { type: 'PROJECT', id: projects.vision.id }, username: 'u', password: 'p' } },
    );
    credentialId = c.credential.id;
    await gateway.data(`mutation($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { __typename } }`, {
      input: { name: `env ${i}`, scope: { type: 'ACCOUNT' }, image: 'busybox' },
    });
    await gateway.data(`mutation($input: CreateS3DataSourceInput!) { createS3DataSource(input: $input) { __typename } }`, {
      input: { name: `bucket ${i}`, scope: { type: 'ACCOUNT' }, bucket: `bucket-${i}` },
    });
  }
});
afterAll(() => gateway?.stop());

/** Runs a query expected to be refused and returns its single error. */
async function refused(query: string, variables?: Record<string, unknown>): Promise<GqlError> {
  const result = await gateway.gql(query, variables);
  expect(result.data ?? null, query).toBeNull();
  expect(result.errors, query).toHaveLength(1);
  return result.errors![0] as GqlError;
}

const auditCount = async () => (await gateway.data(`{ auditEvents(first: 0) { totalCount } }`)).auditEvents.totalCount as number;

const lists = [
  { field: 'auditEvents', max: 500 },
  { field: 'credentials', max: 1000 },
  { field: 'environments', max: 100 },
  { field: 'dataSources', max: 100 },
];

describe.each(lists)('$field paging arguments', ({ field, max }) => {
  test.each([
    ['first: 1000000', 'first'],
    ['first: -1', 'first'],
    [`first: ${max + 1}`, 'first'],
    ['last: -1', 'last'],
    ['last: 1000000', 'last'],
  ])('%s is a BAD_USER_INPUT error naming the argument, not a clamped page', async (args, path) => {
    const before = await auditCount();
    const error = await refused(`{ ${field}(${args}) { totalCount edges { cursor } } }`);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.fieldErrors).toEqual([{ path: [path], message: `must be between 0 and ${max}` }]);
    expect(await auditCount()).toBe(before);
  });

  test('mixed directions and foreign cursors are refused the same way', async () => {
    const { [field]: page } = await gateway.data(`{ ${field}(first: 2) { edges { cursor } } }`);
    const cursor = page.edges[0].cursor as string;
    for (const [args, path] of [
      ['first: 1, last: 1', 'last'],
      [`after: "${cursor}", before: "${cursor}", first: 1`, 'before'],
      [`first: 1, before: "${cursor}"`, 'before'],
      [`last: 1, after: "${cursor}"`, 'after'],
      ['first: 1, after: "not a cursor"', 'after'],
      [`first: 1, after: "${Buffer.from('OffsetConnection:-5').toString('base64')}"`, 'after'],
      [`last: 1, before: "${Buffer.from('0').toString('base64url')}"`, 'before'],
    ] as const) {
      const error = await refused(`{ ${field}(${args}) { edges { cursor } } }`);
      expect(error.extensions?.code, args).toBe('BAD_USER_INPUT');
      expect(error.extensions?.fieldErrors?.map((e) => e.path), args).toContainEqual([path]);
    }
  });

  test('last: 2 is the last two of the list, in the list\'s order, and paging backwards meets paging forwards', async () => {
    const nodeFields = field === 'auditEvents' ? 'id' : 'id name';
    const all = (await gateway.data(`{ ${field}(first: ${max}) { totalCount edges { node { ${nodeFields} } } } }`))[field];
    expect(all.edges.length).toBe(all.totalCount);
    expect(all.totalCount).toBeGreaterThan(4);
    const last = (await gateway.data(`{ ${field}(last: 2) { edges { cursor node { ${nodeFields} } } pageInfo { hasPreviousPage } } }`))[field];
    expect(last.edges.map((e: any) => e.node)).toEqual(all.edges.slice(-2).map((e: any) => e.node));
    expect(last.pageInfo.hasPreviousPage).toBe(true);

    const backwards: unknown[] = [];
    let before: string | undefined = undefined;
    for (;;) {
      const args: string = before ? `last: 2, before: "${before}"` : 'last: 2';
      const page: any = (await gateway.data(`{ ${field}(${args}) { edges { cursor node { ${nodeFields} } } pageInfo { hasPreviousPage startCursor } } }`))[field];
      backwards.unshift(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backwards).toEqual(all.edges.map((e: any) => e.node));
  });
});

describe('auditEvents in detail', () => {
  test('last: 2 returns the two oldest events, newest first like the rest of the list', async () => {
    const { auditEvents: all } = await gateway.data(`{ auditEvents(first: 500) { edges { node { id } } } }`);
    const oldestFirst = all.edges.map((e: any) => Number(e.node.id)).sort((a: number, b: number) => a - b);
    const { auditEvents } = await gateway.data(`{ auditEvents(last: 2) { edges { node { id } } } }`);
    expect(auditEvents.edges.map((e: any) => Number(e.node.id))).toEqual([oldestFirst[1], oldestFirst[0]]);
  });

  test('first: 0 is an empty page that still counts', async () => {
    const { auditEvents } = await gateway.data(`{ auditEvents(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }`);
    expect(auditEvents.edges).toEqual([]);
    expect(auditEvents.totalCount).toBeGreaterThan(0);
    expect(auditEvents.pageInfo.hasNextPage).toBe(true);
  });
});

describe('statusHistory(first:)', () => {
  test.each([-1, 501, 1000000])('first: %d is a BAD_USER_INPUT error', async (first) => {
    const result = await gateway.gql(`query($id: ID!, $first: Int) { credential(id: $id) { statusHistory(first: $first) { phase } } }`, { id: credentialId, first });
    expect(result.errors).toHaveLength(1);
    const error = result.errors![0] as GqlError;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.fieldErrors).toEqual([{ path: ['first'], message: 'must be between 0 and 500' }]);
  });
});
