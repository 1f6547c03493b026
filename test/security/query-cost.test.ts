import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kind, parse, print, type FragmentDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../src/config.js';
import { schema } from '../../src/graphql/schema.js';
import { checkDocument, costLimitsFromEnv, defaultCostLimits } from '../../src/http/cost-limits.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { operation, overHttp, overSse, overWebSocket } from './limits-clients.js';

const root = resolve(import.meta.dirname, '..', '..');

/** Each operation of a document on its own, with the fragments it uses (as a client sends it). */
function operationsOf(source: string, label: (name: string, index: number) => string): { name: string; text: string }[] {
  const document = parse(source);
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, print(f)]),
  );
  return document.definitions.flatMap((definition, index) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION) return [];
    const used = new Set<string>();
    const pending = [print(definition)];
    while (pending.length > 0) {
      for (const [, name] of pending.pop()!.matchAll(/\.\.\.\s*([_A-Za-z]\w*)/g)) {
        if (name !== 'on' && !used.has(name)) {
          used.add(name);
          pending.push(fragments.get(name)!);
        }
      }
    }
    return [{ name: label(definition.name?.value ?? 'anonymous', index), text: [print(definition), ...[...used].map((n) => fragments.get(n)!)].join('\n') }];
  });
}

/** Every operation of the SDK and every operation in a GraphQL block of the READMEs. */
function shippedDocuments(): { name: string; text: string }[] {
  const dir = join(root, 'sdk', 'src', 'operations');
  const sdk = readdirSync(dir).filter((f) => f.endsWith('.graphql')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const documents = operationsOf(sdk, (name) => `sdk ${name}`);
  for (const readme of ['README.md', join('sdk', 'README.md')]) {
    const text = readFileSync(join(root, readme), 'utf8');
    [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].forEach((match, block) =>
      documents.push(...operationsOf(match[1]!, (name, i) => `${readme} block ${block + 1} ${name} ${i}`)));
  }
  return documents;
}

/** credential → environments → variables → credential …, `levels` credentials deep. */
function nestedCredentials(levels: number): string {
  let selection = 'name';
  for (let i = 0; i < levels; i++) selection = `name environments { name variables { credential { ${selection} } } }`;
  return `{ credentials(first: 1000) { edges { node { ${selection} } } } }`;
}

const codeOf = (error: { extensions?: Record<string, unknown> } | undefined) => error?.extensions?.code;

describe('the operations the SDK and the README ship', () => {
  const documents = shippedDocuments();

  it('are all found', () => {
    expect(documents.filter((d) => d.name.startsWith('sdk ')).length).toBeGreaterThan(25);
    expect(documents.filter((d) => d.name.startsWith('README.md')).length).toBeGreaterThanOrEqual(5);
  });

  it('pass every limit with the defaults, validated as the server validates', () => {
    for (const document of documents) expect(checkDocument(schema, document.text, defaultCostLimits), document.name).toEqual([]);
  });

  it('pass with room to spare: half the depth headroom and a fifth of the cost would still be refused somewhere', () => {
    // The defaults are not so loose that they bound nothing: tightened a little, some shipped operation fails.
    const tight = { ...defaultCostLimits, maxCost: defaultCostLimits.maxCost / 5, maxDepth: 9 };
    expect(documents.some((d) => checkDocument(schema, d.text, tight).length > 0)).toBe(true);
  });
});

describe('configuration', () => {
  it('reads every limit from CREDGATE_MAX_* and refuses a value that is not a positive integer', () => {
    expect(configFromEnv({}).costLimits).toEqual(defaultCostLimits);
    expect(costLimitsFromEnv({ CREDGATE_MAX_DEPTH: '5', CREDGATE_MAX_ALIASES: '3', CREDGATE_MAX_COST: '100', CREDGATE_MAX_TOKENS: '50', CREDGATE_MAX_DIRECTIVES: '2', CREDGATE_MAX_INPUT_DEPTH: '4', CREDGATE_MAX_INPUT_LIST: '7' }))
      .toEqual({ enabled: true, maxDepth: 5, maxAliases: 3, maxCost: 100, maxTokens: 50, maxDirectives: 2, maxInputDepth: 4, maxInputList: 7 });
    expect(costLimitsFromEnv({ CREDGATE_COST_LIMITS: 'off' }).enabled).toBe(false);
    expect(() => costLimitsFromEnv({ CREDGATE_MAX_DEPTH: '0' })).toThrow(ConfigError);
    expect(() => costLimitsFromEnv({ CREDGATE_MAX_COST: 'lots' })).toThrow(/CREDGATE_MAX_COST must be a positive integer/);
  });
});

describe('query cost, against a running gateway', { timeout: 120_000 }, () => {
  let gateway: TestGateway;
  let credentialId: string;

  beforeAll(async () => {
    gateway = await startGateway();
    const created = await gateway.data(`mutation {
      createPasswordCredential(input: { name: "db", scope: { type: ACCOUNT }, username: "app", password: "pw-0123456789" }) {
        ... on CreatePasswordCredentialSuccess { credential { id } }
      }
    }`);
    credentialId = created.createPasswordCredential.credential.id;
  });
  afterAll(() => gateway?.stop());

  const credentialCount = async () => (await gateway.data('{ credentials { totalCount } }')).credentials.totalCount as number;

  it('answers an ordinary query', async () => {
    expect(await gateway.data('{ me { name } }')).toEqual({ me: { name: expect.any(String) } });
  });

  it('refuses the 7-level credential → environments → credential nesting before running it', async () => {
    const { status, json } = await overHttp(gateway.url, operation(nestedCredentials(7)));
    expect(status).toBe(400);
    expect(json.data).toBeUndefined();
    expect(json.errors.map(codeOf)).toContain('QUERY_TOO_COMPLEX');
    expect(json.errors.map((e: { extensions: { limit: string } }) => e.extensions.limit)).toEqual(expect.arrayContaining(['depth', 'cost']));
  });

  it('counts list sizes: a shallow selection over pages and lists of lists is refused by its cost alone', async () => {
    const query = `{ credentials(first: 1000) { edges { node { environments { variables { credential { environments { name } } } } } } } }`;
    const { json } = await overHttp(gateway.url, operation(query));
    expect(json.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost' } })]);
    // a variable page size counts as the largest page: it cannot hide the size
    const withVariable = `query($n: Int) { credentials(first: $n) { edges { node { environments { variables { credential { environments { name } } } } } } } }`;
    const viaVariable = await overHttp(gateway.url, operation(withVariable, { n: 1 }));
    expect(viaVariable.json.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost' } })]);
    // the same shape over a small literal page passes
    const small = await overHttp(gateway.url, operation(query.replace('first: 1000', 'first: 2')));
    expect(small.json.errors).toBeUndefined();
  });

  it('refuses a 3,000-level selection without exhausting the stack', async () => {
    const query = `{${'credential(id: "x") { environments { '.repeat(1500)}name${' } }'.repeat(1500)} }`;
    const { status, json } = await overHttp(gateway.url, operation(query));
    expect(status).toBeLessThan(500);
    expect(json.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth' } })]);
  });

  it('refuses 2,000 aliases of credentials(first: 1000, search: …), and 31 aliases', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: credentials(first: 1000, search: "db") { totalCount }`).join(' ')} }`;
    const flood = await overHttp(gateway.url, operation(aliases(2000)));
    expect(flood.json.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens' } })]);
    const some = await overHttp(gateway.url, operation(aliases(31)));
    expect(some.json.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'aliases' } })]);
    const few = await overHttp(gateway.url, operation(aliases(5)));
    expect(few.json.data.a4.totalCount).toBe(1);
  });

  it('refuses an alias flood of mutations and changes nothing', async () => {
    const before = await credentialCount();
    const mutations = Array.from({ length: 40 }, (_, i) =>
      `m${i}: createPasswordCredential(input: { name: "flood-${i}", scope: { type: ACCOUNT }, username: "u", password: "p" }) { __typename }`);
    const { json } = await overHttp(gateway.url, operation(`mutation { ${mutations.join(' ')} }`));
    expect(json.errors.map(codeOf)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(await credentialCount()).toBe(before);
  });

  it('refuses too many directives', async () => {
    const { json } = await overHttp(gateway.url, operation(`{ me { ${Array.from({ length: 21 }, () => 'name @include(if: true)').join(' ')} } }`));
    expect(json.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'directives' } })]);
  });

  it('refuses an input nested 2,000 levels deep, as a literal or in the variables, with a typed error', async () => {
    let literal = '{ name: { eq: "x" } }';
    for (let i = 0; i < 2000; i++) literal = `{ not: ${literal} }`;
    const asLiteral = await overHttp(gateway.url, operation(`{ credentials(where: ${literal}) { totalCount } }`));
    expect(asLiteral.status).toBeLessThan(500);
    expect(asLiteral.json.errors.map(codeOf)).toEqual(['QUERY_TOO_COMPLEX']);

    let variable: Record<string, unknown> = { name: { eq: 'x' } };
    for (let i = 0; i < 2000; i++) variable = { not: variable };
    const query = 'query($where: CredentialWhere) { credentials(where: $where) { totalCount } }';
    const asVariable = await overHttp(gateway.url, operation(query, { where: variable }));
    expect(asVariable.status).toBeLessThan(500);
    expect(asVariable.json.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', limit: 'inputDepth' } })]);

    // 30 levels: within the document limits, refused by the input depth rule
    let thirty = '{ name: { eq: "x" } }';
    for (let i = 0; i < 30; i++) thirty = `{ not: ${thirty} }`;
    const shallow = await overHttp(gateway.url, operation(`{ credentials(where: ${thirty}) { totalCount } }`));
    expect(shallow.json.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', limit: 'inputDepth' } })]);

    // within the input limit, the filter's own cap on and/or/not nesting answers
    let ten: Record<string, unknown> = { name: { eq: 'x' } };
    for (let i = 0; i < 10; i++) ten = { not: ten };
    const filterCap = await overHttp(gateway.url, operation(query, { where: ten }));
    expect(filterCap.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(filterCap.json.errors[0].message).toMatch(/deeper than 8 levels/);
  });

  it('caps nodes(ids:) at 100 with a typed error, and answers null for ids that name nothing', async () => {
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    // 40,000 ids are refused before they are coerced (the variables' longest list), 101 by nodes itself
    const many = await overHttp(gateway.url, operation(query, { ids: Array.from({ length: 40_000 }, (_, i) => `id-${i}`) }));
    expect(many.json.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', limit: 'inputList' } })]);
    const over = await overHttp(gateway.url, operation(query, { ids: Array.from({ length: 101 }, (_, i) => `id-${i}`) }));
    expect(over.json.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fieldErrors: [expect.objectContaining({ path: ['ids'] })] }) })]);
    const hundred = await overHttp(gateway.url, operation(query, { ids: [credentialId, ...Array.from({ length: 99 }, (_, i) => `bogus-${i}`)] }));
    expect(hundred.json.errors).toBeUndefined();
    expect(hundred.json.data.nodes).toHaveLength(100);
    expect(hundred.json.data.nodes[0]).toEqual({ id: credentialId });
    expect(hundred.json.data.nodes.slice(1).every((n: unknown) => n === null)).toBe(true);
    // one log line for the refused request, not one per id
    expect(gateway.logs().split('\n').filter((line) => line.includes('"errors":40000')).length).toBe(0);
  });

  it('applies the same limits over WebSocket (graphql-ws) and Server-Sent Events (graphql-sse)', async () => {
    for (const client of [overWebSocket, overSse]) {
      const deep = await client(gateway.url, nestedCredentials(7));
      const errors = [...deep.errors, ...deep.results.flatMap((r) => r.errors ?? [])];
      expect(errors.map(codeOf), client.name).toContain('QUERY_TOO_COMPLEX');
      expect(deep.results.some((r) => r.data), client.name).toBe(false);

      let variable: Record<string, unknown> = { name: { eq: 'x' } };
      for (let i = 0; i < 2000; i++) variable = { not: variable };
      const input = await client(gateway.url, 'subscription($where: CredentialWhere) { credentialChanged(where: $where) { cursor } }', { where: variable });
      const inputErrors = [...input.errors, ...input.results.flatMap((r) => r.errors ?? [])];
      expect(inputErrors.map(codeOf), client.name).toEqual(['BAD_USER_INPUT']);

      const ok = await client(gateway.url, '{ me { name } }');
      expect(ok.results, client.name).toEqual([{ data: { me: { name: expect.any(String) } } }]);
    }
  });
});

describe('batch loads', { timeout: 180_000 }, () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    // Limits raised so that the flood reaches the loaders: what is tested here is the chunking below them.
    gateway = await startGateway({ config: { costLimits: { ...defaultCostLimits, maxAliases: 1000, maxTokens: 100_000, maxCost: 1e15 } } });
    for (let i = 0; i < 25; i++) {
      await gateway.data(`mutation { createPasswordCredential(input: { name: "batch-${i}", scope: { type: ACCOUNT }, username: "u", password: "p-${i}" }) { __typename } }`);
    }
  });
  afterAll(() => gateway?.stop());

  it('answer 500 aliases reaching status { targets { cluster } } with data (37,500 cluster keys, chunked below SQLite\'s variable limit)', async () => {
    const alias = (i: number) => `a${i}: credentials(first: 25) { edges { node { status { targets { namespace cluster { name } } } } } }`;
    const { status, json } = await overHttp(gateway.url, operation(`{ ${Array.from({ length: 500 }, (_, i) => alias(i)).join(' ')} }`));
    expect(json.errors).toBeUndefined();
    expect(status).toBe(200);
    const targets = Object.values(json.data as Record<string, { edges: { node: { status: { targets: { cluster: { name: string } }[] } } }[] }>)
      .flatMap((connection) => connection.edges.flatMap((edge) => edge.node.status.targets));
    expect(targets.length).toBeGreaterThan(32_766);
    expect(new Set(targets.map((t) => t.cluster.name))).toEqual(new Set(['local']));
  });
});
