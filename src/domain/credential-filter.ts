import type { CredentialType } from './credential.js';
import { ValidationError, type FieldError } from './errors.js';
import { parsePaging, type PagingArgs } from './paging.js';
import type { ScopeRef, ScopeType } from './scope.js';
import { displayTextOf, type CredentialPhase } from './status.js';

/**
 * The credentials table's filter, search, sort and cursor rules (API.md: CredentialWhere,
 * CredentialOrder). Everything here checks and shapes input; the SQL lives in the query service.
 */

export const credentialTypes = ['DOCKER_REGISTRY', 'ACCESS_KEY', 'PASSWORD', 'GENERIC_SECRET'] as const satisfies readonly CredentialType[];
export const credentialPhases = [
  'CREATING', 'UPDATING', 'READY', 'ISSUES_FOUND', 'DELETING', 'DELETION_FAILED', 'NO_STATUS',
] as const satisfies readonly CredentialPhase[];
export const scopeTypes = ['ACCOUNT', 'CLUSTER', 'DEPARTMENT', 'PROJECT'] as const satisfies readonly ScopeType[];

export const credentialColumns = [
  'NAME', 'DESCRIPTION', 'TYPE', 'STATUS', 'SCOPE', 'KUBERNETES_NAME',
  'ENVIRONMENTS', 'DATA_SOURCES', 'CREATED_BY', 'CREATED_AT', 'CLUSTER', 'UPDATED_BY', 'UPDATED_AT',
] as const;
export type CredentialColumn = (typeof credentialColumns)[number];
export type OrderDirection = 'ASC' | 'DESC';
export interface CredentialOrder {
  column: CredentialColumn;
  direction: OrderDirection;
}

/** The column titles a dashboard shows, also the CSV header row. */
export const columnTitleOf: Record<CredentialColumn, string> = {
  NAME: 'Credential',
  DESCRIPTION: 'Description',
  TYPE: 'Type',
  STATUS: 'Status',
  SCOPE: 'Scope',
  KUBERNETES_NAME: 'Kubernetes name',
  ENVIRONMENTS: 'Environment(s)',
  DATA_SOURCES: 'Data source(s)',
  CREATED_BY: 'Created by',
  CREATED_AT: 'Creation time',
  CLUSTER: 'Cluster',
  UPDATED_BY: 'Updated by',
  UPDATED_AT: 'Last updated',
};

/** How the table shows a credential's type; `search` matches these words. */
export const credentialTypeLabelOf: Record<CredentialType, string> = {
  DOCKER_REGISTRY: 'Docker registry',
  ACCESS_KEY: 'Access key',
  PASSWORD: 'Password',
  GENERIC_SECRET: 'Generic secret',
};

/**
 * STATUS sorts by the status text as the table shows it ("Creating…" < "Deleting…" < …
 * < "No issues found" < …), so a sorted column reads alphabetically. This is each phase's rank.
 */
export const statusSortRankOf: Record<CredentialPhase, number> = Object.fromEntries(
  [...credentialPhases]
    .sort((a, b) => (displayTextOf[a].toLowerCase() < displayTextOf[b].toLowerCase() ? -1 : 1))
    .map((phase, rank) => [phase, rank]),
) as Record<CredentialPhase, number>;

export const stringOperators = ['eq', 'neq', 'contains', 'notContains', 'startsWith', 'endsWith', 'in'] as const;
export type StringOperator = (typeof stringOperators)[number];

/** Case-insensitive string conditions; all given operators must hold. `in: []` matches nothing. */
export interface StringFilter {
  eq?: string;
  neq?: string;
  contains?: string;
  notContains?: string;
  startsWith?: string;
  endsWith?: string;
  in?: string[];
}

/** The string-filtered fields of CredentialWhere. Environment and data source filters range over the names of those using the credential. */
export const stringFields = [
  'name', 'description', 'kubernetesName', 'createdBy', 'environment', 'dataSource', 'scopeName', 'clusterName', 'updatedBy',
] as const;
export type StringField = (typeof stringFields)[number];

/**
 * A checked filter of the credentials table, with scope ids already internal and times as
 * ISO-8601 UTC strings. Every given condition must hold; an empty list matches nothing.
 */
export type CredentialWhereInput = { [F in StringField]?: StringFilter } & {
  type?: CredentialType[];
  phase?: CredentialPhase[];
  scopeType?: ScopeType[];
  /** Credentials of exactly this scope (not those of scopes below it). */
  scope?: ScopeRef;
  /** `from` inclusive, `to` exclusive. */
  createdAt?: { from?: string; to?: string };
  /** The "Last updated" column: the last change, or the creation for a credential never changed. */
  updatedAt?: { from?: string; to?: string };
  and?: CredentialWhereInput[];
  or?: CredentialWhereInput[];
  not?: CredentialWhereInput;
};

export const LIMITS = {
  /** Longest string a filter or search may hold. */
  value: 1000,
  /** Most values in one `in` list. */
  inList: 1000,
  /** Deepest nesting of and/or/not. */
  depth: 8,
  /** Most conditions (filter objects) in one where. */
  nodes: 200,
  /** Most values of all `in` lists of one where together (SQLite binds at most 32,766 parameters). */
  inValuesTotal: 5000,
  /** Most words in a search. */
  searchTerms: 10,
  defaultPage: 50,
  maxPage: 1000,
} as const;

/** Turns a scope as the caller names it (type and public id) into an internal reference; throws ValidationError. */
export type ScopeResolver = (scope: { type: ScopeType; id?: string | null }, path: string[]) => ScopeRef;

class Collector {
  readonly errors: FieldError[] = [];
  add(path: string[], message: string): void {
    if (this.errors.length < 50) this.errors.push({ path, message });
  }
  throwIfAny(): void {
    if (this.errors.length > 0) throw new ValidationError(this.errors);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

const whereKeys = new Set<string>([...stringFields, 'type', 'phase', 'scopeType', 'scope', 'createdAt', 'updatedAt', 'and', 'or', 'not']);

/**
 * Checks a CredentialWhere given as the GraphQL input or as its JSON (CSV export) and returns
 * it in the service's terms. Throws ValidationError listing every problem with its path.
 */
export function parseCredentialWhere(input: unknown, resolveScope: ScopeResolver, path: string[] = ['where']): CredentialWhereInput | undefined {
  if (input === undefined || input === null) return undefined;
  const errors = new Collector();
  const budget = { nodes: 0, inValues: 0 };
  const where = parseWhereNode(input, path, 0, errors, budget, resolveScope);
  errors.throwIfAny();
  return where;
}

function parseWhereNode(
  input: unknown,
  path: string[],
  depth: number,
  errors: Collector,
  budget: { nodes: number; inValues: number },
  resolveScope: ScopeResolver,
): CredentialWhereInput {
  const where: CredentialWhereInput = {};
  if (!isRecord(input)) {
    errors.add(path, 'must be an object of conditions (CredentialWhere)');
    return where;
  }
  budget.nodes += 1;
  if (budget.nodes === LIMITS.nodes + 1) errors.add(path, `has more than ${LIMITS.nodes} conditions; simplify the filter`);
  if (depth > LIMITS.depth) {
    errors.add(path, `nests and/or/not deeper than ${LIMITS.depth} levels; simplify the filter`);
    return where;
  }
  for (const [key, value] of Object.entries(input)) {
    const at = [...path, key];
    if (!whereKeys.has(key)) {
      errors.add(at, `is not a filter; use one of ${[...whereKeys].join(', ')}`);
      continue;
    }
    if (value === undefined || value === null) continue;
    switch (key) {
      case 'type':
        where.type = parseEnumList(value, credentialTypes, at, errors);
        break;
      case 'phase':
        where.phase = parseEnumList(value, credentialPhases, at, errors);
        break;
      case 'scopeType':
        where.scopeType = parseEnumList(value, scopeTypes, at, errors);
        break;
      case 'scope':
        where.scope = parseScope(value, at, errors, resolveScope);
        break;
      case 'createdAt':
      case 'updatedAt':
        where[key] = parseTimeRange(value, at, errors);
        break;
      case 'and':
      case 'or': {
        if (!Array.isArray(value)) {
          errors.add(at, 'must be a list of CredentialWhere');
          break;
        }
        where[key] = value.map((item, i) => parseWhereNode(item, [...at, String(i)], depth + 1, errors, budget, resolveScope));
        break;
      }
      case 'not':
        where.not = parseWhereNode(value, at, depth + 1, errors, budget, resolveScope);
        break;
      default:
        where[key as StringField] = parseStringFilter(value, at, errors, budget);
    }
  }
  return where;
}

function parseString(value: unknown, path: string[], errors: Collector): string | undefined {
  if (typeof value !== 'string') {
    errors.add(path, 'must be a string');
    return undefined;
  }
  if (value.length > LIMITS.value) {
    errors.add(path, `must be at most ${LIMITS.value} characters`);
    return undefined;
  }
  return value;
}

function parseStringFilter(input: unknown, path: string[], errors: Collector, budget?: { nodes: number; inValues: number }): StringFilter {
  const filter: StringFilter = {};
  if (!isRecord(input)) {
    errors.add(path, `must be an object with some of ${stringOperators.join(', ')}`);
    return filter;
  }
  for (const [operator, value] of Object.entries(input)) {
    const at = [...path, operator];
    if (!(stringOperators as readonly string[]).includes(operator)) {
      errors.add(at, `is not a string operator; use one of ${stringOperators.join(', ')}`);
      continue;
    }
    if (value === undefined || value === null) continue;
    if (operator === 'in') {
      if (!Array.isArray(value)) {
        errors.add(at, 'must be a list of strings');
        continue;
      }
      if (value.length > LIMITS.inList) {
        errors.add(at, `must hold at most ${LIMITS.inList} values`);
        continue;
      }
      if (budget) {
        budget.inValues += value.length;
        if (budget.inValues > LIMITS.inValuesTotal) {
          errors.add(at, `brings the filter over ${LIMITS.inValuesTotal} listed values in all; simplify the filter`);
          continue;
        }
      }
      const values = value.map((v, i) => parseString(v, [...at, String(i)], errors));
      if (values.every((v): v is string => v !== undefined)) filter.in = values;
      continue;
    }
    const text = parseString(value, at, errors);
    if (text !== undefined) filter[operator as Exclude<StringOperator, 'in'>] = text;
  }
  return filter;
}

function parseEnumList<T extends string>(input: unknown, allowed: readonly T[], path: string[], errors: Collector): T[] {
  if (!Array.isArray(input)) {
    errors.add(path, `must be a list of ${allowed.join(', ')}`);
    return [];
  }
  const values: T[] = [];
  input.forEach((value, i) => {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) values.push(value as T);
    else errors.add([...path, String(i)], `must be one of ${allowed.join(', ')}`);
  });
  return [...new Set(values)];
}

function parseScope(input: unknown, path: string[], errors: Collector, resolveScope: ScopeResolver): ScopeRef | undefined {
  if (!isRecord(input) || typeof input.type !== 'string' || !(scopeTypes as readonly string[]).includes(input.type)) {
    errors.add(path, `must be { type: ${scopeTypes.join(' | ')}, id } (id omitted for ACCOUNT)`);
    return undefined;
  }
  if (input.id !== undefined && input.id !== null && typeof input.id !== 'string') {
    errors.add([...path, 'id'], 'must be a string id');
    return undefined;
  }
  try {
    return resolveScope({ type: input.type as ScopeType, id: input.id as string | null | undefined }, path);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const fieldError of error.fieldErrors) errors.add(fieldError.path, fieldError.message);
    return undefined;
  }
}

function parseTime(value: unknown, path: string[], errors: Collector): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    errors.add(path, 'must be an ISO-8601 date-time such as 2024-05-01T00:00:00Z');
    return undefined;
  }
  return date.toISOString();
}

function parseTimeRange(input: unknown, path: string[], errors: Collector): { from?: string; to?: string } | undefined {
  if (!isRecord(input)) {
    errors.add(path, 'must be { from, to } with ISO-8601 date-times');
    return undefined;
  }
  const range: { from?: string; to?: string } = {};
  for (const [key, value] of Object.entries(input)) {
    if (key !== 'from' && key !== 'to') {
      errors.add([...path, key], 'is not part of a time range; use from and to');
      continue;
    }
    if (value === undefined || value === null) continue;
    const time = parseTime(value, [...path, key], errors);
    if (time !== undefined) range[key] = time;
  }
  if (range.from && range.to && range.from > range.to) errors.add([...path, 'to'], 'must not be before from');
  return range;
}

/** Checks orderBy; the default is by name. Throws ValidationError. */
export function parseCredentialOrder(input: unknown, path: string[] = ['orderBy']): CredentialOrder[] {
  if (input === undefined || input === null) return [{ column: 'NAME', direction: 'ASC' }];
  const errors = new Collector();
  const list = Array.isArray(input) ? input : [input];
  const order: CredentialOrder[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const at = [...path, String(i)];
    if (!isRecord(item)) return errors.add(at, 'must be { column, direction }');
    const { column, direction, ...rest } = item;
    for (const key of Object.keys(rest)) errors.add([...at, key], 'is not part of an order; use column and direction');
    if (typeof column !== 'string' || !(credentialColumns as readonly string[]).includes(column)) {
      return errors.add([...at, 'column'], `must be one of ${credentialColumns.join(', ')}`);
    }
    if (direction !== undefined && direction !== null && direction !== 'ASC' && direction !== 'DESC') {
      return errors.add([...at, 'direction'], 'must be ASC or DESC');
    }
    if (seen.has(column)) return errors.add([...at, 'column'], `sorts by ${column} a second time; name each column once`);
    seen.add(column);
    order.push({ column: column as CredentialColumn, direction: (direction as OrderDirection | null | undefined) ?? 'ASC' });
  });
  errors.throwIfAny();
  return order.length > 0 ? order : [{ column: 'NAME', direction: 'ASC' }];
}

/** Splits free text into words; each word must appear in some visible column. Throws ValidationError. */
export function parseSearch(input: unknown, path: string[] = ['search']): string[] {
  if (input === undefined || input === null) return [];
  if (typeof input !== 'string') throw ValidationError.of(path, 'must be a string');
  if (input.length > LIMITS.value) throw ValidationError.of(path, `must be at most ${LIMITS.value} characters`);
  const terms = input.split(/\s+/).filter((term) => term.length > 0);
  if (terms.length > LIMITS.searchTerms) throw ValidationError.of(path, `must have at most ${LIMITS.searchTerms} words`);
  return [...new Set(terms)];
}

/** The column names a CSV export asks for (comma-separated), in table order; all when absent. */
export function parseColumns(input: string | null | undefined, path: string[] = ['columns']): CredentialColumn[] {
  if (input === undefined || input === null || input.trim() === '') return [...credentialColumns];
  const asked = input.split(',').map((c) => c.trim().toUpperCase()).filter((c) => c.length > 0);
  const unknown = asked.filter((c) => !(credentialColumns as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw ValidationError.of(path, `${unknown.slice(0, 5).join(', ')} is not a column; use ${credentialColumns.join(', ')}`);
  }
  return credentialColumns.filter((column) => asked.includes(column));
}

/** Escapes LIKE wildcards (and the escape character, a backslash) so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Text as filters compare it, over all of Unicode: canonically composed (a decomposed É equals É;
 * the Kelvin sign is K), lowercased, and with the Greek final sigma as σ (lowercasing picks ς or σ
 * by position, which would make a part of a word differ from the word). The same function runs in
 * SQLite as fold() (see openDatabase), so stored text and the user's text fold alike.
 */
export function foldCase(text: string): string {
  return text.normalize('NFC').toLowerCase().replaceAll('ς', 'σ');
}

/** Whether text is ASCII only; for such a pattern SQLite's own LIKE and lower() fold case enough. */
export function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

/** Types and phases whose shown text contains a search word (case-insensitive). */
export function typesMatching(term: string): CredentialType[] {
  const needle = foldCase(term);
  return credentialTypes.filter((type) => foldCase(credentialTypeLabelOf[type]).includes(needle));
}

export function phasesMatching(term: string): CredentialPhase[] {
  const needle = foldCase(term);
  return credentialPhases.filter((phase) => foldCase(displayTextOf[phase]).includes(needle));
}

/** A sort key: every column sorts by a string except STATUS, which sorts by its rank. */
export type SortKey = string | number;

export interface Cursor {
  keys: SortKey[];
  id: string;
}

const orderSignature = (order: CredentialOrder[]) => order.map((o) => `${o.column}:${o.direction}`).join(',');

/** An opaque cursor: the sort key values and the id of a row, and the ordering they belong to. */
export function encodeCursor(order: CredentialOrder[], keys: SortKey[], id: string): string {
  return Buffer.from(JSON.stringify({ o: orderSignature(order), k: keys, i: id })).toString('base64url');
}

/** Reads a cursor made by encodeCursor for the same ordering; throws ValidationError otherwise. */
export function decodeCursor(cursor: string, order: CredentialOrder[], path: string[]): Cursor {
  const invalid = () =>
    ValidationError.of(path, 'is not a cursor of this list with this orderBy; start again from the first page');
  if (cursor.length > 20_000 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!isRecord(payload) || payload.o !== orderSignature(order) || typeof payload.i !== 'string' || !Array.isArray(payload.k)) {
    throw invalid();
  }
  const keys = payload.k as unknown[];
  if (keys.length !== order.length) throw invalid();
  const typed = keys.every((key, i) =>
    order[i].column === 'STATUS' ? Number.isInteger(key) : typeof key === 'string' && key.length <= 100_000,
  );
  if (!typed) throw invalid();
  return { keys: keys as SortKey[], id: payload.i };
}

export interface PageRequest {
  /** Forwards (first/after) or backwards (last/before) from the cursor. */
  backwards: boolean;
  limit: number;
  cursor?: Cursor;
}

/** Checks Relay paging arguments: first/after or last/before, at most LIMITS.maxPage rows. Throws ValidationError. */
export function parsePageRequest(args: PagingArgs, order: CredentialOrder[]): PageRequest {
  const { backwards, limit, cursor: cursorText } = parsePaging(args, LIMITS);
  const cursor = cursorText !== undefined ? decodeCursor(cursorText, order, [backwards ? 'before' : 'after']) : undefined;
  return { backwards, limit, cursor };
}
