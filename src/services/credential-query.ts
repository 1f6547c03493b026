import { and, asc, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { alias, SQLiteSyncDialect, type SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { Statement } from 'better-sqlite3';
import { accounts, clusters, credentials, dataSources, departments, environments, environmentVariables, projects } from '../db/schema.js';
import {
  credentialColumns,
  credentialTypeLabelOf,
  escapeLike,
  foldCase,
  isAscii,
  parseSearch,
  phasesMatching,
  statusSortRankOf,
  typesMatching,
  type CredentialColumn,
  type CredentialOrder,
  type CredentialWhereInput,
  type Cursor,
  type PageRequest,
  type SortKey,
  type StringField,
  type StringFilter,
} from '../domain/credential-filter.js';
import { displayTextOf, type CredentialPhase } from '../domain/status.js';
import type { Actor, ServiceDeps } from './context.js';
import { seesEverything, visibleScopeCondition } from './access.js';
import type { CredentialRow } from './credentials.js';

/** What the table asks for: a checked filter, free text, and an ordering (id is always added last). */
export interface CredentialQuery {
  where?: CredentialWhereInput;
  search?: string;
  orderBy: CredentialOrder[];
  /** Whose view: lists, counts and exports hold only what they may see (none: the gateway's own reads). */
  actor?: Actor;
}

export interface CredentialPageRow {
  credential: CredentialRow;
  /** The row's sort key values, in orderBy order, for its cursor. */
  keys: SortKey[];
}

export interface CredentialPage {
  /** In table order, whichever way the page was read. */
  rows: CredentialPageRow[];
  /** Whether more rows follow in the direction the page was read. */
  hasMore: boolean;
}

/**
 * One CSV line: the shown text of the chosen columns, in their order (the CSV export neutralises
 * formulas), and the row's raw values, from which `exportCursor` makes a cursor when needed.
 */
export interface CredentialExportRow {
  cells: string[];
  values: unknown[];
}

const scopeCluster = alias(clusters, 'scope_cluster');
const scopeDepartment = alias(departments, 'scope_department');
const scopeProject = alias(projects, 'scope_project');
const ownCluster = alias(clusters, 'own_cluster');

const scopeNameExpr = sql<string>`coalesce(case ${credentials.scopeType}
  when 'ACCOUNT' then ${accounts.name}
  when 'CLUSTER' then ${scopeCluster.name}
  when 'DEPARTMENT' then ${scopeDepartment.name}
  else ${scopeProject.name} end, '')`;
const clusterNameExpr = sql<string>`coalesce(${ownCluster.name}, '')`;
/** "Last updated" shows the creation for a credential never changed (as Run:ai's table does); so does "Updated by". */
const lastUpdatedAtExpr = sql<string>`coalesce(${credentials.updatedAt}, ${credentials.createdAt})`;
const lastUpdatedByExpr = sql<string>`coalesce(${credentials.updatedBy}, ${credentials.createdBy})`;

/** The ids of the environments or data sources that use the row's credential (environments: as image pull secret or in a variable). */
const idsUsing = {
  environment: sql`(select ${environments.id} from ${environments} where ${environments.imagePullCredentialId} = ${credentials.id}
    union select ${environmentVariables.environmentId} from ${environmentVariables} where ${environmentVariables.credentialId} = ${credentials.id})`,
  dataSource: sql`(select ${dataSources.id} from ${dataSources} where ${dataSources.credentialId} = ${credentials.id})`,
};
const assetTable = { environment: environments, dataSource: dataSources };
type AssetField = keyof typeof assetTable;

/**
 * The environments and data sources whose names a caller may meet in the table (cells, filters,
 * search, ordering, CSV): those of the scopes they see (DESIGN §6), decided as for credentials by
 * `visibleScopeCondition`. Undefined: every one (an administrator, or the gateway's own reads).
 */
type AssetsSeen = Record<AssetField, SQL | undefined>;
const EVERY_ASSET: AssetsSeen = { environment: undefined, dataSource: undefined };

function assetsSeenBy(actor: Actor | undefined): AssetsSeen {
  if (seesEverything(actor)) return EVERY_ASSET;
  return {
    environment: visibleScopeCondition(actor, { scopeType: environments.scopeType, scopeId: environments.scopeId }),
    dataSource: visibleScopeCondition(actor, { scopeType: dataSources.scopeType, scopeId: dataSources.scopeId }),
  };
}

/** The asset rows of a list column that use the row's credential and that the caller sees. */
const assetsUsing = (field: AssetField, seen: AssetsSeen) => {
  const table = assetTable[field];
  const visible = seen[field];
  return visible ? sql`${table.id} in ${idsUsing[field]} and ${visible}` : sql`${table.id} in ${idsUsing[field]}`;
};

/**
 * List columns sort by their shown text: the names, sorted case-insensitively and joined
 * with ", " (so a credential used by nothing sorts first ascending).
 */
const listKey = (field: AssetField, seen: AssetsSeen) => {
  const table = assetTable[field];
  return sql<string>`coalesce((select group_concat(lower(${table.name}), ', ' order by lower(${table.name})) from ${table} where ${assetsUsing(field, seen)}), '')`;
};

const statusRankExpr = sql<number>`case ${credentials.phase} ${sql.join(
  Object.entries(statusSortRankOf).map(([phase, rank]) => sql`when ${phase} then ${rank}`),
  sql` `,
)} end`;

/** Sort keys: case-insensitive text (nulls as empty text), TYPE by enum name, STATUS by shown text. */
const sortKeys: Record<Exclude<CredentialColumn, 'ENVIRONMENTS' | 'DATA_SOURCES'>, SQL> = {
  NAME: sql`lower(${credentials.name})`,
  DESCRIPTION: sql`lower(coalesce(${credentials.description}, ''))`,
  TYPE: sql`${credentials.type}`,
  STATUS: statusRankExpr,
  SCOPE: sql`lower(${scopeNameExpr})`,
  KUBERNETES_NAME: sql`lower(${credentials.kubernetesName})`,
  CREATED_BY: sql`lower(${credentials.createdBy})`,
  CREATED_AT: sql`${credentials.createdAt}`,
  CLUSTER: sql`lower(${clusterNameExpr})`,
  UPDATED_BY: sql`lower(${lastUpdatedByExpr})`,
  UPDATED_AT: lastUpdatedAtExpr,
};

/** A column's sort key; the list columns sort by the names the caller sees only. */
function sortKeyOf(column: CredentialColumn, seen: AssetsSeen): SQL {
  if (column === 'ENVIRONMENTS') return listKey('environment', seen);
  if (column === 'DATA_SOURCES') return listKey('dataSource', seen);
  return sortKeys[column];
}

const singleValued: Record<Exclude<StringField, 'environment' | 'dataSource'>, SQL> = {
  name: sql`${credentials.name}`,
  description: sql`coalesce(${credentials.description}, '')`,
  kubernetesName: sql`${credentials.kubernetesName}`,
  createdBy: sql`${credentials.createdBy}`,
  scopeName: scopeNameExpr,
  clusterName: clusterNameExpr,
  updatedBy: lastUpdatedByExpr,
};

const patternOf = {
  contains: (v: string) => `%${escapeLike(v)}%`,
  startsWith: (v: string) => `${escapeLike(v)}%`,
  endsWith: (v: string) => `%${escapeLike(v)}`,
};
/**
 * A case-insensitive LIKE of user text. SQLite's LIKE folds ASCII only: text with other letters is
 * folded (before its wildcards are escaped) and compared with the column through fold(); ASCII text
 * keeps the built-in LIKE, which is cheaper. (A stored name that writes an ASCII letter as another
 * character that folds to it, like the Turkish İ, is found by such text only.)
 */
const like = (expr: SQL, operator: keyof typeof patternOf, text: string) =>
  isAscii(text)
    ? sql`${expr} like ${patternOf[operator](text)} escape '\\'`
    : sql`fold(${expr}) like ${patternOf[operator](foldCase(text))} escape '\\'`;
const FALSE = sql`0`;
/** Export rows whose environment and data source names are read together. */
const EXPORT_BATCH = 250;
/** Prepared asset-name statements kept (one per field and shape of a caller's visible scopes). */
const ASSET_NAME_STATEMENTS = 64;
/** The export's raw rows: id, the twelve shown values (see `shownCell`), then the sort keys. */
const EXPORT_KEY_OFFSET = 12;

/** The text a column shows for one raw export row. */
function shownCell(column: CredentialColumn, values: unknown[], environments: string | undefined, dataSources: string | undefined): string {
  switch (column) {
    case 'NAME': return values[1] as string;
    case 'DESCRIPTION': return values[2] as string;
    case 'TYPE': return credentialTypeLabelOf[values[3] as CredentialRow['type']] ?? (values[3] as string);
    case 'STATUS': return displayTextOf[values[4] as CredentialRow['phase']] ?? (values[4] as string);
    case 'SCOPE': return values[5] as string;
    case 'KUBERNETES_NAME': return values[6] as string;
    case 'ENVIRONMENTS': return environments ?? '';
    case 'DATA_SOURCES': return dataSources ?? '';
    case 'CREATED_BY': return values[7] as string;
    case 'CREATED_AT': return values[8] as string;
    case 'CLUSTER': return (values[9] as string | null) ?? '';
    case 'UPDATED_BY': return values[10] as string;
    case 'UPDATED_AT': return values[11] as string;
  }
}
const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

type PositiveOperator = 'eq' | 'contains' | 'startsWith' | 'endsWith' | 'in';

/**
 * One operator on one text expression, case-insensitive over all of Unicode (lower() where the
 * user's text is ASCII, fold() otherwise); user text is always a bound parameter, LIKE wildcards escaped.
 */
function positive(expr: SQL, operator: PositiveOperator, value: string | string[]): SQL {
  switch (operator) {
    case 'eq':
    case 'in': {
      const values = operator === 'eq' ? [value as string] : (value as string[]);
      if (values.length === 0) return FALSE;
      if (values.every(isAscii)) return sql`lower(${expr}) in (${sql.join(values.map((v) => sql`${v.toLowerCase()}`), sql`, `)})`;
      return sql`fold(${expr}) in (${sql.join(values.map((v) => sql`${foldCase(v)}`), sql`, `)})`;
    }
    default:
      return like(expr, operator, value as string);
  }
}

/** Every operator of a filter; neq and notContains are the negations of eq and contains. */
function stringConditions(filter: StringFilter, test: (operator: PositiveOperator, value: string | string[]) => SQL): SQL[] {
  const conditions: SQL[] = [];
  if (filter.eq !== undefined) conditions.push(test('eq', filter.eq));
  if (filter.neq !== undefined) conditions.push(sql`not (${test('eq', filter.neq)})`);
  if (filter.contains !== undefined) conditions.push(test('contains', filter.contains));
  if (filter.notContains !== undefined) conditions.push(sql`not (${test('contains', filter.notContains)})`);
  if (filter.startsWith !== undefined) conditions.push(test('startsWith', filter.startsWith));
  if (filter.endsWith !== undefined) conditions.push(test('endsWith', filter.endsWith));
  if (filter.in !== undefined) conditions.push(test('in', filter.in));
  return conditions;
}

/** Some asset using the credential, among those the caller sees, has a name that passes. */
function someAssetName(field: AssetField, seen: AssetsSeen, condition: (name: SQL) => SQL): SQL {
  const table = assetTable[field];
  return sql`exists (select 1 from ${table} where ${assetsUsing(field, seen)} and ${condition(sql`${table.name}`)})`;
}

/**
 * Environment and data source filters range over the names of the assets using the credential:
 * "eq x" is "some name is x", "neq x" is "no name is x" (so it holds for an unused credential).
 */
function stringFilterConditions(field: StringField, filter: StringFilter, seen: AssetsSeen): SQL[] {
  if (field === 'environment' || field === 'dataSource') {
    return stringConditions(filter, (operator, value) => someAssetName(field, seen, (name) => positive(name, operator, value)));
  }
  const expr = singleValued[field];
  return stringConditions(filter, (operator, value) => positive(expr, operator, value));
}

/** The phase a filter sees: the credential's own, or the phase an event describes. */
const currentPhase: SQL = sql`${credentials.phase}`;

function whereCondition(where: CredentialWhereInput, phase: SQL, seen: AssetsSeen): SQL {
  const conditions: SQL[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    switch (key) {
      case 'type':
      case 'phase':
      case 'scopeType': {
        const values = value as string[];
        const column = key === 'type' ? credentials.type : key === 'phase' ? phase : credentials.scopeType;
        conditions.push(values.length === 0 ? FALSE : sql`${column} in (${list(values)})`);
        break;
      }
      case 'scope': {
        const scope = where.scope!;
        conditions.push(and(eq(credentials.scopeType, scope.type), eq(credentials.scopeId, scope.id))!);
        break;
      }
      case 'createdAt':
      case 'updatedAt': {
        const range = where[key]!;
        const time = key === 'createdAt' ? sql`${credentials.createdAt}` : lastUpdatedAtExpr;
        if (range.from !== undefined) conditions.push(sql`${time} >= ${range.from}`);
        if (range.to !== undefined) conditions.push(sql`${time} < ${range.to}`);
        break;
      }
      case 'and':
        for (const part of where.and!) conditions.push(whereCondition(part, phase, seen));
        break;
      case 'or':
        conditions.push(where.or!.length === 0 ? FALSE : sql`(${sql.join(where.or!.map((part) => sql`(${whereCondition(part, phase, seen)})`), sql` or `)})`);
        break;
      case 'not':
        conditions.push(sql`not (${whereCondition(where.not!, phase, seen)})`);
        break;
      default:
        conditions.push(...stringFilterConditions(key as StringField, value as StringFilter, seen));
    }
  }
  return conditions.length === 0 ? sql`1` : sql`(${sql.join(conditions.map((c) => sql`(${c})`), sql` and `)})`;
}

/** Every search word must appear in some visible column: texts, type and status as shown, asset names. */
function searchCondition(terms: string[], phase: SQL, seen: AssetsSeen): SQL | undefined {
  if (terms.length === 0) return undefined;
  return and(
    ...terms.map((term) => {
      const types = typesMatching(term);
      const phases = phasesMatching(term);
      const alternatives: SQL[] = [
        ...Object.values(singleValued).map((expr) => like(expr, 'contains', term)),
        someAssetName('environment', seen, (name) => like(name, 'contains', term)),
        someAssetName('dataSource', seen, (name) => like(name, 'contains', term)),
      ];
      // The dates as shown (ISO-8601) are searched by words with a digit ("2024-05", "10:30"), so that
      // a letter such as "t" does not match every row through the dates' "T" and "Z".
      if (/\d/.test(term)) alternatives.push(like(sql`${credentials.createdAt}`, 'contains', term), like(lastUpdatedAtExpr, 'contains', term));
      if (types.length > 0) alternatives.push(sql`${credentials.type} in (${list(types)})`);
      if (phases.length > 0) alternatives.push(sql`${phase} in (${list(phases)})`);
      return or(...alternatives)!;
    }),
  );
}

const dialect = new SQLiteSyncDialect();

/**
 * (credential id, asset name) for the credentials whose ids come as one JSON array parameter,
 * among the assets the caller sees: one prepared statement serves every batch of an export.
 */
function assetNamesQuery(field: AssetField, credentialIds: string, seen: AssetsSeen): SQL {
  const ids = sql`(select value from json_each(${credentialIds}))`;
  const links =
    field === 'environment'
      ? sql`select ${environments.imagePullCredentialId} as credential_id, ${environments.id} as asset_id from ${environments} where ${environments.imagePullCredentialId} in ${ids}
          union select ${environmentVariables.credentialId}, ${environmentVariables.environmentId} from ${environmentVariables} where ${environmentVariables.credentialId} in ${ids}`
      : sql`select ${dataSources.credentialId} as credential_id, ${dataSources.id} as asset_id from ${dataSources} where ${dataSources.credentialId} in ${ids}`;
  const table = assetTable[field];
  const visible = seen[field];
  return sql`select links.credential_id, ${table.name} from (${links}) as links join ${table} on ${table.id} = links.asset_id
    ${visible ? sql`where ${visible}` : sql``}
    order by links.credential_id, lower(${table.name}), ${table.name}`;
}

/**
 * Keyset condition: rows strictly after (or before) the cursor in the ordering
 * (k1, …, kn, id), each key in its own direction.
 */
function keysetCondition(order: CredentialOrder[], cursor: Cursor, backwards: boolean, seen: AssetsSeen): SQL {
  const keys = [...order.map((o) => ({ expr: sortKeyOf(o.column, seen), direction: o.direction })), { expr: sql`${credentials.id}`, direction: 'ASC' as const }];
  const values: SortKey[] = [...cursor.keys, cursor.id];
  const alternatives = keys.map((key, i) => {
    const ascending = (key.direction === 'ASC') !== backwards;
    const equalBefore = keys.slice(0, i).map((k, j) => sql`${k.expr} = ${values[j]}`);
    return and(...equalBefore, ascending ? sql`${key.expr} > ${values[i]}` : sql`${key.expr} < ${values[i]}`)!;
  });
  return or(...alternatives)!;
}

function orderClause(order: CredentialOrder[], backwards: boolean, seen: AssetsSeen): SQL[] {
  const flip = (direction: 'ASC' | 'DESC') => ((direction === 'ASC') !== backwards ? asc : desc);
  return [...order.map((o) => flip(o.direction)(sortKeyOf(o.column, seen))), flip('ASC')(credentials.id)];
}

/** The credentials table: filter, search, sort and keyset paging over every column. */
export class CredentialQueryService {
  /** By SQL text: it varies with the number of scopes a caller sees, not with the ids. */
  private readonly assetNameStatements = new Map<string, Statement>();

  constructor(readonly deps: ServiceDeps) {}

  /** One page of the table: a constant number of statements whatever its size. */
  page(query: CredentialQuery, request: PageRequest): CredentialPage {
    if (request.limit === 0) return { rows: [], hasMore: false };
    const seen = assetsSeenBy(query.actor);
    const keySelection = Object.fromEntries(query.orderBy.map((o, i) => [`k${i}`, sortKeyOf(o.column, seen)]));
    const conditions = [this.condition(query, currentPhase, seen)];
    if (request.cursor) conditions.push(keysetCondition(query.orderBy, request.cursor, request.backwards, seen));
    const rows = this.joined(this.deps.db.select({ credential: credentials, ...keySelection }).from(credentials).$dynamic())
      .where(and(...conditions))
      .orderBy(...orderClause(query.orderBy, request.backwards, seen))
      .limit(request.limit + 1)
      .all() as ({ credential: CredentialRow } & Record<string, SortKey>)[];
    const hasMore = rows.length > request.limit;
    const page = rows.slice(0, request.limit).map((row) => ({
      credential: row.credential,
      keys: query.orderBy.map((_, i) => row[`k${i}`]),
    }));
    if (request.backwards) page.reverse();
    return { rows: page, hasMore };
  }

  /** How many credentials match (the connection's totalCount, the export's X-Total-Count). */
  count(query: Omit<CredentialQuery, 'orderBy'>): number {
    return this.joined(this.deps.db.select({ n: sql<number>`count(*)` }).from(credentials).$dynamic()).where(this.condition(query)).get()!.n;
  }

  /**
   * Whether one credential passes a filter and search: subscriptions use it to pick their events.
   * `phase` is the phase an event describes, which a replayed event no longer shares with the credential.
   */
  matches(credentialId: string, where?: CredentialWhereInput, search?: string, actor?: Actor, phase?: CredentialPhase): boolean {
    const row = this.joined(this.deps.db.select({ one: sql<number>`1` }).from(credentials).$dynamic())
      .where(and(eq(credentials.id, credentialId), this.condition({ where, search, actor }, phase === undefined ? currentPhase : sql`${phase}`)))
      .limit(1)
      .get();
    return row !== undefined;
  }

  /**
   * The export's rows in table order, after `cursor` when given, at most `limit`. The rows
   * come from one open statement: finish or `return()` the iterator before awaiting anything
   * (an open statement blocks writers), then go on from the last row's cursor. Environment and
   * data source names are read in batches beside it, so a resumed export re-sorts cheap rows only.
   */
  *exportRows(
    query: CredentialQuery,
    options: { limit: number; after?: Cursor; columns?: readonly CredentialColumn[] },
  ): Generator<CredentialExportRow> {
    const seen = assetsSeenBy(query.actor);
    const conditions = [this.condition(query, currentPhase, seen)];
    if (options.after) conditions.push(keysetCondition(query.orderBy, options.after, false, seen));
    const selection = {
      id: credentials.id,
      name: credentials.name,
      description: sql<string>`coalesce(${credentials.description}, '')`,
      type: credentials.type,
      phase: credentials.phase,
      scope: scopeNameExpr,
      kubernetesName: credentials.kubernetesName,
      createdBy: credentials.createdBy,
      createdAt: credentials.createdAt,
      cluster: clusterNameExpr,
      updatedBy: lastUpdatedByExpr,
      updatedAt: lastUpdatedAtExpr,
      ...Object.fromEntries(query.orderBy.map((o, i) => [`k${i}`, sortKeyOf(o.column, seen)])),
    };
    const compiled = this.joined(this.deps.db.select(selection).from(credentials).$dynamic())
      .where(and(...conditions))
      .orderBy(...orderClause(query.orderBy, false, seen))
      .limit(options.limit)
      .toSQL();
    const columns = options.columns ?? credentialColumns;
    const wantEnvironments = columns.includes('ENVIRONMENTS');
    const wantDataSources = columns.includes('DATA_SOURCES');
    const statement = this.deps.db.$client.prepare(compiled.sql).raw(true);
    let batch: unknown[][] = [];
    const flush = function* (this: CredentialQueryService): Generator<CredentialExportRow> {
      const ids = batch.map((values) => values[0] as string);
      const environmentNames = wantEnvironments ? this.assetNamesOf('environment', ids, seen) : undefined;
      const dataSourceNames = wantDataSources ? this.assetNamesOf('dataSource', ids, seen) : undefined;
      for (const values of batch) {
        const id = values[0] as string;
        const cells = columns.map((column) => shownCell(column, values, environmentNames?.get(id), dataSourceNames?.get(id)));
        yield { cells, values };
      }
      batch = [];
    };
    for (const values of statement.iterate(...compiled.params) as IterableIterator<unknown[]>) {
      batch.push(values);
      if (batch.length === EXPORT_BATCH) yield* flush.call(this);
    }
    if (batch.length > 0) yield* flush.call(this);
  }

  /** The shown text of a list column for many credentials: names sorted case-insensitively, joined with ", ". */
  private assetNamesOf(field: AssetField, credentialIds: string[], seen: AssetsSeen): Map<string, string> {
    const names = new Map<string, string>();
    if (credentialIds.length === 0) return names;
    const query = dialect.sqlToQuery(assetNamesQuery(field, JSON.stringify(credentialIds), seen));
    let statement = this.assetNameStatements.get(query.sql);
    if (!statement) {
      if (this.assetNameStatements.size >= ASSET_NAME_STATEMENTS) this.assetNameStatements.clear();
      statement = this.deps.db.$client.prepare(query.sql).raw(true);
      this.assetNameStatements.set(query.sql, statement);
    }
    for (const [credentialId, name] of statement.all(...query.params) as [string, string][]) {
      const before = names.get(credentialId);
      names.set(credentialId, before === undefined ? name : `${before}, ${name}`);
    }
    return names;
  }

  private condition(query: Omit<CredentialQuery, 'orderBy'>, phase: SQL = currentPhase, seen: AssetsSeen = assetsSeenBy(query.actor)): SQL {
    const conditions = [
      this.visibleTo(query.actor),
      query.where ? whereCondition(query.where, phase, seen) : undefined,
      searchCondition(parseSearch(query.search), phase, seen),
    ];
    return and(...conditions) ?? sql`1`;
  }

  /**
   * The seam of access control for lists, counts, exports and subscription filters: the
   * credentials of the scopes the caller sees (DESIGN §6). No actor: the gateway's own reads.
   */
  private visibleTo(actor: Actor | undefined): SQL | undefined {
    return visibleScopeCondition(actor, { scopeType: credentials.scopeType, scopeId: credentials.scopeId, clusterId: credentials.clusterId });
  }

  /** Where an export stands after a row: resume after it with `exportRows(query, { after })`. */
  exportCursor(values: unknown[]): Cursor {
    return { keys: values.slice(EXPORT_KEY_OFFSET) as SortKey[], id: values[0] as string };
  }

  /** The joins every filter, sort and export column may refer to (SQLite drops those a query does not use). */
  private joined<Q extends SQLiteSelect>(query: Q): Q {
    return query
      .leftJoin(accounts, and(eq(credentials.scopeType, 'ACCOUNT'), eq(accounts.id, credentials.scopeId)))
      .leftJoin(scopeCluster, and(eq(credentials.scopeType, 'CLUSTER'), eq(scopeCluster.id, credentials.scopeId)))
      .leftJoin(scopeDepartment, and(eq(credentials.scopeType, 'DEPARTMENT'), eq(scopeDepartment.id, credentials.scopeId)))
      .leftJoin(scopeProject, and(eq(credentials.scopeType, 'PROJECT'), eq(scopeProject.id, credentials.scopeId)))
      .leftJoin(ownCluster, eq(ownCluster.id, credentials.clusterId)) as unknown as Q;
  }
}
