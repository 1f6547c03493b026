import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminHeaders, startGateway, type TestGateway } from '../support/gateway.js';
import { demoScopes, seedCredentials, type CredentialModel, type SeedCredential } from './seed.js';
import { displayTextOf } from '../../src/domain/status.js';
import { credentialTypeLabelOf } from '../../src/domain/credential-filter.js';
import { scopeGlobalId } from '../../src/graphql/ids.js';

type Model = CredentialModel;

const stringFields = ['name', 'description', 'kubernetesName', 'createdBy', 'environment', 'dataSource', 'scopeName', 'clusterName'] as const;
type StringField = (typeof stringFields)[number];
const operators = ['eq', 'neq', 'contains', 'notContains', 'startsWith', 'endsWith', 'in'] as const;

let gateway: TestGateway;
let models: Model[];

function textTest(operator: string, value: any): (text: string) => boolean {
  const lower = (s: string) => s.toLowerCase();
  switch (operator) {
    case 'eq':
    case 'neq':
      return (t) => lower(t) === lower(value);
    case 'contains':
    case 'notContains':
      return (t) => lower(t).includes(lower(value));
    case 'startsWith':
      return (t) => lower(t).startsWith(lower(value));
    case 'endsWith':
      return (t) => lower(t).endsWith(lower(value));
    case 'in':
      return (t) => (value as string[]).some((v) => lower(v) === lower(t));
  }
  throw new Error(operator);
}

/** The filter semantics, written plainly: the oracle the SQL must agree with. */
function oracle(model: Model, where: any): boolean {
  return Object.entries(where).every(([key, value]: [string, any]) => {
    if (value == null) return true;
    if (key === 'and') return value.every((w: any) => oracle(model, w));
    if (key === 'or') return value.some((w: any) => oracle(model, w));
    if (key === 'not') return !oracle(model, value);
    if (key === 'type' || key === 'phase' || key === 'scopeType') return value.includes((model as any)[key]);
    if (key === 'createdAt') return (!value.from || model.createdAt >= value.from) && (!value.to || model.createdAt < value.to);
    return Object.entries(value).every(([operator, operand]) => {
      const negative = operator === 'neq' || operator === 'notContains';
      const test = textTest(operator, operand);
      const field = model[key as StringField];
      const hit = Array.isArray(field) ? field.some(test) : test(field);
      return negative ? !hit : hit;
    });
  });
}

async function names(variables: Record<string, unknown>): Promise<string[]> {
  const data = await gateway.data(
    `query($where: CredentialWhere, $search: String) { credentials(where: $where, search: $search, first: 1000) { totalCount edges { node { name } } } }`,
    variables,
  );
  expect(data.credentials.totalCount).toBe(data.credentials.edges.length);
  return data.credentials.edges.map((e: any) => e.node.name).sort();
}

const expectedNames = (where: any) => models.filter((m) => oracle(m, where)).map((m) => m.name).sort();

beforeAll(async () => {
  gateway = await startGateway({ demo: true });
  const s = demoScopes(gateway.app);
  const fixture: SeedCredential[] = [
    { name: 'Alpha registry', description: 'Pulls images for vision', type: 'DOCKER_REGISTRY', scope: s.vision, phase: 'READY', createdBy: 'alice', environments: ['jupyter'], pullEnvironments: ['pytorch'] },
    { name: 'beta-key', type: 'ACCESS_KEY', scope: s.research, phase: 'CREATING', createdBy: 'bob', dataSources: ['s3-imagenet'] },
    { name: 'Gamma 100%', description: 'under_score here', type: 'PASSWORD', scope: s.cluster, phase: 'ISSUES_FOUND', createdBy: 'Alice', environments: ['jupyter', 'vscode'] },
    { name: 'Gamma 100 percent', description: 'underXscore', type: 'PASSWORD', scope: s.account, phase: 'NO_STATUS', createdBy: 'carol' },
    { name: 'path\\to\\secret', description: '=cmd|calc', type: 'GENERIC_SECRET', scope: s.platform, phase: 'DELETING', createdBy: 'dave', dataSources: ['git-repo', 'volume'] },
    { name: 'delta', description: 'DELTA in caps', type: 'GENERIC_SECRET', scope: s.engineering, phase: 'UPDATING', createdBy: 'erin', environments: ['vscode'] },
    { name: 'epsilon', description: 'Shared across research', type: 'ACCESS_KEY', scope: s.language, phase: 'DELETION_FAILED', createdBy: 'bob', dataSources: ['s3-Common-Crawl'] },
    { name: 'zeta_1', description: 'Registry for tensorflow', type: 'DOCKER_REGISTRY', scope: s.account, phase: 'READY', createdBy: 'alice', pullEnvironments: ['tensorflow'] },
    { name: 'zeta%1', description: 'percent', type: 'PASSWORD', scope: s.research, phase: 'READY', createdBy: 'frank' },
    { name: 'Omega', description: 'Last one', type: 'ACCESS_KEY', scope: s.vision, phase: 'ISSUES_FOUND', createdBy: 'bob', environments: ['Jupyter-GPU'], dataSources: ['s3-omega'] },
    { name: 'Überblick Ключ', description: 'ÉCOLE données', type: 'PASSWORD', scope: s.engineering, phase: 'READY', createdBy: 'Zoë', environments: ['Éval'] },
    // Greek capitals (lowercased, the last Σ becomes ς) and an é written decomposed (e + U+0301).
    { name: 'ΟΔΟΣΚΑΙ', description: 'Cafe\u0301 noir', type: 'ACCESS_KEY', scope: s.engineering, phase: 'READY', createdBy: 'yann' },
  ];
  const ids = seedCredentials(gateway.app, fixture);
  const rows = new Map(gateway.app.services.credentials.getMany(ids).map((r) => [r.id, r]));
  models = fixture.map((f, i) => {
    const row = rows.get(ids[i])!;
    return {
      id: ids[i],
      name: f.name,
      description: f.description ?? '',
      kubernetesName: row.kubernetesName,
      createdBy: row.createdBy,
      environment: [...(f.environments ?? []), ...(f.pullEnvironments ?? [])],
      dataSource: f.dataSources ?? [],
      scopeName: f.scope.type === 'ACCOUNT' ? 'credgate' : (f.scope as any).name,
      clusterName: f.scope.type === 'ACCOUNT' ? '' : 'local',
      type: row.type,
      phase: row.phase,
      scopeType: row.scopeType,
      lastUpdatedAt: row.updatedAt ?? row.createdAt,
      lastUpdatedBy: row.updatedBy ?? row.createdBy,
      createdAt: row.createdAt,
    };
  });
});

afterAll(() => gateway?.stop());

/** A value of the field taken from the data, with its case changed, so case-insensitivity is exercised. */
function sampleOf(field: StringField, index = 0): string {
  const values = models.flatMap((m) => (Array.isArray(m[field]) ? (m[field] as string[]) : [m[field] as string])).filter((v) => v.length > 3);
  const value = values[index % values.length];
  return value
    .split('')
    .map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase()))
    .join('');
}

describe('each string operator on each column', () => {
  const cases = stringFields.flatMap((field) => operators.map((operator) => [field, operator] as const));
  test.each(cases)('%s %s', async (field, operator) => {
    const sample = sampleOf(field);
    const operand = {
      eq: sample,
      neq: sample,
      contains: sample.slice(1, 4),
      notContains: sample.slice(1, 4),
      startsWith: sample.slice(0, 3),
      endsWith: sample.slice(-3),
      in: [sample, sampleOf(field, 3), 'nothing-has-this'],
    }[operator];
    const where = { [field]: { [operator]: operand } };
    const expected = expectedNames(where);
    expect(expected.length, 'the case must select something').toBeGreaterThan(0);
    expect(await names({ where })).toEqual(expected);
  });
});

describe('filters', () => {
  test('LIKE wildcards in user input match literally', async () => {
    expect(await names({ where: { name: { contains: '%' } } })).toEqual(['Gamma 100%', 'zeta%1']);
    expect(await names({ where: { name: { contains: '_' } } })).toEqual(['zeta_1']);
    expect(await names({ where: { description: { contains: 'r_s' } } })).toEqual(['Gamma 100%']);
    expect(await names({ where: { name: { contains: '\\' } } })).toEqual(['path\\to\\secret']);
    expect(await names({ where: { name: { startsWith: 'zeta%' } } })).toEqual(['zeta%1']);
    expect(await names({ where: { name: { eq: 'zeta_1' } } })).toEqual(['zeta_1']);
    expect(await names({ where: { name: { eq: "x' or 1=1 --" } } })).toEqual([]);
  });

  test('case-insensitive beyond ASCII: accented, Cyrillic and other letters fold too', async () => {
    const wheres = [
      { name: { contains: 'ÜBERB' } },
      { name: { eq: 'überblick ключ' } },
      { name: { in: ['ÜBERBLICK КЛЮЧ', 'nothing'] } },
      { name: { startsWith: 'ü' } },
      { name: { endsWith: 'КЛЮЧ' } },
      { name: { neq: 'ÜBERBLICK ключ' } },
      { description: { contains: 'école' } },
      { description: { notContains: 'DONNÉES' } },
      { environment: { eq: 'éVAL' } },
      { createdBy: { eq: 'ZOË' } },
    ];
    for (const where of wheres) {
      const expected = expectedNames(where);
      expect(await names({ where }), JSON.stringify(where)).toEqual(expected);
    }
    expect(await names({ where: { name: { contains: 'ÜBERB' } } })).toEqual(['Überblick Ключ']);
    expect(await names({ search: 'ÉCOLE ключ' })).toEqual(['Überblick Ключ']);
    expect(await names({ search: 'zoË' })).toEqual(['Überblick Ключ']);
    // A word's start matches the word whatever form the last sigma takes.
    expect(await names({ where: { name: { contains: 'ΟΔΟΣ' } } })).toEqual(['ΟΔΟΣΚΑΙ']);
    expect(await names({ where: { name: { startsWith: 'οδος' } } })).toEqual(['ΟΔΟΣΚΑΙ']);
    expect(await names({ where: { name: { eq: 'οδοσκαι' } } })).toEqual(['ΟΔΟΣΚΑΙ']);
    expect(await names({ search: 'ΟΔΟΣ' })).toEqual(['ΟΔΟΣΚΑΙ']);
    // Composed and decomposed accents are the same text.
    expect(await names({ where: { description: { contains: 'CAFÉ' } } })).toEqual(['ΟΔΟΣΚΑΙ']);
    expect(await names({ where: { description: { eq: 'cafe\u0301 NOIR' } } })).toEqual(['ΟΔΟΣΚΑΙ']);
    expect(await names({ search: 'café' })).toEqual(['ΟΔΟΣΚΑΙ']);
    // Wildcards typed in non-ASCII text still match literally.
    expect(await names({ where: { name: { contains: 'Ü%' } } })).toEqual([]);
  });

  test('a missing description is the empty text', async () => {
    expect(await names({ where: { description: { eq: '' } } })).toEqual(['beta-key']);
    expect(await names({ where: { description: { notContains: 'e' } } })).toEqual(expectedNames({ description: { notContains: 'e' } }));
  });

  test('environment and data source filters range over the assets using the credential', async () => {
    expect(await names({ where: { environment: { eq: 'PYTORCH' } } })).toEqual(['Alpha registry']);
    expect(await names({ where: { environment: { contains: 'jupyter' } } })).toEqual(['Alpha registry', 'Gamma 100%', 'Omega']);
    expect(await names({ where: { dataSource: { startsWith: 's3-' } } })).toEqual(['Omega', 'beta-key', 'epsilon']);
    // neq: no asset of that name, so unused credentials match too
    expect(await names({ where: { environment: { neq: 'jupyter' } } })).toEqual(expectedNames({ environment: { neq: 'jupyter' } }));
    expect((await names({ where: { environment: { neq: 'jupyter' } } })).includes('Gamma 100 percent')).toBe(true);
  });

  test('enum lists: type, phase and scope type; an empty list matches nothing', async () => {
    for (const where of [
      { type: ['DOCKER_REGISTRY'] },
      { type: ['ACCESS_KEY', 'GENERIC_SECRET'] },
      { phase: ['READY', 'ISSUES_FOUND'] },
      { phase: ['DELETION_FAILED'] },
      { scopeType: ['ACCOUNT'] },
      { scopeType: ['DEPARTMENT', 'PROJECT'] },
    ]) {
      expect(await names({ where }), JSON.stringify(where)).toEqual(expectedNames(where));
    }
    expect(await names({ where: { type: [] } })).toEqual([]);
    expect(await names({ where: { name: { in: [] } } })).toEqual([]);
  });

  test('a scope selects the credentials of exactly that scope', async () => {
    const s = demoScopes(gateway.app);
    expect(await names({ where: { scope: { type: 'PROJECT', id: scopeGlobalId(s.vision) } } })).toEqual(['Alpha registry', 'Omega']);
    expect(await names({ where: { scope: { type: 'DEPARTMENT', id: scopeGlobalId(s.research) } } })).toEqual(['beta-key', 'zeta%1']);
    expect(await names({ where: { scope: { type: 'ACCOUNT' } } })).toEqual(['Gamma 100 percent', 'zeta_1']);
  });

  test('a creation-time range: from inclusive, to exclusive', async () => {
    const sorted = models.map((m) => m.createdAt).sort();
    const where = { createdAt: { from: sorted[2], to: sorted[5] } };
    expect(await names({ where })).toEqual(expectedNames(where));
    expect((await names({ where })).length).toBe(3);
    expect(await names({ where: { createdAt: { from: sorted[sorted.length - 2] } } })).toHaveLength(2);
  });

  test('and, or, not and several fields combine', async () => {
    const wheres = [
      { type: ['PASSWORD'], name: { startsWith: 'gamma' } },
      { or: [{ type: ['DOCKER_REGISTRY'] }, { createdBy: { eq: 'BOB' } }] },
      { not: { or: [{ phase: ['READY'] }, { environment: { contains: 'u' } }] } },
      { and: [{ name: { contains: 'a' } }, { not: { description: { eq: '' } } }], or: [{ scopeType: ['PROJECT'] }, { clusterName: { eq: '' } }] },
      { name: { contains: 'e', notContains: 'z', neq: 'delta' }, description: { endsWith: 'e' } },
      { or: [] },
      { and: [] },
      { not: { and: [{ dataSource: { contains: 's3' } }, { not: { phase: ['CREATING'] } }] } },
    ];
    for (const where of wheres) expect(await names({ where }), JSON.stringify(where)).toEqual(expectedNames(where));
  });
});

describe('search', () => {
  const searchOracle = (text: string) => {
    const terms = text.split(/\s+/).filter(Boolean).map((t) => t.toLowerCase());
    return models
      .filter((m) => {
        const visible = [
          m.name, m.description, m.kubernetesName, m.createdBy, m.scopeName, m.clusterName, ...m.environment, ...m.dataSource,
          credentialTypeLabelOf[m.type as keyof typeof credentialTypeLabelOf], displayTextOf[m.phase as keyof typeof displayTextOf],
        ].map((v) => v.toLowerCase());
        return terms.every((t) => visible.some((v) => v.includes(t)));
      })
      .map((m) => m.name)
      .sort();
  };
  test.each([
    ['visible text in any column', 'REGISTRY'],
    ['the scope name', 'vision'],
    ['the cluster name', 'LOCAL'],
    ['an environment name', 'vscode'],
    ['a data source name', 'crawl'],
    ['who created it', 'carol'],
    ['the type as shown', 'access key'],
    ['the status as shown', 'issues'],
    ['every word must match', 'gamma percent'],
    ['wildcards literally', '100%'],
    ['nothing', 'no-such-thing'],
  ])('%s', async (_, text) => {
    const expected = searchOracle(text);
    expect(await names({ search: text })).toEqual(expected);
  });

  test('search and where together', async () => {
    const result = await names({ search: 'alice', where: { type: ['PASSWORD'] } });
    expect(result).toEqual(['Gamma 100%']);
  });
});

describe('bad input is a typed error, never a 500', () => {
  const types: Record<string, string> = { where: 'CredentialWhere', orderBy: '[CredentialOrder!]' };
  const declarations = (variables: Record<string, unknown>) =>
    Object.keys(variables).length ? `(${Object.keys(variables).map((k) => `$${k}: ${types[k]}`).join(', ')})` : '';
  const bad = async (args: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({
        query: `query${declarations(variables)} { credentials(${args}) { totalCount } }`,
        variables,
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return body.errors[0].extensions.fieldErrors as { path: string[]; message: string }[];
  };

  test('cursors', async () => {
    expect((await bad('first: 2, after: "not-a-cursor"'))[0].path).toEqual(['after']);
    expect((await bad('last: 2, before: "eyJ4IjoxfQ"'))[0].path).toEqual(['before']);
    const { credentials } = await gateway.data(`{ credentials(first: 1) { pageInfo { endCursor } } }`);
    // a cursor of another ordering
    const paths = await bad(`first: 1, after: "${credentials.pageInfo.endCursor}", orderBy: [{ column: TYPE, direction: ASC }]`);
    expect(paths[0].path).toEqual(['after']);
  });

  test('paging arguments', async () => {
    expect((await bad('first: -1'))[0].path).toEqual(['first']);
    expect((await bad('first: 100000'))[0].path).toEqual(['first']);
    expect((await bad('first: 1, last: 1'))[0].path).toEqual(['last']);
  });

  test('filters, orders and search', async () => {
    expect((await bad('where: $where', { where: { scope: { type: 'PROJECT', id: 'nope' } } }))[0].path).toEqual(['where', 'scope', 'id']);
    expect((await bad('where: $where', { where: { scope: { type: 'PROJECT' } } }))[0].path).toEqual(['where', 'scope', 'id']);
    expect((await bad('where: $where', { where: { name: { contains: 'x'.repeat(1001) } } }))[0].path).toEqual(['where', 'name', 'contains']);
    let deep: any = { name: { eq: 'x' } };
    for (let i = 0; i < 12; i++) deep = { not: deep };
    expect((await bad('where: $where', { where: deep }))[0].message).toMatch(/deeper/);
    expect((await bad('orderBy: $orderBy', { orderBy: [{ column: 'NAME', direction: 'ASC' }, { column: 'NAME', direction: 'DESC' }] }))[0].path).toEqual(['orderBy', '1', 'column']);
    expect((await bad(`search: "${'a '.repeat(11)}"`))[0].path).toEqual(['search']);
  });

  test('a value of the wrong type is refused by the schema itself', async () => {
    const { errors } = await gateway.gql(`{ credentials(where: { type: [NOPE] }) { totalCount } }`);
    expect(errors?.[0].message).toMatch(/CredentialType/);
  });
});

describe('matches(): the same filter for one credential (subscriptions pick their events with it)', () => {
  test('agrees with the list for filters and search', async () => {
    const { credentialQuery } = gateway.app.services;
    const filters = [
      { type: ['PASSWORD' as const] },
      { environment: { contains: 'jupyter' } },
      { not: { phase: ['READY' as const] }, scopeName: { neq: 'vision' } },
    ];
    for (const where of filters) {
      const expected = new Set(expectedNames(where));
      for (const model of models) expect(credentialQuery.matches(model.id, where), `${model.name} ${JSON.stringify(where)}`).toBe(expected.has(model.name));
    }
    const alpha = models.find((m) => m.name === 'Alpha registry')!;
    expect(credentialQuery.matches(alpha.id, undefined, 'pytorch')).toBe(true);
    expect(credentialQuery.matches(alpha.id, undefined, 'nothing-like-it')).toBe(false);
    expect(credentialQuery.matches('no-such-id')).toBe(false);
  });
});
