import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { adminHeaders, demoTree, startGateway, type TestGateway } from '../support/gateway.js';
import { demoScopes, seedCredentials } from '../table/seed.js';

// The attack: text that a spreadsheet (or a reader splitting lines) would run as a formula,
// at the start of a cell or after a line break inside it. Names with line breaks are refused
// today (test/security/names.test.ts), so rows stored before that rule are seeded directly;
// descriptions may hold line breaks and go through the API.
const hostileNames = [
  "x\n=2+5*cmd|' /C calc'!A0",
  '\r=3+3',
  'a\r\n@SUM(1+1)',
  '\n-1+1',
  '\uFF1D1+1',
  'x\n\uFF0B1',
  "'=1+1",
  "it's fine\n'quoted",
  'x\n\r=1',
  'x\n\t=1',
  '=HYPERLINK("http://evil.example","click"), and more',
  'plain, "quoted" text',
  'nul\n\0=1',
];
const hostileDescriptions = ['x\n+4+4', 'line\r=3+3', 'ok\r\n-2', 'tab\n\t=1', '@start\nand\n=end'];
const hostileEnvironment = 'env\n=1+1';
const hostileCreator = '@carol\r\n+1';

/** What a spreadsheet evaluates: a line starting with one of these (after the neutralising apostrophe, nothing is). */
const FORMULA_LINE_START = /^[=+\-@\t\r\0\uFF1D\uFF0B\uFF0D\uFF20]/;

/** The documented way back: remove the apostrophe at the start of every line of a cell that starts with one. */
const restored = (cell: string) => cell.replace(/(^|[\r\n])'/g, '$1');

let gateway: TestGateway;
let csvText: string;
let records: string[][];

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  const s = demoScopes(gateway.app);
  seedCredentials(
    gateway.app,
    hostileNames.map((name, i) => ({
      name,
      scope: s.account,
      createdBy: i === 0 ? hostileCreator : 'seed',
      environments: i === 0 ? [hostileEnvironment] : [],
      createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
    })),
  );
  const { projects } = await demoTree(gateway);
  for (const [i, description] of hostileDescriptions.entries()) {
    const { createPasswordCredential: result } = await gateway.data(
      `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { __typename } }`,
      { input: { name: `described ${i}`, description, scope: { type: 'PROJECT', id: projects.vision.id }, username: 'u', password: 'p' } },
    );
    expect(result.__typename).toBe('CreatePasswordCredentialSuccess');
  }
  const url = new URL('/export/credentials.csv', gateway.url);
  url.searchParams.set('columns', 'NAME,DESCRIPTION,ENVIRONMENTS,CREATED_BY');
  url.searchParams.set('orderBy', JSON.stringify([{ column: 'CREATED_AT', direction: 'ASC' }]));
  const response = await fetch(url, { headers: adminHeaders() });
  expect(response.status).toBe(200);
  csvText = await response.text();
  records = parse(csvText, { relax_column_count: false }) as string[][];
});

afterAll(() => gateway?.stop());

describe('CSV export against formula injection', () => {
  test('every value reads back intact once the documented apostrophes are removed', () => {
    expect(records[0]).toEqual(['Credential', 'Description', 'Environment(s)', 'Created by']);
    const rows = records.slice(1);
    expect(rows).toHaveLength(hostileNames.length + hostileDescriptions.length);
    expect(rows.slice(0, hostileNames.length).map((r) => restored(r[0]))).toEqual(hostileNames);
    expect(rows.slice(hostileNames.length).map((r) => restored(r[1]))).toEqual(hostileDescriptions);
    expect(restored(rows[0][2])).toBe(hostileEnvironment);
    expect(restored(rows[0][3])).toBe(hostileCreator);
  });

  test('the apostrophe goes before the formula character at the start of the cell and of every line in it', () => {
    const byName = new Map(records.slice(1).map((r) => [restored(r[0]), r]));
    expect(byName.get("x\n=2+5*cmd|' /C calc'!A0")![0]).toBe("x\n'=2+5*cmd|' /C calc'!A0");
    expect(byName.get('\r=3+3')![0]).toBe("'\r'=3+3");
    expect(byName.get('a\r\n@SUM(1+1)')![0]).toBe("a\r\n'@SUM(1+1)");
    expect(byName.get('\n-1+1')![0]).toBe("\n'-1+1");
    expect(byName.get('\uFF1D1+1')![0]).toBe("'\uFF1D1+1");
    expect(byName.get("'=1+1")![0]).toBe("''=1+1");
    expect(byName.get("it's fine\n'quoted")![0]).toBe("it's fine\n''quoted");
    expect(byName.get('plain, "quoted" text')![0]).toBe('plain, "quoted" text');
    const described = records.slice(1 + hostileNames.length).map((r) => r[1]);
    expect(described).toEqual(["x\n'+4+4", "line\r'=3+3", "ok\r\n'-2", "tab\n'\t=1", "'@start\nand\n'=end"]);
  });

  test('a reader that ends a row at any line break outside quotes (as spreadsheets and Python\'s csv do) reads the same rows', () => {
    const anyLineBreak = parse(csvText, { record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: false }) as string[][];
    expect(anyLineBreak).toEqual(records);
  });

  test('no cell, and no line inside a cell, starts with a formula character', () => {
    for (const record of records) {
      for (const cell of record) {
        for (const line of cell.split(/[\r\n]/)) expect(line, JSON.stringify(cell)).not.toMatch(FORMULA_LINE_START);
      }
    }
  });

  test('in the raw bytes, no physical line starts with a formula character, and cells with line breaks, commas or quotes are quoted', () => {
    const lines = csvText.split(/[\r\n]/);
    expect(lines.length).toBeGreaterThan(records.length);
    for (const line of lines) expect(line, JSON.stringify(line)).not.toMatch(FORMULA_LINE_START);
    expect(csvText).toContain(`"x\n'=2+5*cmd|' /C calc'!A0"`);
    expect(csvText).toContain(`"'\r'=3+3"`);
    expect(csvText).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), and more"`);
    expect(csvText).toContain(`"plain, ""quoted"" text"`);
    // Records are separated by CRLF (RFC 4180); every bare CR or LF is inside a quoted cell.
    expect(csvText.split('\r\n')[0]).toBe('Credential,Description,Environment(s),Created by');
  });
});
