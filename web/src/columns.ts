import type { Credential, CredentialColumn, CredentialPhase, CredentialType } from '@credgate/sdk';

/** How a column is filtered: free text (StringFilter), a fixed list of values, or a time range. */
export type FilterKind = 'text' | 'enum' | 'time';

export interface ColumnDef {
  /** The API's name of the column (sort, CSV). */
  id: CredentialColumn;
  title: string;
  /** The CredentialWhere field that filters it. */
  whereField: string;
  filter: FilterKind;
  /** For enum filters: the values and how they are shown. */
  options?: ReadonlyArray<{ value: string; label: string }>;
  /** The cell's plain text (also what the filter chips and tests read). */
  text: (credential: Credential) => string;
  /** Shown unless the user hides it. */
  defaultVisible: boolean;
}

export const TYPE_LABELS: Record<CredentialType, string> = {
  ACCESS_KEY: 'Access key',
  DOCKER_REGISTRY: 'Docker registry',
  GENERIC_SECRET: 'Generic secret',
  PASSWORD: 'Username & password',
};

export const PHASE_LABELS: Record<CredentialPhase, string> = {
  CREATING: 'Creating…',
  UPDATING: 'Updating…',
  READY: 'No issues found',
  ISSUES_FOUND: 'Issues found',
  DELETING: 'Deleting…',
  DELETION_FAILED: 'Deletion failed',
  NO_STATUS: 'No status',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
}

export function scopePath(credential: Pick<Credential, 'scope'>): string {
  return credential.scope.path.map((node) => node.name).join(' / ');
}

const names = (items: ReadonlyArray<{ name: string }>) => items.map((item) => item.name).join(', ');

/** Every column of the table, in the table's order. */
export const COLUMNS: readonly ColumnDef[] = [
  { id: 'NAME', title: 'Credential', whereField: 'name', filter: 'text', text: (c) => c.name, defaultVisible: true },
  { id: 'DESCRIPTION', title: 'Description', whereField: 'description', filter: 'text', text: (c) => c.description ?? '', defaultVisible: true },
  {
    id: 'TYPE', title: 'Type', whereField: 'type', filter: 'enum', text: (c) => TYPE_LABELS[c.type], defaultVisible: true,
    options: Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label })),
  },
  {
    id: 'STATUS', title: 'Status', whereField: 'phase', filter: 'enum', text: (c) => c.status.displayText, defaultVisible: true,
    options: Object.entries(PHASE_LABELS).map(([value, label]) => ({ value, label })),
  },
  { id: 'SCOPE', title: 'Scope', whereField: 'scopeName', filter: 'text', text: scopePath, defaultVisible: true },
  { id: 'KUBERNETES_NAME', title: 'Kubernetes name', whereField: 'kubernetesName', filter: 'text', text: (c) => c.kubernetesName, defaultVisible: true },
  { id: 'ENVIRONMENTS', title: 'Environment(s)', whereField: 'environment', filter: 'text', text: (c) => names(c.environments), defaultVisible: true },
  { id: 'DATA_SOURCES', title: 'Data source(s)', whereField: 'dataSource', filter: 'text', text: (c) => names(c.dataSources), defaultVisible: true },
  { id: 'CREATED_BY', title: 'Created by', whereField: 'createdBy', filter: 'text', text: (c) => c.createdBy, defaultVisible: true },
  { id: 'CREATED_AT', title: 'Creation time', whereField: 'createdAt', filter: 'time', text: (c) => formatTime(c.createdAt), defaultVisible: true },
  { id: 'CLUSTER', title: 'Cluster', whereField: 'clusterName', filter: 'text', text: (c) => c.cluster?.name ?? '', defaultVisible: true },
  { id: 'UPDATED_AT', title: 'Last updated', whereField: 'updatedAt', filter: 'time', text: (c) => formatTime(c.updatedAt ?? c.createdAt), defaultVisible: true },
  { id: 'UPDATED_BY', title: 'Updated by', whereField: 'updatedBy', filter: 'text', text: (c) => c.updatedBy ?? c.createdBy, defaultVisible: false },
];

export const columnById = (id: string): ColumnDef | undefined => COLUMNS.find((column) => column.id === id);

const COLUMNS_KEY = 'credgate.columns';

/** The columns shown: remembered per browser (localStorage), every known column by default. */
export function loadVisibleColumns(): CredentialColumn[] {
  try {
    const saved = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as unknown;
    if (Array.isArray(saved)) {
      const known = COLUMNS.filter((column) => saved.includes(column.id)).map((column) => column.id);
      if (known.includes('NAME')) return known;
    }
  } catch {
    // a damaged entry falls back to the defaults
  }
  return COLUMNS.filter((column) => column.defaultVisible).map((column) => column.id);
}

export function saveVisibleColumns(columns: readonly CredentialColumn[]): void {
  localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
}
