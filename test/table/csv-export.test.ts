import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { adminHeaders, startGateway, type TestGateway } from '../support/gateway.js';
import { demoScopes, seedCredentials } from './seed.js';

let gateway: TestGateway;

const exportUrl = (params: Record<string, unknown> = {}) => {
  const url = new URL('/export/credentials.csv', gateway.url);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  return url;
};

async function download(params: Record<string, unknown> = {}) {
  const response = await fetch(exportUrl(params), { headers: adminHeaders() });
  const text = await response.text();
  return { response, text, records: parse(text, { relax_column_count: false }) as string[][] };
}

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  const s = demoScopes(gateway.app);
  seedCredentials(gateway.app, [
    { name: 'registry', description: 'images, "official" ones', type: 'DOCKER_REGISTRY', scope: s.vision, phase: 'READY', createdBy: 'alice',
      createdAt: '2024-05-01T10:00:00.000Z', environments: ['jupyter', 'Base'], pullEnvironments: ['pytorch'] },
    { name: 's3 key', description: 'line one\nline two', type: 'ACCESS_KEY', scope: s.account, phase: 'ISSUES_FOUND', createdBy: 'bob',
      createdAt: '2024-05-02T10:00:00.000Z', dataSources: ['imagenet', 'coco'] },
    { name: '=HYPERLINK("http://evil","click")', description: '+1+2', type: 'PASSWORD', scope: s.research, phase: 'CREATING', createdBy: '@carol',
      createdAt: '2024-05-03T10:00:00.000Z' },
    { name: '-2+3', description: '\tTabbed', type: 'GENERIC_SECRET', scope: s.cluster, phase: 'DELETION_FAILED', createdBy: 'dave',
      createdAt: '2024-05-04T10:00:00.000Z' },
    { name: 'carriage', description: '\rreturn', type: 'PASSWORD', scope: s.platform, phase: 'NO_STATUS', createdBy: 'erin',
      createdAt: '2024-05-05T10:00:00.000Z' },
  ]);
});

afterAll(() => gateway?.stop());

describe('CSV export', () => {
  test('every column, titled as the table, with the shown text of each value', async () => {
    const { response, text, records } = await download({ orderBy: [{ column: 'CREATED_AT', direction: 'ASC' }] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="credentials-[\w-]+\.csv"$/);
    expect(response.headers.get('x-total-count')).toBe('5');
    expect(response.headers.get('x-export-truncated')).toBe('false');
    // RFC 4180: CRLF between records
    expect(text.split('\r\n')[0]).toBe(
      'Credential,Description,Type,Status,Scope,Kubernetes name,Environment(s),Data source(s),Created by,Creation time,Cluster,Updated by,Last updated',
    );
    expect(records).toHaveLength(6);
    const [registry, key] = records.slice(1);
    expect(registry).toEqual([
      'registry', 'images, "official" ones', 'Docker registry', 'No issues found', 'vision', registry[5],
      'Base, jupyter, pytorch', '', 'alice', '2024-05-01T10:00:00.000Z', 'local', 'alice', '2024-05-01T10:00:00.000Z',
    ]);
    expect(registry[5]).toMatch(/^registry-/);
    expect(key).toEqual([
      's3 key', 'line one\nline two', 'Access key', 'Issues found', 'credgate', key[5], '', 'coco, imagenet', 'bob', '2024-05-02T10:00:00.000Z', '',
      'bob', '2024-05-02T10:00:00.000Z',
    ]);
    expect(text).toContain('"images, ""official"" ones"');
  });

  test('values a spreadsheet would run as formulas are neutralised', async () => {
    const { records } = await download({ columns: 'NAME,DESCRIPTION,CREATED_BY', orderBy: [{ column: 'CREATED_AT', direction: 'ASC' }] });
    expect(records.slice(3)).toEqual([
      ['\'=HYPERLINK("http://evil","click")', "'+1+2", "'@carol"],
      ["'-2+3", "'\tTabbed", 'dave'],
      ['carriage', "'\rreturn", 'erin'],
    ]);
  });

  test('the same where, search and orderBy as the query, and a column choice in table order', async () => {
    const where = { type: ['PASSWORD', 'ACCESS_KEY', 'GENERIC_SECRET'] };
    const orderBy = [{ column: 'TYPE', direction: 'DESC' }, { column: 'NAME', direction: 'ASC' }];
    const { credentials } = await gateway.data(
      `query($where: CredentialWhere, $orderBy: [CredentialOrder!]) { credentials(where: $where, orderBy: $orderBy, search: "e") { edges { node { name type } } } }`,
      { where, orderBy },
    );
    const { response, records } = await download({ where, orderBy, search: 'e', columns: 'TYPE,NAME' });
    expect(response.headers.get('x-total-count')).toBe(String(credentials.edges.length));
    expect(records[0]).toEqual(['Credential', 'Type']);
    expect(records.slice(1).map((r) => r[0].replace(/^'/, ''))).toEqual(credentials.edges.map((e: any) => e.node.name));
  });

  test('bad parameters get a 400 with a JSON error, never a 500', async () => {
    for (const [params, path] of [
      [{ where: '{not json' }, ['where']],
      [{ where: { name: { like: 'x' } } }, ['where', 'name', 'like']],
      [{ orderBy: [{ column: 'COLOUR', direction: 'ASC' }] }, ['orderBy', '0', 'column']],
      [{ columns: 'NAME,PASSWORD' }, ['columns']],
      [{ where: { type: ['NOPE'] } }, ['where', 'type', '0']],
    ] as const) {
      const response = await fetch(exportUrl(params), { headers: adminHeaders() });
      expect(response.status, JSON.stringify(params)).toBe(400);
      const body = (await response.json()) as any;
      expect(body.error.code).toBe('BAD_USER_INPUT');
      expect(body.error.fieldErrors[0].path).toEqual(path);
    }
  });
});

describe('CSV export of many rows', () => {
  let big: TestGateway;
  beforeAll(async () => {
    big = await startGateway({ demo: true });
    const s = demoScopes(big.app);
    seedCredentials(
      big.app,
      Array.from({ length: 20_001 }, (_, i) => ({ name: `credential ${String(i).padStart(5, '0')}`, scope: s.account, environments: i % 100 === 0 ? ['e'] : [] })),
    );
  }, 60_000);
  afterAll(() => big?.stop());

  test('stops at 20,000 rows of 20,001 and says so', async () => {
    const response = await fetch(new URL('/export/credentials.csv?columns=NAME,ENVIRONMENTS', big.url), { headers: adminHeaders() });
    expect(response.headers.get('x-total-count')).toBe('20001');
    expect(response.headers.get('x-export-truncated')).toBe('true');
    const records = parse(await response.text()) as string[][];
    expect(records).toHaveLength(20_001);
    const names = records.slice(1).map((r) => r[0]);
    expect(new Set(names).size).toBe(20_000);
    expect(names[0]).toBe('credential 00000');
    expect(names[19_999]).toBe('credential 19999');
    expect(records[1][1]).toBe('e');
  });

  test('a slow reader gets every row once (the export resumes after waiting)', async () => {
    const response = await fetch(new URL('/export/credentials.csv?columns=NAME&orderBy=' + encodeURIComponent('[{"column":"NAME","direction":"DESC"}]'), big.url), { headers: adminHeaders() });
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      if (chunks.length % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const records = parse(Buffer.concat(chunks).toString()) as string[][];
    const names = records.slice(1).map((r) => r[0]);
    expect(names).toHaveLength(20_000);
    expect(new Set(names).size).toBe(20_000);
    expect(names[0]).toBe('credential 20000');
    expect(names[19_999]).toBe('credential 00001');
  });
});
