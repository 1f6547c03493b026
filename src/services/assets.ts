import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { inBatches } from '../db/batches.js';
import { z } from 'zod';
import type { DbOrTx } from '../db/connection.js';
import { credentials, dataSources, environments, environmentVariables, type DataSourceSettings } from '../db/schema.js';
import {
  credentialUseProblem,
  DEFAULT_FILE_MODE,
  ENV_VAR_NAME,
  fileModeSchema,
  itemsMissingKeys,
  secretVolumeItemsSchema,
  type CredentialPurpose,
} from '../domain/assets.js';
import { descriptionSchema, nameSchema } from '../domain/credential.js';
import { NameTakenError, NotFoundError, ValidationError, type FieldError } from '../domain/errors.js';
import type { ScopeNode, ScopeRef } from '../domain/scope.js';
import { parseOrThrow, validationCollector } from '../domain/validation.js';
import { runMutation, type Actor, type ServiceDeps } from './context.js';
import { assertMayChange, scopeKindOf, visibleScopeCondition } from './access.js';
import type { OrgTreeService } from './org-tree.js';

export type EnvironmentRow = typeof environments.$inferSelect;
export type EnvironmentVariableRow = typeof environmentVariables.$inferSelect;
export type DataSourceRow = typeof dataSources.$inferSelect;
export type DataSourceKind = DataSourceRow['kind'];

export interface EnvironmentVariableInput {
  name: string;
  value?: string | null;
  credentialId?: string | null;
  key?: string | null;
}

export interface CreateEnvironmentInput {
  name: string;
  description?: string | null;
  scope: ScopeRef;
  image: string;
  imagePullCredentialId?: string | null;
  variables?: EnvironmentVariableInput[] | null;
}

export interface CreateDataSourceInput {
  kind: DataSourceKind;
  name: string;
  description?: string | null;
  scope: ScopeRef;
  credentialId?: string | null;
  /** Checked per kind: texts, and for SECRET_VOLUME defaultMode and items. */
  settings: Record<string, unknown>;
}

const required = z.string({ error: 'is required' }).trim().min(1, 'is required');
const optional = z.string().trim().nullish().transform((v) => (v ? v : null));
const absolutePath = required.regex(/^\/[^\0]*$/, 'must be an absolute path such as /etc/secrets');

const settingsSchemas: Record<DataSourceKind, z.ZodType<DataSourceSettings>> = {
  GIT: z.object({
    repository: required.refine((v) => /^(https?:\/\/|ssh:\/\/|git@)\S+$/.test(v), 'must be an http(s), ssh or git@ repository URL'),
    branch: optional,
    path: optional,
  }),
  S3: z.object({ bucket: required.max(63, 'must be at most 63 characters'), url: optional, path: optional }),
  SECRET_VOLUME: z.object({
    mountPath: absolutePath,
    defaultMode: fileModeSchema.nullish().transform((mode) => mode ?? DEFAULT_FILE_MODE),
    items: secretVolumeItemsSchema.nullish().transform((items) => (items && items.length > 0 ? items : null)),
  }),
};

const purposeOfKind: Record<DataSourceKind, CredentialPurpose> = { GIT: 'GIT', S3: 'S3', SECRET_VOLUME: 'SECRET_VOLUME' };

/** Environments and data sources: the assets that use credentials. */
export class AssetService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly orgTree: OrgTreeService,
  ) {}

  /** A page of the environments the caller sees (DESIGN §6: the scopes under their rules and those above). */
  environments(options: { limit: number; offset: number; scope?: ScopeRef; actor?: Actor }): { rows: EnvironmentRow[]; total: number } {
    const where = and(
      options.scope ? and(eq(environments.scopeType, options.scope.type), eq(environments.scopeId, options.scope.id)) : undefined,
      visibleEnvironments(options.actor),
    );
    const rows = this.deps.db.select().from(environments).where(where).orderBy(asc(environments.name), asc(environments.id))
      .limit(options.limit).offset(options.offset).all();
    const total = this.deps.db.select({ n: sql<number>`count(*)` }).from(environments).where(where).get()!.n;
    return { rows, total };
  }

  environment(id: string, db: DbOrTx = this.deps.db): EnvironmentRow | undefined {
    return db.select().from(environments).where(eq(environments.id, id)).get();
  }

  /** The environments among `ids` the caller sees (no caller: all of them). */
  environmentsByIds(ids: readonly string[], actor?: Actor): EnvironmentRow[] {
    const visible = visibleEnvironments(actor);
    return inBatches(ids, (batch) => this.deps.db.select().from(environments).where(and(inArray(environments.id, batch), visible)).all());
  }

  variablesOf(environmentIds: readonly string[]): EnvironmentVariableRow[] {
    return inBatches(environmentIds, (batch) => this.deps.db.select().from(environmentVariables)
      .where(inArray(environmentVariables.environmentId, batch))
      .orderBy(asc(environmentVariables.environmentId), asc(environmentVariables.position)).all());
  }

  /** Environment ids per credential id, for the `credential.environments` join. */
  environmentIdsUsing(credentialIds: readonly string[]): Map<string, string[]> {
    const ids = [...credentialIds];
    const result = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
    if (ids.length === 0) return new Map();
    const viaPull = inBatches(ids, (batch) => this.deps.db.select({ credentialId: environments.imagePullCredentialId, environmentId: environments.id })
      .from(environments).where(inArray(environments.imagePullCredentialId, batch)).all());
    const viaVariables = inBatches(ids, (batch) => this.deps.db
      .selectDistinct({ credentialId: environmentVariables.credentialId, environmentId: environmentVariables.environmentId })
      .from(environmentVariables).where(inArray(environmentVariables.credentialId, batch)).all());
    for (const { credentialId, environmentId } of [...viaPull, ...viaVariables]) result.get(credentialId!)?.add(environmentId);
    return new Map([...result].map(([k, v]) => [k, [...v]]));
  }

  /** A page of the data sources the caller sees. */
  dataSources(options: { limit: number; offset: number; scope?: ScopeRef; kind?: DataSourceKind; actor?: Actor }): { rows: DataSourceRow[]; total: number } {
    const where = and(
      visibleDataSources(options.actor),
      options.scope ? eq(dataSources.scopeType, options.scope.type) : undefined,
      options.scope ? eq(dataSources.scopeId, options.scope.id) : undefined,
      options.kind ? eq(dataSources.kind, options.kind) : undefined,
    );
    const rows = this.deps.db.select().from(dataSources).where(where).orderBy(asc(dataSources.name), asc(dataSources.id))
      .limit(options.limit).offset(options.offset).all();
    const total = this.deps.db.select({ n: sql<number>`count(*)` }).from(dataSources).where(where).get()!.n;
    return { rows, total };
  }

  dataSource(id: string, db: DbOrTx = this.deps.db): DataSourceRow | undefined {
    return db.select().from(dataSources).where(eq(dataSources.id, id)).get();
  }

  dataSourcesByIds(ids: readonly string[], actor?: Actor): DataSourceRow[] {
    const visible = visibleDataSources(actor);
    return inBatches(ids, (batch) => this.deps.db.select().from(dataSources).where(and(inArray(dataSources.id, batch), visible)).all());
  }

  /** The data sources using these credentials that the caller sees. */
  dataSourcesUsing(credentialIds: readonly string[], actor?: Actor): DataSourceRow[] {
    const visible = visibleDataSources(actor);
    return inBatches(credentialIds, (batch) => this.deps.db.select().from(dataSources).where(and(inArray(dataSources.credentialId, batch), visible))
      .orderBy(asc(dataSources.name)).all());
  }

  createEnvironment(actor: Actor, input: CreateEnvironmentInput): EnvironmentRow {
    return runMutation(this.deps, actor, 'environment.create', { type: 'ENVIRONMENT', name: input.name }, (tx) => {
      const header = parseOrThrow(
        z.object({ name: nameSchema, description: descriptionSchema, image: required.max(1024, 'must be at most 1024 characters') }),
        input,
      );
      const scope = this.orgTree.resolveScope(input.scope, tx);
      assertMayChange(actor, scope, 'create', scopeKindOf(scope), scope.id);
      this.assertNameFree(tx, 'ENVIRONMENT', scope, header.name);
      const fieldErrors: FieldError[] = [];
      if (input.imagePullCredentialId) {
        const problem = this.credentialProblem(tx, 'IMAGE_PULL', input.imagePullCredentialId, scope, undefined, actor);
        if (problem) fieldErrors.push({ path: ['imagePullCredentialId'], message: problem });
      }
      const variables = input.variables ?? [];
      const seen = new Set<string>();
      variables.forEach((variable, i) => {
        const at = (field: string, message: string) => fieldErrors.push({ path: ['variables', String(i), field], message });
        if (!ENV_VAR_NAME.test(variable.name ?? '')) at('name', "must consist of letters, digits, '-', '_' or '.' and not start with a digit");
        if (seen.has(variable.name)) at('name', 'duplicates another variable');
        seen.add(variable.name);
        const fromCredential = variable.credentialId != null;
        if (fromCredential === (variable.value != null)) at('value', 'give either a literal value or a credential and key');
        if (fromCredential) {
          if (!variable.key) at('key', 'is required with a credential');
          const problem = this.credentialProblem(tx, 'VARIABLE', variable.credentialId!, scope, variable.key ?? undefined, actor);
          if (problem) at(problem.startsWith('the credential has no key') ? 'key' : 'credentialId', problem);
        }
      });
      if (fieldErrors.length > 0) throw new ValidationError(fieldErrors);
      const row: EnvironmentRow = {
        id: randomUUID(),
        name: header.name,
        description: header.description,
        scopeType: scope.type,
        scopeId: scope.id,
        image: header.image,
        imagePullCredentialId: input.imagePullCredentialId ?? null,
        createdBy: actor.name,
        createdAt: this.deps.now(),
      };
      tx.insert(environments).values(row).run();
      if (variables.length > 0) {
        tx.insert(environmentVariables).values(
          variables.map((v, position) => ({
            environmentId: row.id,
            position,
            name: v.name,
            value: v.credentialId ? null : (v.value ?? null),
            credentialId: v.credentialId ?? null,
            credentialKey: v.credentialId ? (v.key ?? null) : null,
          })),
        ).run();
      }
      return { result: row, target: { type: 'ENVIRONMENT', id: row.id, name: row.name } };
    });
  }

  deleteEnvironment(actor: Actor, input: { id: string }): EnvironmentRow {
    return runMutation(this.deps, actor, 'environment.delete', { type: 'ENVIRONMENT', id: input.id }, (tx) => {
      const environment = this.environment(input.id, tx);
      if (!environment) throw new NotFoundError('ENVIRONMENT', input.id);
      assertMayChange(actor, this.orgTree.resolveScope({ type: environment.scopeType, id: environment.scopeId }, tx), 'delete', 'ENVIRONMENT', input.id);
      tx.delete(environments).where(eq(environments.id, environment.id)).run();
      return { result: environment, target: { type: 'ENVIRONMENT', id: environment.id, name: environment.name } };
    });
  }

  createDataSource(actor: Actor, input: CreateDataSourceInput): DataSourceRow {
    return runMutation(this.deps, actor, `data-source.create`, { type: 'DATA_SOURCE', name: input.name }, (tx) => {
      const collector = validationCollector();
      const header = collector.attempt(() => parseOrThrow(z.object({ name: nameSchema, description: descriptionSchema }), input));
      const settings = collector.attempt(() => parseOrThrow(settingsSchemas[input.kind], input.settings));
      if (input.kind === 'SECRET_VOLUME' && !input.credentialId) collector.fieldErrors.push({ path: ['credentialId'], message: 'is required' });
      collector.throwIfAny();
      const scope = this.orgTree.resolveScope(input.scope, tx);
      assertMayChange(actor, scope, 'create', scopeKindOf(scope), scope.id);
      this.assertNameFree(tx, 'DATA_SOURCE', scope, header!.name);
      if (input.credentialId) {
        const problem = this.credentialProblem(tx, purposeOfKind[input.kind], input.credentialId, scope, undefined, actor);
        if (problem) throw ValidationError.of(['credentialId'], problem);
        if (settings!.items) this.assertItemKeysHeld(tx, input.credentialId, settings!.items);
      }
      const row: DataSourceRow = {
        id: randomUUID(),
        kind: input.kind,
        name: header!.name,
        description: header!.description,
        scopeType: scope.type,
        scopeId: scope.id,
        credentialId: input.credentialId ?? null,
        settings: settings!,
        createdBy: actor.name,
        createdAt: this.deps.now(),
      };
      tx.insert(dataSources).values(row).run();
      return { result: row, target: { type: 'DATA_SOURCE', id: row.id, name: row.name } };
    });
  }

  deleteDataSource(actor: Actor, input: { id: string }): DataSourceRow {
    return runMutation(this.deps, actor, 'data-source.delete', { type: 'DATA_SOURCE', id: input.id }, (tx) => {
      const dataSource = this.dataSource(input.id, tx);
      if (!dataSource) throw new NotFoundError('DATA_SOURCE', input.id);
      assertMayChange(actor, this.orgTree.resolveScope({ type: dataSource.scopeType, id: dataSource.scopeId }, tx), 'delete', 'DATA_SOURCE', input.id);
      tx.delete(dataSources).where(eq(dataSources.id, dataSource.id)).run();
      return { result: dataSource, target: { type: 'DATA_SOURCE', id: dataSource.id, name: dataSource.name } };
    });
  }

  /** Why a credential cannot serve a purpose at a scope (also when it does not exist), or null. */
  credentialProblem(tx: DbOrTx, purpose: CredentialPurpose, credentialId: string, scope: ScopeNode, key?: string, actor?: Actor): string | null {
    const credential = tx.select().from(credentials).where(and(eq(credentials.id, credentialId), visibleScopeCondition(actor, credentialColumns))).get();
    // One the caller cannot see does not exist for them: the same answer, whatever its scope.
    if (!credential) return `no credential with id "${credentialId}" exists`;
    return credentialUseProblem(
      purpose,
      {
        type: credential.type,
        keys: credential.keys,
        scope: { type: credential.scopeType, id: credential.scopeId },
        deleting: credential.deletingSince !== null,
      },
      scope,
      key,
    );
  }

  /** A Secret volume's items name keys the credential holds (Kubernetes would not start the pod otherwise). */
  private assertItemKeysHeld(tx: DbOrTx, credentialId: string, items: NonNullable<DataSourceSettings['items']>): void {
    const keys = tx.select({ keys: credentials.keys }).from(credentials).where(eq(credentials.id, credentialId)).get()?.keys ?? [];
    const missing = itemsMissingKeys(items, keys);
    if (missing.length > 0) {
      throw new ValidationError(
        missing.map(({ index }) => ({ path: ['items', String(index), 'key'], message: `is not a key of the credential; its keys are ${keys.join(', ')}` })),
      );
    }
  }

  private assertNameFree(tx: DbOrTx, kind: 'ENVIRONMENT' | 'DATA_SOURCE', scope: ScopeRef, name: string): void {
    const table = kind === 'ENVIRONMENT' ? environments : dataSources;
    const clash = tx.select({ id: table.id }).from(table)
      .where(and(eq(table.scopeType, scope.type), eq(table.scopeId, scope.id), sql`lower(${table.name}) = lower(${name})`))
      .get();
    if (clash) throw new NameTakenError(kind, name);
  }
}

const credentialColumns = { scopeType: credentials.scopeType, scopeId: credentials.scopeId, clusterId: credentials.clusterId };
const visibleEnvironments = (actor: Actor | undefined) => visibleScopeCondition(actor, { scopeType: environments.scopeType, scopeId: environments.scopeId });
const visibleDataSources = (actor: Actor | undefined) => visibleScopeCondition(actor, { scopeType: dataSources.scopeType, scopeId: dataSources.scopeId });
