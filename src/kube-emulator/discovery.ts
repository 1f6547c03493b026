// The discovery documents kubectl reads before it talks to a resource, and the Table
// representation `kubectl get` asks for (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`).
import type { Entry } from './store.js';

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
}

export function versionDocument(version: ServerVersion): unknown {
  return {
    major: version.major,
    minor: version.minor,
    gitVersion: version.gitVersion,
    gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T17:59:15Z',
    goVersion: 'go1.23.3',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(hostPort: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: hostPort }] };
}

export const API_GROUP_LIST = { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };

export const CORE_V1_RESOURCES = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    {
      name: 'namespaces',
      singularName: 'namespace',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['ns'],
      storageVersionHash: 'Q3oi5N2YM8M=',
    },
    { name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'] },
    {
      name: 'secrets',
      singularName: 'secret',
      namespaced: true,
      kind: 'Secret',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      storageVersionHash: 'S6u1pOWzb84=',
    },
  ],
};

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const column = (name: string, type: string, format: string, description: string): unknown => ({ name, type, format, description, priority: 0 });

const COLUMNS = {
  Secret: [
    column('Name', 'string', 'name', NAME_DESCRIPTION),
    column('Type', 'string', '', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
    column('Data', 'string', '', "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
    column('Age', 'string', '', AGE_DESCRIPTION),
  ],
  Namespace: [
    column('Name', 'string', 'name', NAME_DESCRIPTION),
    column('Status', 'string', '', 'The current lifecycle phase of the namespace. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/'),
    column('Age', 'string', '', AGE_DESCRIPTION),
  ],
};

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function row(entry: Entry, include: IncludeObject, now: number): unknown {
  const o = entry.object;
  const created = o.metadata.creationTimestamp ? Date.parse(o.metadata.creationTimestamp) : now;
  const age = o.metadata.creationTimestamp ? humanDuration(now - created) : '<unknown>';
  const cells =
    o.kind === 'Secret'
      ? [o.metadata.name, o.type, Object.keys((o.data as object | undefined) ?? {}).length, age]
      : [o.metadata.name, (o.status as { phase?: string } | undefined)?.phase ?? '', age];
  const result: Record<string, unknown> = { cells };
  if (include === 'Object') result.object = o;
  else if (include === 'Metadata') result.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
  return result;
}

export function table(kind: 'Secret' | 'Namespace', entries: Entry[], listMeta: Record<string, unknown>, include: IncludeObject, withColumns = true): string {
  const now = Date.now();
  return JSON.stringify({
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withColumns ? COLUMNS[kind] : null,
    rows: entries.map((e) => row(e, include, now)),
  });
}
