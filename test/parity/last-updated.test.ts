import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { adminHeaders, startGateway, type TestGateway } from '../support/gateway.js';
import { demoScopes, seedCredentials } from '../table/seed.js';

/** "Last updated" and "Updated by" as table columns (issue 13): filter, sort, search, CSV. */
let gateway: TestGateway;

const LIST = `query($where: CredentialWhere, $search: String, $orderBy: [CredentialOrder!]) {
  credentials(where: $where, search: $search, orderBy: $orderBy, first: 100) { totalCount edges { node { name updatedAt updatedBy } } }
}`;

async function names(variables: Record<string, unknown>): Promise<string[]> {
  const { credentials } = await gateway.data(LIST, variables);
  return credentials.edges.map((e: any) => e.node.name);
}

async function csv(params: Record<string, unknown>): Promise<{ response: Response; records: string[][] }> {
  const url = new URL('/export/credentials.csv', gateway.url);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await fetch(url, { headers: adminHeaders() });
  return { response, records: parse(await response.text()) as string[][] };
}

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  const s = demoScopes(gateway.app);
  seedCredentials(gateway.app, [
    // never changed: Last updated shows its creation
    { name: 'untouched', scope: s.vision, createdBy: 'alice', createdAt: '2024-01-10T08:00:00.000Z' },
    { name: 'renamed', scope: s.vision, createdBy: 'alice', createdAt: '2024-01-05T08:00:00.000Z', updatedBy: 'zoe', updatedAt: '2024-06-20T09:30:00.000Z' },
    { name: 'rotated', scope: s.research, createdBy: 'bob', createdAt: '2024-02-01T08:00:00.000Z', updatedBy: 'yann', updatedAt: '2024-03-15T12:00:00.000Z' },
  ]);
});

afterAll(() => gateway?.stop());

describe('Last updated', () => {
  test('sorts by the last change, a never-changed credential by its creation', async () => {
    expect(await names({ orderBy: [{ column: 'UPDATED_AT', direction: 'ASC' }] })).toEqual(['untouched', 'rotated', 'renamed']);
    expect(await names({ orderBy: [{ column: 'UPDATED_AT', direction: 'DESC' }] })).toEqual(['renamed', 'rotated', 'untouched']);
    expect(await names({ orderBy: [{ column: 'UPDATED_BY', direction: 'ASC' }] })).toEqual(['untouched', 'rotated', 'renamed']);
  });

  test('filters by a time range and by who changed it', async () => {
    expect(await names({ where: { updatedAt: { from: '2024-03-01T00:00:00Z' } } })).toEqual(['renamed', 'rotated']);
    expect(await names({ where: { updatedAt: { to: '2024-02-01T00:00:00Z' } } })).toEqual(['untouched']);
    expect(await names({ where: { updatedBy: { eq: 'ALICE' } } })).toEqual(['untouched']);
    expect(await names({ where: { updatedBy: { startsWith: 'y' } } })).toEqual(['rotated']);
    expect(await names({ where: { not: { updatedBy: { in: ['zoe', 'yann'] } } } })).toEqual(['untouched']);
  });

  test('bad ranges are refused with field paths', async () => {
    const result = await gateway.gql(LIST, { where: { updatedAt: { from: '2024-05-01T00:00:00Z', to: '2024-04-01T00:00:00Z' } } });
    expect((result.errors?.[0] as any).extensions.fieldErrors).toEqual([{ path: ['where', 'updatedAt', 'to'], message: 'must not be before from' }]);
  });

  test('free text finds the shown dates of creation and of the last change', async () => {
    expect(await names({ search: '2024-06-20' })).toEqual(['renamed']);
    expect(await names({ search: '2024-01-05' })).toEqual(['renamed']);
    expect(await names({ search: '2024-01' })).toEqual(['renamed', 'untouched']);
    expect(await names({ search: '12:00' })).toEqual(['rotated']);
    expect(await names({ search: 'yann' })).toEqual(['rotated']);
    // letters alone do not match every row through the dates' "T"
    expect(await names({ search: 't' })).toEqual(['rotated', 'untouched']);
  });

  test('a rename through the API moves the credential to the top of Last updated', async () => {
    const { credentials } = await gateway.data(`{ credentials(where: { name: { eq: "untouched" } }) { edges { node { id } } } }`);
    const id = credentials.edges[0].node.id;
    const result = await gateway.data(
      `mutation($id: ID!) { updateCredential(input: { id: $id, description: "now documented" }) { __typename ... on UpdateCredentialSuccess { credential { updatedAt updatedBy } } } }`,
      { id },
    );
    expect(result.updateCredential.__typename).toBe('UpdateCredentialSuccess');
    const { updatedAt, updatedBy } = result.updateCredential.credential;
    expect(Date.parse(updatedAt)).toBeGreaterThan(Date.parse('2024-06-20T09:30:00.000Z'));
    expect(await names({ orderBy: [{ column: 'UPDATED_AT', direction: 'DESC' }] })).toEqual(['untouched', 'renamed', 'rotated']);
    expect(await names({ where: { updatedBy: { eq: updatedBy } } })).toEqual(['untouched']);
  });

  test('the CSV export has both columns, filtered and sorted the same way', async () => {
    const { response, records } = await csv({
      columns: 'NAME,CREATED_AT,UPDATED_BY,UPDATED_AT',
      where: { updatedAt: { to: '2024-07-01T00:00:00Z' } },
      orderBy: [{ column: 'UPDATED_AT', direction: 'ASC' }],
    });
    expect(response.status).toBe(200);
    expect(records).toEqual([
      ['Credential', 'Creation time', 'Updated by', 'Last updated'],
      ['rotated', '2024-02-01T08:00:00.000Z', 'yann', '2024-03-15T12:00:00.000Z'],
      ['renamed', '2024-01-05T08:00:00.000Z', 'zoe', '2024-06-20T09:30:00.000Z'],
    ]);
    const all = await csv({ orderBy: [{ column: 'NAME', direction: 'ASC' }] });
    expect(all.records[0].slice(-2)).toEqual(['Updated by', 'Last updated']);
  });
});
