import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { inBatches } from '../db/batches.js';
import { z } from 'zod';
import type { DbOrTx } from '../db/connection.js';
import { credentials, credentialSecrets, dataSources, environments, environmentVariables } from '../db/schema.js';
import {
  parseSecretValues,
  secretKeysOf,
  valueFieldsOf,
  nameSchema,
  descriptionSchema,
  type CredentialType,
  type SecretValues,
} from '../domain/credential.js';
import {
  CredentialInUseError,
  NameTakenError,
  NotFoundError,
  ValidationError,
  type AssetRef,
} from '../domain/errors.js';
import { kubernetesNameFor } from '../domain/names.js';
import { itemsMissingKeys } from '../domain/assets.js';
import type { ScopeNode, ScopeRef } from '../domain/scope.js';
import { canonicalSecretData, secretDataOf } from '../domain/secret-manifest.js';
import { parseOrThrow, validationCollector } from '../domain/validation.js';
import { runMutation, type Actor, type ServiceDeps } from './context.js';
import { assertMayChange, mayView, scopeKindOf, seesEverything, visibleScopeCondition } from './access.js';
import type { OrgTreeService } from './org-tree.js';
import type { PropagationStateService } from './propagation.js';
import { recordCredentialChange } from './change-log.js';
import type { CredentialChangeEvent } from './events.js';

export type CredentialRow = typeof credentials.$inferSelect;

export interface CreateCredentialInput {
  name: string;
  description?: string | null;
  scope: ScopeRef;
  existingSecretName?: string | null;
  [valueField: string]: unknown;
}

export interface UpdateCredentialInput {
  id: string;
  name?: string | null;
  description?: string | null;
}

export interface RotateCredentialInput {
  id: string;
  [valueField: string]: unknown;
}

/** A Secret created in advance in a cluster and offered for credentials (docs/status.md, "Secrets created in advance"). */
export interface ExistingSecret {
  name: string;
  namespace: string;
  clusterId: string;
  type: CredentialType;
  keys: string[];
  /** The credential built on it, if any: an existing secret backs at most one credential. */
  usedByCredentialId: string | null;
}

/** Where existing secrets are discovered (the clusters' watchers); absent without clusters. */
export interface ExistingSecretCatalog {
  availableFor(scope: ScopeNode, type?: CredentialType): ExistingSecret[];
}

const headerSchema = z.object({ name: nameSchema, description: descriptionSchema });

function mergeValidation(...attempts: (() => unknown)[]): void {
  const collector = validationCollector();
  for (const attempt of attempts) collector.attempt(attempt);
  collector.throwIfAny();
}

function pickValues(type: CredentialType, input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(valueFieldsOf[type].map((field) => [field, input[field] ?? undefined]));
}

const allValueFields = [...new Set(Object.values(valueFieldsOf).flat())];

/** Credentials: create, rename, rotate, delete; values sealed at rest and readable only by the reconciler. */
export class CredentialService {
  existingSecrets?: ExistingSecretCatalog;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly orgTree: OrgTreeService,
    private readonly propagation: PropagationStateService,
  ) {}

  get(id: string, db: DbOrTx = this.deps.db): CredentialRow | undefined {
    return db.select().from(credentials).where(eq(credentials.id, id)).get();
  }

  getMany(ids: readonly string[]): CredentialRow[] {
    return inBatches(ids, (batch) => this.deps.db.select().from(credentials).where(inArray(credentials.id, batch)).all());
  }

  /** The credentials among `ids` that the caller sees: an invisible one does not exist for them. */
  getManyVisibleTo(actor: Actor, ids: readonly string[]): CredentialRow[] {
    const visible = this.visibleTo(actor);
    return inBatches(ids, (batch) => this.deps.db.select().from(credentials).where(and(inArray(credentials.id, batch), visible)).all());
  }

  getVisible(actor: Actor, id: string): CredentialRow | undefined {
    return this.getManyVisibleTo(actor, [id])[0];
  }

  private visibleTo(actor: Actor): SQL | undefined {
    return visibleScopeCondition(actor, { scopeType: credentials.scopeType, scopeId: credentials.scopeId, clusterId: credentials.clusterId });
  }

  /**
   * Whether the caller could see a credential that is gone, judged by the scope its change event
   * kept. A scope removed since is judged by its cluster (a cluster rule covered it); an event from
   * before scopes were kept reaches only those who see everything.
   */
  deletedVisibleTo(actor: Actor, event: CredentialChangeEvent): boolean {
    if (seesEverything(actor)) return true;
    if (event.scopeType == null || event.scopeId == null) return false;
    const scope = this.orgTree.resolveScopes([{ type: event.scopeType, id: event.scopeId }])[0];
    if (scope) return mayView(actor, scope);
    return event.clusterId != null && actor.grants.some((grant) => grant.scope.type === 'CLUSTER' && grant.scope.id === event.clusterId);
  }

  /** Secrets created in advance for a scope the caller sees (one they cannot see does not exist for them). */
  existingSecretsFor(actor: Actor, ref: ScopeRef, type?: CredentialType): ExistingSecret[] {
    const scope = this.orgTree.resolveScope(ref);
    if (!mayView(actor, scope)) throw new NotFoundError(scopeKindOf(scope), scope.id);
    return this.existingSecrets?.availableFor(scope, type) ?? [];
  }

  /** A credential the caller may change: NotFoundError when they cannot see it, ForbiddenError when they may only look. */
  private changeable(tx: DbOrTx, actor: Actor, id: string, action: 'edit' | 'delete', allowDeleting = false): { credential: CredentialRow; scope: ScopeNode } {
    const credential = this.get(id, tx);
    if (!credential || (credential.deletingSince && !allowDeleting)) throw new NotFoundError('CREDENTIAL', id);
    const scope = this.orgTree.resolveScope({ type: credential.scopeType, id: credential.scopeId }, tx);
    assertMayChange(actor, scope, action, 'CREDENTIAL', id);
    return { credential, scope };
  }

  /** A plain page in creation order (the credentials table has its own query service). */
  page(options: { limit: number; offset: number }): { rows: CredentialRow[]; total: number } {
    const rows = this.deps.db.select().from(credentials).orderBy(credentials.createdAt, credentials.id)
      .limit(options.limit).offset(options.offset).all();
    const total = this.deps.db.select({ n: sql<number>`count(*)` }).from(credentials).get()!.n;
    return { rows, total };
  }

  create(actor: Actor, type: CredentialType, input: CreateCredentialInput): CredentialRow {
    return runMutation(this.deps, actor, `credential.create`, { type: 'CREDENTIAL', name: String(input.name ?? '') }, (tx) => {
      const existingSecretName = input.existingSecretName?.trim() || null;
      let header!: z.output<typeof headerSchema>;
      let values: SecretValues | null = null;
      mergeValidation(
        () => (header = parseOrThrow(headerSchema, input)),
        () => {
          if (!existingSecretName) values = parseSecretValues(type, pickValues(type, input));
          else if (valueFieldsOf[type].some((field) => input[field] != null)) {
            throw ValidationError.of(['existingSecretName'], 'give either the values or an existing secret, not both');
          }
        },
      );
      const scope = this.orgTree.resolveScope(input.scope, tx);
      assertMayChange(actor, scope, 'create', scopeKindOf(scope), scope.id);
      this.assertNameFree(tx, scope, header.name);

      let kubernetesName: string;
      let keys: string[];
      let existingSecretNamespace: string | null = null;
      if (existingSecretName) {
        const existing = this.findExistingSecret(scope, type, existingSecretName);
        kubernetesName = existing.name;
        keys = existing.keys;
        existingSecretNamespace = existing.namespace;
      } else {
        kubernetesName = this.freeKubernetesName(tx, header.name);
        keys = secretKeysOf(values!);
      }

      const now = this.deps.now();
      const row: CredentialRow = {
        id: randomUUID(),
        name: header.name,
        description: header.description,
        type,
        scopeType: scope.type,
        scopeId: scope.id,
        clusterId: scope.clusterId,
        kubernetesName,
        origin: existingSecretName ? 'EXISTING_SECRET' : 'MANAGED',
        existingSecretName,
        existingSecretNamespace,
        keys,
        generation: 1,
        phase: 'CREATING',
        statusReason: null,
        statusMessage: null,
        statusUpdatedAt: now,
        deletingSince: null,
        createdBy: actor.name,
        createdAt: now,
        updatedBy: null,
        updatedAt: null,
      };
      tx.insert(credentials).values(row).run();
      if (values) this.storeValues(tx, row.id, values);
      const propagate = this.propagation.syncCredential(tx, row.id);
      const created = recordCredentialChange(tx, 'CREATED', row, now);
      return {
        result: this.get(row.id, tx)!,
        target: { type: 'CREDENTIAL', id: row.id, name: row.name },
        afterCommit: () => {
          this.announce(created);
          propagate();
        },
      };
    });
  }

  update(actor: Actor, input: UpdateCredentialInput): CredentialRow {
    return runMutation(this.deps, actor, 'credential.update', { type: 'CREDENTIAL', id: input.id }, (tx) => {
      const { credential } = this.changeable(tx, actor, input.id, 'edit');
      const changes: Partial<CredentialRow> = {};
      mergeValidation(
        () => {
          if (input.name !== undefined) changes.name = parseOrThrow(z.object({ name: nameSchema }), input).name;
        },
        () => {
          if (input.description !== undefined) {
            changes.description = parseOrThrow(z.object({ description: descriptionSchema }), input).description;
          }
        },
      );
      if (changes.name !== undefined) {
        const scope = this.orgTree.resolveScope({ type: credential.scopeType, id: credential.scopeId }, tx);
        this.assertNameFree(tx, scope, changes.name, credential.id);
      }
      const now = this.deps.now();
      Object.assign(changes, { updatedBy: actor.name, updatedAt: now });
      tx.update(credentials).set(changes).where(eq(credentials.id, credential.id)).run();
      const updated = { ...credential, ...changes };
      const change = recordCredentialChange(tx, 'UPDATED', credential, now);
      return {
        result: updated,
        target: { type: 'CREDENTIAL', id: credential.id, name: updated.name },
        afterCommit: () => this.announce(change),
      };
    });
  }

  /** New values of the same type; propagates like a create (UPDATING until every target has them). */
  rotate(actor: Actor, input: RotateCredentialInput): CredentialRow {
    return runMutation(this.deps, actor, 'credential.rotate', { type: 'CREDENTIAL', id: input.id }, (tx) => {
      const { credential } = this.changeable(tx, actor, input.id, 'edit');
      if (credential.origin === 'EXISTING_SECRET') {
        throw ValidationError.of(
          ['id'],
          'this credential points at a secret created in the cluster; change the values there, not through the gateway',
        );
      }
      const foreign = allValueFields.filter((f) => input[f] != null && !valueFieldsOf[credential.type].includes(f));
      if (foreign.length > 0) {
        throw new ValidationError(
          foreign.map((f) => ({ path: [f], message: `is not a value of ${credential.type} credentials` })),
        );
      }
      const values = parseSecretValues(credential.type, pickValues(credential.type, input));
      this.assertKeptKeysInUse(tx, credential.id, credential.type, secretKeysOf(values));
      const now = this.deps.now();
      const changes: Partial<CredentialRow> = {
        keys: secretKeysOf(values),
        generation: credential.generation + 1,
        updatedBy: actor.name,
        updatedAt: now,
      };
      tx.update(credentials).set(changes).where(eq(credentials.id, credential.id)).run();
      this.storeValues(tx, credential.id, values);
      const propagate = this.propagation.syncCredential(tx, credential.id, { rotated: true });
      const change = recordCredentialChange(tx, 'UPDATED', credential, now);
      return {
        result: this.get(credential.id, tx)!,
        target: { type: 'CREDENTIAL', id: credential.id, name: credential.name },
        afterCommit: () => {
          this.announce(change);
          propagate();
        },
      };
    });
  }

  /**
   * Refused while an environment or data source uses the credential. Otherwise the
   * credential is DELETING until its Secrets are gone, or removed at once when it has none.
   */
  delete(actor: Actor, input: { id: string }): CredentialRow {
    return runMutation(this.deps, actor, 'credential.delete', { type: 'CREDENTIAL', id: input.id }, (tx) => {
      const { credential } = this.changeable(tx, actor, input.id, 'delete', true);
      const usedBy = this.usedBy(credential.id, tx);
      if (usedBy.length > 0) {
        const shown = this.usedByVisibleTo(actor, usedBy, tx);
        throw new CredentialInUseError(shown, usedBy.length - shown.length);
      }
      const now = this.deps.now();
      if (!credential.deletingSince) {
        tx.update(credentials).set({ deletingSince: now }).where(eq(credentials.id, credential.id)).run();
      }
      const propagate = this.propagation.syncCredential(tx, credential.id);
      const waitForSecrets = this.propagation.hasTargets(tx, credential.id);
      const result = waitForSecrets ? this.get(credential.id, tx)! : credential;
      if (!waitForSecrets) this.purge(tx, credential.id);
      const change = recordCredentialChange(tx, waitForSecrets ? 'UPDATED' : 'DELETED', credential, now);
      return {
        result,
        target: { type: 'CREDENTIAL', id: credential.id, name: credential.name },
        afterCommit: () => {
          this.announce(change);
          propagate();
        },
      };
    });
  }

  /** A rotation may not drop a key that an environment variable, a Git data source (ssh) or a Secret volume's items read. */
  private assertKeptKeysInUse(tx: DbOrTx, credentialId: string, type: CredentialType, keys: string[]): void {
    const kept = new Set(keys);
    const variables = tx
      .select({ key: environmentVariables.credentialKey, environment: environments.name })
      .from(environmentVariables)
      .innerJoin(environments, eq(environments.id, environmentVariables.environmentId))
      .where(eq(environmentVariables.credentialId, credentialId))
      .all();
    const gitSources = tx
      .select({ name: dataSources.name })
      .from(dataSources)
      .where(and(eq(dataSources.credentialId, credentialId), eq(dataSources.kind, 'GIT')))
      .all();
    const volumes = tx
      .select({ name: dataSources.name, settings: dataSources.settings })
      .from(dataSources)
      .where(and(eq(dataSources.credentialId, credentialId), eq(dataSources.kind, 'SECRET_VOLUME')))
      .all();
    const missing = [
      ...variables.filter((v) => v.key && !kept.has(v.key)).map((v) => `key "${v.key}" is used by environment "${v.environment}"`),
      ...volumes.flatMap((v) => itemsMissingKeys(v.settings.items ?? [], keys).map((m) => `key "${m.key}" is projected by Secret volume "${v.name}"`)),
      // A Git data source reads "ssh" from a generic secret (a PASSWORD credential always has its keys).
      ...(type !== 'GENERIC_SECRET' || kept.has('ssh') ? [] : gitSources.map((g) => `key "ssh" is used by Git data source "${g.name}"`)),
    ];
    if (missing.length > 0) {
      throw new ValidationError(missing.map((message) => ({ path: ['entries'], message: `${message}; keep it or change that asset first` })));
    }
  }

  /** Removes a credential's rows once nothing of it is left in any cluster. */
  purge(tx: DbOrTx, credentialId: string): void {
    tx.delete(credentials).where(eq(credentials.id, credentialId)).run();
  }

  /** Existing secrets of a cluster already backing a credential: `namespace/name` → credential id. */
  existingSecretUsage(clusterId: string): Map<string, string> {
    const rows = this.deps.db
      .select({ id: credentials.id, name: credentials.existingSecretName, namespace: credentials.existingSecretNamespace })
      .from(credentials)
      .where(and(eq(credentials.clusterId, clusterId), eq(credentials.origin, 'EXISTING_SECRET')))
      .all();
    return new Map(rows.map((r) => [`${r.namespace}/${r.name}`, r.id]));
  }

  /** The users of a credential the caller may see (the rest are only counted). */
  private usedByVisibleTo(actor: Actor, usedBy: AssetRef[], db: DbOrTx): AssetRef[] {
    if (seesEverything(actor)) return usedBy;
    const rows = [
      ...db.select({ id: environments.id, scopeType: environments.scopeType, scopeId: environments.scopeId }).from(environments)
        .where(inArray(environments.id, usedBy.filter((a) => a.kind === 'ENVIRONMENT').map((a) => a.id))).all(),
      ...db.select({ id: dataSources.id, scopeType: dataSources.scopeType, scopeId: dataSources.scopeId }).from(dataSources)
        .where(inArray(dataSources.id, usedBy.filter((a) => a.kind === 'DATA_SOURCE').map((a) => a.id))).all(),
    ];
    const scopes = this.orgTree.resolveScopes(rows.map((r) => ({ type: r.scopeType, id: r.scopeId })), db);
    const visible = new Set(rows.filter((_, i) => scopes[i] && mayView(actor, scopes[i]!)).map((r) => r.id));
    return usedBy.filter((a) => visible.has(a.id));
  }

  /** The environments and data sources that use a credential. */
  usedBy(credentialId: string, db: DbOrTx = this.deps.db): AssetRef[] {
    const viaPull = db
      .select({ id: environments.id, name: environments.name })
      .from(environments)
      .where(eq(environments.imagePullCredentialId, credentialId))
      .all();
    const viaVariables = db
      .selectDistinct({ id: environments.id, name: environments.name })
      .from(environmentVariables)
      .innerJoin(environments, eq(environments.id, environmentVariables.environmentId))
      .where(eq(environmentVariables.credentialId, credentialId))
      .all();
    const envs = new Map([...viaPull, ...viaVariables].map((e) => [e.id, e]));
    const sources = db
      .select({ id: dataSources.id, name: dataSources.name })
      .from(dataSources)
      .where(eq(dataSources.credentialId, credentialId))
      .all();
    return [
      ...[...envs.values()].map((e) => ({ kind: 'ENVIRONMENT' as const, ...e })),
      ...sources.map((d) => ({ kind: 'DATA_SOURCE' as const, ...d })),
    ];
  }

  /** Decrypts a managed credential's values. Only the reconciler calls this, to write Secrets. */
  values(credentialId: string, db: DbOrTx = this.deps.db): { values: SecretValues; dataHash: string } | undefined {
    const sealed = db.select().from(credentialSecrets).where(eq(credentialSecrets.credentialId, credentialId)).get();
    if (!sealed) return undefined;
    const plaintext = this.deps.keyring.open(sealed, credentialId);
    return { values: JSON.parse(plaintext.toString('utf8')) as SecretValues, dataHash: sealed.dataHash };
  }

  /** Reports a configured key that cannot open stored secrets, before anything else runs. */
  verifyKeys(): void {
    const keyIds = this.deps.db.selectDistinct({ keyId: credentialSecrets.keyId }).from(credentialSecrets).all();
    for (const { keyId } of keyIds) {
      const sample = this.deps.db.select().from(credentialSecrets).where(eq(credentialSecrets.keyId, keyId)).limit(1).get()!;
      this.deps.keyring.open(sample, sample.credentialId);
    }
  }

  /**
   * Completes a key rotation: values sealed with an older key are sealed again with the active
   * one, and their data hashes recomputed with its hash key, in one transaction. Afterwards the
   * old key can be removed from CREDGATE_MASTER_KEY. Returns how many were re-encrypted.
   */
  reencryptWithActiveKey(): number {
    const stale = this.deps.db.select().from(credentialSecrets).where(ne(credentialSecrets.keyId, this.deps.keyring.activeKeyId)).all();
    if (stale.length === 0) return 0;
    this.deps.db.transaction((tx) => {
      for (const sealed of stale) {
        const values = JSON.parse(this.deps.keyring.open(sealed, sealed.credentialId).toString('utf8')) as SecretValues;
        this.storeValues(tx, sealed.credentialId, values);
      }
    });
    return stale.length;
  }

  private storeValues(tx: DbOrTx, credentialId: string, values: SecretValues): void {
    const sealed = this.deps.keyring.seal(Buffer.from(JSON.stringify(values)), credentialId);
    const dataHash = this.deps.keyring.hash(canonicalSecretData(secretDataOf(values)));
    tx.insert(credentialSecrets)
      .values({ credentialId, ...sealed, dataHash })
      .onConflictDoUpdate({ target: credentialSecrets.credentialId, set: { ...sealed, dataHash } })
      .run();
  }

  private getLive(tx: DbOrTx, id: string): CredentialRow {
    const credential = this.get(id, tx);
    if (!credential || credential.deletingSince) throw new NotFoundError('CREDENTIAL', id);
    return credential;
  }

  private assertNameFree(tx: DbOrTx, scope: ScopeRef, name: string, exceptId?: string): void {
    const clash = tx
      .select({ id: credentials.id })
      .from(credentials)
      .where(
        and(
          eq(credentials.scopeType, scope.type),
          eq(credentials.scopeId, scope.id),
          sql`lower(${credentials.name}) = lower(${name})`,
        ),
      )
      .get();
    if (clash && clash.id !== exceptId) throw new NameTakenError('CREDENTIAL', name);
  }

  private freeKubernetesName(tx: DbOrTx, name: string): string {
    for (;;) {
      const candidate = kubernetesNameFor(name);
      const taken = tx.select({ id: credentials.id }).from(credentials).where(eq(credentials.kubernetesName, candidate)).get();
      if (!taken) return candidate;
    }
  }

  private findExistingSecret(scope: ScopeNode, type: CredentialType, name: string) {
    const available = this.existingSecrets?.availableFor(scope, type) ?? [];
    const match = available.find((s) => s.name === name);
    if (!match) {
      throw ValidationError.of(
        ['existingSecretName'],
        `no ${type} secret named "${name}" was found for this scope; list them with existingSecrets(scope, type)`,
      );
    }
    if (match.usedByCredentialId) {
      throw ValidationError.of(['existingSecretName'], `the secret "${name}" already backs another credential`);
    }
    return match;
  }

  private announce(change: CredentialChangeEvent): void {
    this.deps.events.publish('credentialChanged', change);
  }
}
