import type { z } from 'zod';
import { decodeCursor, encodeCursor, parseCredentialWhere, type CredentialOrder } from '../../domain/credential-filter.js';
import { CredentialInUseError, ForbiddenError, NameTakenError, NotFoundError, ValidationError, type AssetRef, type FieldError } from '../../domain/errors.js';
import type { ScopeNode, ScopeRef, ScopeType } from '../../domain/scope.js';
import { displayTextOf } from '../../domain/status.js';
import { parseOrThrow } from '../../domain/validation.js';
import { internalId } from '../../graphql/ids.js';
import type { Actor } from '../../services/context.js';
import type { CredentialRow } from '../../services/credentials.js';
import type { Services } from '../../services/index.js';
import {
  creationRequestSchemas,
  GetQuerySchema,
  ListQuerySchema,
  restPathOf,
  restTypes,
  serviceValuesOf,
  UpdateRequestSchema,
  type AssetKind,
  type RestTypeSegment,
} from './credential-schemas.js';

/**
 * Run:ai's credentials REST API over the same services as GraphQL: every rule (validation, names
 * taken, in use, visibility, permissions) is the services'; this module only maps Run:ai's
 * request and response shapes and its status codes onto them.
 */

/** An answer: a status and a JSON body. */
export interface RestAnswer {
  status: number;
  body: unknown;
}

/** A problem answered with Run:ai's Error shape; its message never repeats what the request sent. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { fieldErrors?: FieldError[]; usedBy?: unknown; details?: string } = {},
  ) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORDER: CredentialOrder[] = [{ column: 'NAME', direction: 'ASC' }];
const MAX_ENTRIES = 1000;

const runaiScopeOf: Record<ScopeType, 'tenant' | 'cluster' | 'department' | 'project'> = {
  ACCOUNT: 'tenant',
  CLUSTER: 'cluster',
  DEPARTMENT: 'department',
  PROJECT: 'project',
};
const scopeTypeOf = { tenant: 'ACCOUNT', cluster: 'CLUSTER', department: 'DEPARTMENT', project: 'PROJECT' } as const;
const segmentOfType = Object.fromEntries(Object.entries(restTypes).map(([segment, { type }]) => [type, segment])) as Record<CredentialRow['type'], RestTypeSegment>;
const issueOf = { NOT_CREATED: 'NotCreated', REPLICATION_ERROR: 'ReplicationError', LOST: 'LostPhase', OWNED_ELSEWHERE: 'NotCreated' } as const;
const dataSourceKindOf = { GIT: 'git', S3: 's3', SECRET_VOLUME: 'secret-volume' } as const;

/** A request's shape errors as a 400 with REST paths (zod messages name types, never the values sent). */
export function parseShape<S extends z.ZodType>(schema: S, input: unknown, prefix: string[] = []): z.output<S> {
  try {
    return parseOrThrow(schema, input);
  } catch (error) {
    if (error instanceof ValidationError) throw badRequest(error.fieldErrors.map((e) => ({ path: [...prefix, ...e.path], message: e.message })));
    throw error;
  }
}

function badRequest(fieldErrors: FieldError[]): RestError {
  const message = fieldErrors.length === 1
    ? `Invalid request: ${fieldErrors[0].path.join('.') || 'body'} ${fieldErrors[0].message}`
    : `Invalid request: ${fieldErrors.length} fields need attention (see fieldErrors)`;
  return new RestError(400, message, { fieldErrors });
}

/** A service error as Run:ai's status code. Messages are the gateway's own texts, never the request's. */
function restErrorOf(error: unknown, pathOf: (path: string[]) => string[] = restPathOf): unknown {
  if (error instanceof ValidationError) return badRequest(error.fieldErrors.map((e) => ({ path: pathOf(e.path), message: e.message })));
  // The service's message names the taken name, which the request sent.
  if (error instanceof NameTakenError) return new RestError(409, 'A credential with this name already exists in this scope; choose another name');
  if (error instanceof CredentialInUseError) {
    return new RestError(412, 'The credential is used by environments or data sources; remove it from them before deleting it', {
      details: error.message,
      usedBy: usedByOf(error.usedBy),
    });
  }
  if (error instanceof NotFoundError) return new RestError(404, 'No credential with this id exists, or you cannot see it');
  if (error instanceof ForbiddenError) return new RestError(403, error.message);
  return error;
}

function usedByOf(refs: readonly (AssetRef & { dataSourceKind?: string })[]) {
  return {
    assets: {
      environments: refs.filter((r) => r.kind === 'ENVIRONMENT').map((r) => ({ id: r.id, name: r.name })),
      datasources: refs.filter((r) => r.kind === 'DATA_SOURCE').map((r) => ({ id: r.id, name: r.name, kind: r.dataSourceKind ?? 'secret-volume' })),
    },
  };
}

/** An id as Run:ai sends it (a UUID here) or as GraphQL shows it (a global id of that type); null if it is neither. */
function idOf(text: string, typename: 'Credential' | 'Cluster' | 'Department' | 'Project'): string | null {
  if (UUID.test(text)) return text.toLowerCase();
  if (text.length > 200) return null;
  try {
    return internalId(text, typename);
  } catch {
    return null;
  }
}

export class CredentialsRest {
  constructor(private readonly services: Services) {}

  async list(actor: Actor, segment: RestTypeSegment | null, query: URLSearchParams): Promise<RestAnswer> {
    const params = parseShape(ListQuerySchema, Object.fromEntries(query));
    const limit = params.limit === undefined ? MAX_ENTRIES : Number(params.limit);
    if (limit < 1 || limit > MAX_ENTRIES) throw badRequest([{ path: ['limit'], message: `must be a number from 1 to ${MAX_ENTRIES}` }]);
    const account = this.services.orgTree.account();
    const conditions: Record<string, unknown>[] = [];
    if (segment) conditions.push({ type: [restTypes[segment].type] });
    if (params.name !== undefined) conditions.push({ name: { eq: params.name } });
    const levels = [['projectId', 'PROJECT', 'Project'], ['departmentId', 'DEPARTMENT', 'Department'], ['clusterId', 'CLUSTER', 'Cluster']] as const;
    let scopeMatched = false;
    const fieldErrors: FieldError[] = [];
    for (const [parameter, type, typename] of levels) {
      const given = params[parameter];
      if (given === undefined) continue;
      const node = this.scopeNode(type, given, typename);
      if (!node) {
        fieldErrors.push({ path: [parameter], message: `is not the id of a ${type.toLowerCase()}` });
        continue;
      }
      // "scope" of the same level: that node's own credentials; otherwise those it can use (it and the scopes above).
      if (params.scope && scopeTypeOf[params.scope as keyof typeof scopeTypeOf] === type) {
        scopeMatched = true;
        conditions.push({ scope: { type, id: node.id } });
      } else {
        conditions.push({ or: node.path.map((n) => ({ scope: { type: n.type, id: n.id } })) });
      }
    }
    if (fieldErrors.length > 0) throw badRequest(fieldErrors);
    if (params.scope && !scopeMatched) {
      // "system" is Run:ai's own scope: nothing here has it.
      conditions.push({ scopeType: params.scope === 'system' ? [] : [scopeTypeOf[params.scope]] });
    }
    let where;
    let cursor;
    try {
      where = parseCredentialWhere(conditions.length > 0 ? { and: conditions } : undefined, (scope) => ({ type: scope.type, id: scope.id ?? account.id }));
      cursor = params.after === undefined ? undefined : decodeCursor(params.after, ORDER, ['after']);
    } catch (error) {
      throw restErrorOf(error, (path) => (path[0] === 'where' ? ['name'] : path));
    }
    const page = this.services.credentialQuery.page({ where, orderBy: ORDER, actor }, { backwards: false, limit, cursor });
    const rows = page.rows.map((row) => row.credential);
    const entries = this.present(actor, rows, { usage: params.usageInfo === 'true', status: params.statusInfo === 'true', specByKind: segment === null });
    const last = page.rows[page.rows.length - 1];
    return { status: 200, body: { entries, ...(page.hasMore && last ? { next: encodeCursor(ORDER, last.keys, last.credential.id) } : {}) } };
  }

  async create(actor: Actor, segment: RestTypeSegment, body: unknown): Promise<RestAnswer> {
    const request = parseShape(creationRequestSchemas[segment], body);
    const { meta, spec } = request as { meta: z.output<(typeof creationRequestSchemas)[RestTypeSegment]>['meta']; spec: Record<string, unknown> };
    const scope = this.scopeOfRequest(meta);
    let created: CredentialRow;
    try {
      created = this.services.credentials.create(actor, restTypes[segment].type, {
        name: meta.name,
        description: meta.description,
        scope,
        existingSecretName: (spec.existingSecretName as string | null | undefined) ?? null,
        ...serviceValuesOf(segment, spec),
      });
    } catch (error) {
      throw restErrorOf(error);
    }
    return { status: 202, body: this.present(actor, [created], { usage: false, status: true, specByKind: false })[0] };
  }

  async get(actor: Actor, segment: RestTypeSegment, assetId: string, query: URLSearchParams): Promise<RestAnswer> {
    const params = parseShape(GetQuerySchema, Object.fromEntries(query));
    const credential = this.visibleCredential(actor, segment, assetId);
    return { status: 200, body: this.present(actor, [credential], { usage: params.usageInfo === 'true', status: params.statusInfo === 'true', specByKind: false })[0] };
  }

  async update(actor: Actor, segment: RestTypeSegment, assetId: string, body: unknown): Promise<RestAnswer> {
    const credential = this.visibleCredential(actor, segment, assetId);
    const { meta, spec } = parseShape(UpdateRequestSchema, body);
    const values = valueFieldsGiven(segment, spec ?? {});
    if (values.length > 0) {
      throw badRequest(values.map((field) => ({ path: ['spec', field], message: 'cannot be changed here; rotate the values with the GraphQL mutation rotateCredential' })));
    }
    let updated: CredentialRow;
    try {
      updated = this.services.credentials.update(actor, {
        id: credential.id,
        ...(meta.name !== undefined ? { name: meta.name } : {}),
        ...(meta.description !== undefined ? { description: meta.description } : {}),
      });
    } catch (error) {
      throw restErrorOf(error);
    }
    return { status: 202, body: this.present(actor, [updated], { usage: false, status: true, specByKind: false })[0] };
  }

  async delete(actor: Actor, segment: RestTypeSegment, assetId: string): Promise<RestAnswer> {
    const credential = this.visibleCredential(actor, segment, assetId);
    try {
      this.services.credentials.delete(actor, { id: credential.id });
    } catch (error) {
      if (error instanceof CredentialInUseError) throw restErrorOf(this.withDataSourceKinds(error));
      throw restErrorOf(error);
    }
    return { status: 202, body: { code: 202, message: 'Request has been accepted.' } };
  }

  /** The credential of this type behind a path id, if the caller may see it (the same visibility as the table's). */
  private visibleCredential(actor: Actor, segment: RestTypeSegment, assetId: string): CredentialRow {
    const id = idOf(assetId, 'Credential');
    if (!id) throw badRequest([{ path: ['AssetId'], message: 'must be the id of a credential (a UUID)' }]);
    const credential = this.services.credentials.get(id);
    if (!credential || credential.type !== restTypes[segment].type || !this.services.credentialQuery.matches(id, undefined, undefined, actor)) {
      throw new RestError(404, 'No credential of this kind with this id exists, or you cannot see it');
    }
    return credential;
  }

  private scopeNode(type: Exclude<ScopeType, 'ACCOUNT'>, given: string, typename: 'Cluster' | 'Department' | 'Project'): ScopeNode | undefined {
    const id = idOf(given, typename);
    return id ? this.services.orgTree.resolveScopes([{ type, id }])[0] : undefined;
  }

  /** The scope Run:ai's meta names: its scope type and the id of that level (a cluster id, if given, must be the node's). */
  private scopeOfRequest(meta: { scope: string; clusterId?: string | null; departmentId?: string | null; projectId?: string | null }): ScopeRef {
    if (meta.scope === 'system') throw badRequest([{ path: ['meta', 'scope'], message: 'system is reserved; use tenant for the whole account' }]);
    const type = scopeTypeOf[meta.scope as keyof typeof scopeTypeOf];
    if (type === 'ACCOUNT') return { type, id: this.services.orgTree.account().id };
    const field = ({ CLUSTER: 'clusterId', DEPARTMENT: 'departmentId', PROJECT: 'projectId' } as const)[type];
    const given = meta[field];
    if (!given) throw badRequest([{ path: ['meta', field], message: `is required for ${meta.scope} scope` }]);
    const node = this.scopeNode(type, given, ({ CLUSTER: 'Cluster', DEPARTMENT: 'Department', PROJECT: 'Project' } as const)[type]);
    if (!node) throw badRequest([{ path: ['meta', field], message: `is not the id of a ${meta.scope}` }]);
    if (meta.clusterId && idOf(meta.clusterId, 'Cluster') !== node.clusterId) {
      throw badRequest([{ path: ['meta', 'clusterId'], message: `is not the cluster of this ${meta.scope}` }]);
    }
    return { type, id: node.id };
  }

  private withDataSourceKinds(error: CredentialInUseError): CredentialInUseError {
    const kinds = new Map(this.services.assets.dataSourcesByIds(error.usedBy.filter((r) => r.kind === 'DATA_SOURCE').map((r) => r.id)).map((d) => [d.id, dataSourceKindOf[d.kind]]));
    return new CredentialInUseError(error.usedBy.map((r) => ({ ...r, dataSourceKind: kinds.get(r.id) })) as AssetRef[]);
  }

  /** Run:ai's asset objects for credentials, with a constant number of queries however many there are. */
  private present(actor: Actor, rows: CredentialRow[], include: { usage: boolean; status: boolean; specByKind: boolean }): unknown[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const nodes = this.services.orgTree.resolveScopes(rows.map((r) => ({ type: r.scopeType, id: r.scopeId })));
    const usage = include.usage ? this.usageOf(ids, actor) : undefined;
    const issues = include.status ? this.issuesOf(ids) : undefined;
    return rows.map((row, i) => {
      const node = nodes[i];
      const segment = segmentOfType[row.type];
      const spec = {
        existingSecretName: row.existingSecretName,
        ...(row.type === 'GENERIC_SECRET' ? { keyValuePairs: row.keys.map((key) => ({ key })) } : {}),
      };
      return {
        meta: {
          id: row.id,
          kind: restTypes[segment].kind satisfies AssetKind,
          name: row.name,
          description: row.description,
          scope: runaiScopeOf[row.scopeType],
          clusterId: row.clusterId,
          departmentId: node?.path.find((n) => n.type === 'DEPARTMENT')?.id ?? null,
          projectId: node?.path.find((n) => n.type === 'PROJECT')?.id ?? null,
          projectName: node?.path.find((n) => n.type === 'PROJECT')?.name ?? null,
          createdBy: row.createdBy,
          createdAt: row.createdAt,
          // As the "Last updated" column: a credential never changed shows its creation.
          updatedBy: row.updatedBy ?? row.createdBy,
          updatedAt: row.updatedAt ?? row.createdAt,
          ...(row.deletingSince ? { deletedAt: row.deletingSince } : {}),
        },
        spec: include.specByKind ? { [restTypes[segment].kind]: spec } : spec,
        clusterInfo: { resources: [{ name: row.kubernetesName }] },
        ...(usage ? { usedBy: usage.get(row.id) } : {}),
        ...(issues
          ? {
              status: {
                status: displayTextOf[row.phase].replace(/…$/, ''),
                issues: issues.get(row.id) ?? [],
                ...(row.statusMessage ? { message: row.statusMessage } : {}),
              },
            }
          : {}),
      };
    });
  }

  /** The environments and data sources using each credential, among those the caller sees (as the table's columns). */
  private usageOf(credentialIds: string[], actor: Actor) {
    const { assets } = this.services;
    const environmentIds = assets.environmentIdsUsing(credentialIds);
    const environments = new Map(assets.environmentsByIds([...new Set([...environmentIds.values()].flat())], actor).map((e) => [e.id, e]));
    const dataSources = assets.dataSourcesUsing(credentialIds, actor);
    return new Map(
      credentialIds.map((id) => [
        id,
        {
          assets: {
            environments: (environmentIds.get(id) ?? []).flatMap((e) => environments.get(e) ?? []).sort((a, b) => a.name.localeCompare(b.name)).map((e) => ({ id: e.id, name: e.name })),
            datasources: dataSources.filter((d) => d.credentialId === id).map((d) => ({ id: d.id, name: d.name, kind: dataSourceKindOf[d.kind] })),
          },
        },
      ]),
    );
  }

  /** Failed targets as Run:ai's status issues: the project whose namespace it is, and what went wrong. */
  private issuesOf(credentialIds: string[]) {
    const failed = this.services.propagation.targetsOf(credentialIds).filter((t) => t.state === 'FAILED' && t.issue);
    const issues = new Map<string, { scopeId: string; scopeType: 'project'; issue: string }[]>();
    if (failed.length === 0) return issues;
    const projectOf = new Map(this.services.orgTree.projects().map((p) => [`${p.clusterId}/${p.namespace}`, p.id]));
    for (const target of failed) {
      const projectId = projectOf.get(`${target.clusterId}/${target.namespace}`);
      if (!projectId) continue;
      const list = issues.get(target.credentialId) ?? [];
      list.push({ scopeId: projectId, scopeType: 'project', issue: issueOf[target.issue!] });
      issues.set(target.credentialId, list);
    }
    return issues;
  }
}

/** The value fields of a type that an update's spec carries (values are never changed through it). */
function valueFieldsGiven(segment: RestTypeSegment, spec: Record<string, unknown>): string[] {
  const fields = { 'access-key': ['accessKeyId', 'secretAccessKey'], password: ['user', 'password'], 'docker-registry': ['url', 'user', 'password'], 'generic-secret': ['keyValuePairs'] }[segment];
  return fields.filter((field) => spec[field] !== undefined && spec[field] !== null && !(field === 'keyValuePairs' && Array.isArray(spec[field]) && (spec[field] as unknown[]).every((p) => typeof p === 'object' && p !== null && (p as Record<string, unknown>).value == null)));
}
