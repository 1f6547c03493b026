import type { CredentialColumn, CredentialOrder, CredentialsArgs, CredentialWhere } from '@credgate/sdk';
import { columnById, type FilterKind } from './columns.js';

export type TextOperator = 'eq' | 'neq' | 'contains' | 'notContains' | 'startsWith' | 'endsWith';
export type EnumOperator = 'is' | 'isNot';
export type TimeOperator = 'after' | 'before';
export type Operator = TextOperator | EnumOperator | TimeOperator;

export const OPERATORS: Record<FilterKind, ReadonlyArray<{ op: Operator; label: string }>> = {
  text: [
    { op: 'eq', label: 'is' },
    { op: 'neq', label: 'is not' },
    { op: 'contains', label: 'contains' },
    { op: 'notContains', label: 'does not contain' },
    { op: 'startsWith', label: 'starts with' },
    { op: 'endsWith', label: 'ends with' },
  ],
  enum: [
    { op: 'is', label: 'is' },
    { op: 'isNot', label: 'is not' },
  ],
  time: [
    { op: 'after', label: 'is after' },
    { op: 'before', label: 'is before' },
  ],
};

/** One chip of the filter bar: a column, an operator and one or more values (any of them). */
export interface Filter {
  column: CredentialColumn;
  op: Operator;
  values: string[];
}

/** Everything that decides which rows are shown: it lives in the URL, so a view can be shared. */
export interface View {
  filters: Filter[];
  search: string;
  sort: CredentialOrder[];
  pageSize: number;
  after: string | null;
  before: string | null;
}

export const PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 50;

export function operatorLabel(filter: Filter): string {
  const kind = columnById(filter.column)?.filter ?? 'text';
  return OPERATORS[kind].find((entry) => entry.op === filter.op)?.label ?? filter.op;
}

function isFilter(value: unknown): value is Filter {
  if (typeof value !== 'object' || value === null) return false;
  const { column, op, values } = value as Record<string, unknown>;
  const def = typeof column === 'string' ? columnById(column) : undefined;
  return (
    def !== undefined &&
    OPERATORS[def.filter].some((entry) => entry.op === op) &&
    Array.isArray(values) &&
    values.length > 0 &&
    values.every((item) => typeof item === 'string')
  );
}

/** The view a URL describes; anything it does not understand is left out rather than refused. */
export function viewFromUrl(search: string): View {
  const params = new URLSearchParams(search);
  const filters: Filter[] = [];
  for (const raw of params.getAll('filter')) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (isFilter(parsed)) filters.push({ column: parsed.column, op: parsed.op, values: parsed.values });
    } catch {
      // not a filter we wrote
    }
  }
  const sort: CredentialOrder[] = [];
  for (const key of (params.get('sort') ?? '').split(',')) {
    const descending = key.startsWith('-');
    const column = descending ? key.slice(1) : key;
    const def = columnById(column);
    if (def && !sort.some((order) => order.column === def.id)) sort.push({ column: def.id, direction: descending ? 'DESC' : 'ASC' });
  }
  const size = Number(params.get('size'));
  return {
    filters,
    search: params.get('q') ?? '',
    sort,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
    after: params.get('after'),
    before: params.get('after') ? null : params.get('before'),
  };
}

export function urlOfView(view: View): string {
  const params = new URLSearchParams();
  if (view.search) params.set('q', view.search);
  for (const filter of view.filters) params.append('filter', JSON.stringify(filter));
  if (view.sort.length) params.set('sort', view.sort.map((order) => `${order.direction === 'DESC' ? '-' : ''}${order.column}`).join(','));
  if (view.pageSize !== DEFAULT_PAGE_SIZE) params.set('size', String(view.pageSize));
  if (view.after) params.set('after', view.after);
  else if (view.before) params.set('before', view.before);
  const query = params.toString();
  return query ? `?${query}` : window.location.pathname;
}

function conditionOf(filter: Filter): CredentialWhere | null {
  const def = columnById(filter.column);
  if (!def) return null;
  const field = def.whereField;
  const each = (make: (value: string) => unknown) => filter.values.map((value) => ({ [field]: make(value) }) as CredentialWhere);
  switch (filter.op) {
    case 'is':
      return { [field]: filter.values } as CredentialWhere;
    case 'isNot':
      return { not: { [field]: filter.values } as CredentialWhere };
    case 'after':
    case 'before': {
      const time = new Date(filter.values[0]);
      if (Number.isNaN(time.getTime())) return null;
      return { [field]: filter.op === 'after' ? { from: time.toISOString() } : { to: time.toISOString() } } as CredentialWhere;
    }
    case 'eq':
      return filter.values.length === 1 ? ({ [field]: { eq: filter.values[0] } } as CredentialWhere) : ({ [field]: { in: filter.values } } as CredentialWhere);
    case 'neq':
    case 'notContains': {
      const op = filter.op;
      const all = each((value) => ({ [op]: value }));
      return all.length === 1 ? all[0] : { and: all };
    }
    default: {
      const op = filter.op;
      const any = each((value) => ({ [op]: value }));
      return any.length === 1 ? any[0] : { or: any };
    }
  }
}

/** The API's `where` for the chips: every chip must hold. */
export function whereOf(filters: readonly Filter[]): CredentialWhere | null {
  const conditions = filters.map(conditionOf).filter((condition): condition is CredentialWhere => condition !== null);
  if (conditions.length === 0) return null;
  return conditions.length === 1 ? conditions[0] : { and: conditions };
}

/** A header click sorts by that column alone; shift-click adds it as a further key (or flips it). */
export function nextSort(sort: readonly CredentialOrder[], column: CredentialColumn, additive: boolean): CredentialOrder[] {
  const current = sort.find((order) => order.column === column);
  const flipped: CredentialOrder = { column, direction: current?.direction === 'ASC' ? 'DESC' : 'ASC' };
  if (!additive) return [flipped];
  return current ? sort.map((order) => (order.column === column ? flipped : order)) : [...sort, flipped];
}

/** The `credentials` query of a view: its filter, search, sort and page. */
export function queryArgsOf(view: View): CredentialsArgs {
  const paging = view.before ? { last: view.pageSize, before: view.before } : { first: view.pageSize, after: view.after };
  return { where: whereOf(view.filters), search: view.search || null, orderBy: view.sort.length ? view.sort : null, ...paging };
}
