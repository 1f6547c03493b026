import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { demoScopes, modelsOf, seedCredentials, type CredentialModel, type SeedCredential } from './seed.js';
import { credentialColumns, statusSortRankOf, type CredentialColumn, type CredentialOrder } from '../../src/domain/credential-filter.js';
import type { CredentialPhase } from '../../src/domain/status.js';

const ROWS = 3000;
let gateway: TestGateway;
let models: CredentialModel[];
let statements = 0;

const phases: CredentialPhase[] = ['CREATING', 'UPDATING', 'READY', 'ISSUES_FOUND', 'DELETING', 'DELETION_FAILED', 'NO_STATUS'];
const types = ['DOCKER_REGISTRY', 'ACCESS_KEY', 'PASSWORD', 'GENERIC_SECRET'] as const;
const words = ['alpha', 'Beta', 'gamma', 'DELTA', 'epsilon', 'zeta', 'Eta', 'theta'];

beforeAll(async () => {
  gateway = await startGateway({ demo: true, onStatement: () => (statements += 1) });
  const s = demoScopes(gateway.app);
  const scopes = [s.account, s.cluster, s.research, s.vision, s.engineering, s.language, s.platform];
  // Many ties on every column (few distinct values), so the id tie-breaker and the cursors' handling of equal keys matter.
  const fixture: SeedCredential[] = Array.from({ length: ROWS }, (_, i) => ({
    // unique within a scope, the same name in each of the seven scopes
    name: `${words[Math.floor(i / 7) % 8]} ${Math.floor(i / 56)}`,
    description: i % 5 === 0 ? null : `${words[(i * 3) % 8]} description`,
    type: types[i % 4],
    scope: scopes[(i * 5) % 7],
    phase: phases[(i * 11) % 7],
    createdBy: ['alice', 'Bob', 'carol'][i % 3],
    // every 4 rows share a creation time
    createdAt: new Date(Date.parse('2024-03-01T00:00:00Z') + Math.floor(i / 4) * 1000).toISOString(),
    // a third never changed (Last updated shows the creation), the rest changed by a few people at shared times
    ...(i % 3 === 0 ? {} : { updatedBy: ['dave', 'Erin'][i % 2], updatedAt: new Date(Date.parse('2024-03-01T00:00:00Z') + Math.floor(i / 6) * 1500).toISOString() }),
    environments: i % 6 === 0 ? [] : [`env-${words[i % 7]}`, ...(i % 4 === 0 ? [`env-${words[(i + 3) % 8]}`] : [])].filter((v, j, a) => a.indexOf(v) === j),
    dataSources: i % 3 === 0 ? [`ds-${words[i % 5]}-${i}`] : [],
  }));
  models = modelsOf(gateway.app, fixture, seedCredentials(gateway.app, fixture));
}, 60_000);

afterAll(() => gateway?.stop());

const lowerList = (names: string[]) => names.map((n) => n.toLowerCase()).sort().join(', ');
const keyOf: Record<CredentialColumn, (m: CredentialModel) => string | number> = {
  NAME: (m) => m.name.toLowerCase(),
  DESCRIPTION: (m) => m.description.toLowerCase(),
  TYPE: (m) => m.type,
  STATUS: (m) => statusSortRankOf[m.phase as CredentialPhase],
  SCOPE: (m) => m.scopeName.toLowerCase(),
  KUBERNETES_NAME: (m) => m.kubernetesName.toLowerCase(),
  ENVIRONMENTS: (m) => lowerList(m.environment),
  DATA_SOURCES: (m) => lowerList(m.dataSource),
  CREATED_BY: (m) => m.createdBy.toLowerCase(),
  CREATED_AT: (m) => m.createdAt,
  CLUSTER: (m) => m.clusterName.toLowerCase(),
  UPDATED_BY: (m) => m.lastUpdatedBy.toLowerCase(),
  UPDATED_AT: (m) => m.lastUpdatedAt,
};

/** The expected order, written plainly: each key in its direction, then the id. */
function sortedIds(rows: CredentialModel[], order: CredentialOrder[]): string[] {
  return [...rows]
    .sort((a, b) => {
      for (const { column, direction } of order) {
        const x = keyOf[column](a);
        const y = keyOf[column](b);
        if (x !== y) return (x < y ? -1 : 1) * (direction === 'ASC' ? 1 : -1);
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((m) => m.id);
}

const PAGE = `query($where: CredentialWhere, $orderBy: [CredentialOrder!], $first: Int, $after: String, $last: Int, $before: String) {
  credentials(where: $where, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }
  }
}`;

const internal = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1];

describe('sorting', () => {
  const subset = () => models.filter((_, i) => i % 10 === 0);
  const cases = credentialColumns.flatMap((column) => (['ASC', 'DESC'] as const).map((direction) => [column, direction] as const));
  test.each(cases)('by %s %s, ties broken by id', async (column, direction) => {
    const order = [{ column, direction }];
    // a tenth of the rows, selected by a filter, keeps each case quick
    const where = { createdAt: { from: '2024-03-01T00:00:00Z' }, kubernetesName: { in: subset().map((m) => m.kubernetesName) } };
    const { credentials } = await gateway.data(PAGE, { where, orderBy: order, first: 1000 });
    expect(credentials.edges.map((e: any) => internal(e.node.id))).toEqual(sortedIds(subset(), order));
  });

  test('by several columns at once, in mixed directions', async () => {
    const order: CredentialOrder[] = [
      { column: 'TYPE', direction: 'DESC' },
      { column: 'CREATED_BY', direction: 'ASC' },
      { column: 'STATUS', direction: 'DESC' },
      { column: 'NAME', direction: 'ASC' },
    ];
    const { credentials } = await gateway.data(PAGE, { orderBy: order, first: 1000 });
    expect(credentials.edges.map((e: any) => internal(e.node.id))).toEqual(sortedIds(models, order).slice(0, 1000));
  });
});

describe('paging over a filtered, sorted set of thousands of rows', () => {
  const orders: CredentialOrder[][] = [
    [{ column: 'NAME', direction: 'ASC' }],
    [{ column: 'STATUS', direction: 'DESC' }, { column: 'CREATED_AT', direction: 'ASC' }],
    [{ column: 'ENVIRONMENTS', direction: 'DESC' }, { column: 'SCOPE', direction: 'ASC' }, { column: 'DESCRIPTION', direction: 'DESC' }],
    [{ column: 'UPDATED_AT', direction: 'DESC' }, { column: 'UPDATED_BY', direction: 'ASC' }],
  ];
  const where = { or: [{ type: ['PASSWORD', 'ACCESS_KEY', 'GENERIC_SECRET'] }, { environment: { contains: 'a' } }], not: { createdBy: { eq: 'carol' } } };
  const matching = () => models.filter((m) => m.createdBy !== 'carol' && (m.type !== 'DOCKER_REGISTRY' || m.environment.some((e) => e.toLowerCase().includes('a'))));

  test.each(orders.map((o) => [o.map((x) => `${x.column} ${x.direction}`).join(', '), o] as const))(
    'forwards and backwards by %s: no row lost or repeated',
    async (_, orderBy) => {
      const expected = sortedIds(matching(), orderBy);
      expect(expected.length).toBeGreaterThan(1500);

      const forwards: string[] = [];
      let after: string | null = null;
      for (let pages = 0; ; pages++) {
        const { credentials }: any = await gateway.data(PAGE, { where, orderBy, first: 173, after });
        expect(credentials.totalCount).toBe(expected.length);
        forwards.push(...credentials.edges.map((e: any) => internal(e.node.id)));
        expect(credentials.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!credentials.pageInfo.hasNextPage) break;
        after = credentials.pageInfo.endCursor;
        expect(pages).toBeLessThan(100);
      }
      expect(forwards).toEqual(expected);

      const backwards: string[] = [];
      let before: string | null = null;
      for (let pages = 0; ; pages++) {
        const { credentials }: any = await gateway.data(PAGE, { where, orderBy, last: 211, before });
        backwards.unshift(...credentials.edges.map((e: any) => internal(e.node.id)));
        expect(credentials.pageInfo.hasNextPage).toBe(before !== null);
        if (!credentials.pageInfo.hasPreviousPage) break;
        before = credentials.pageInfo.startCursor;
        expect(pages).toBeLessThan(100);
      }
      expect(backwards).toEqual(expected);
    },
  );

  test('a cursor from one page works backwards too, and an empty page is fine', async () => {
    const orderBy = orders[1];
    const expected = sortedIds(matching(), orderBy);
    const first = await gateway.data(PAGE, { where, orderBy, first: 50 });
    const middle = first.credentials.edges[25].cursor;
    const back = await gateway.data(PAGE, { where, orderBy, last: 10, before: middle });
    expect(back.credentials.edges.map((e: any) => internal(e.node.id))).toEqual(expected.slice(15, 25));
    const none = await gateway.data(PAGE, { where, orderBy, first: 0 });
    expect(none.credentials.edges).toEqual([]);
    expect(none.credentials.totalCount).toBe(expected.length);
  });
});

describe('one page costs a constant number of statements', () => {
  const QUERY = `query($first: Int) {
    credentials(first: $first, orderBy: [{ column: CREATED_AT, direction: ASC }], where: { name: { neq: "nothing" } }) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id name type scope { type name path { name } } cluster { name } environments { name } dataSources { name } } }
    }
  }`;
  test('pages of 7 and of 100 run the same number of SQL statements', async () => {
    const counted = async (first: number) => {
      statements = 0;
      const { credentials } = await gateway.data(QUERY, { first });
      expect(credentials.edges).toHaveLength(first);
      // the first page holds credentials of every scope type, with environments and data sources
      expect(new Set(credentials.edges.map((e: any) => e.node.scope.type)).size).toBe(4);
      return statements;
    };
    // the least of a few runs, so that background work (the reconciler) never colours the count
    const leastOf = async (first: number) => Math.min(await counted(first), await counted(first), await counted(first));
    const small = await leastOf(7);
    const large = await leastOf(100);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(12);
  });
});
