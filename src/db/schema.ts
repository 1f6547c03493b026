import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const clusters = sqliteTable(
  'clusters',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kubeconfigPath: text('kubeconfig_path'),
    context: text('context'),
    embedded: integer('embedded', { mode: 'boolean' }).notNull().default(false),
    manageNamespaces: integer('manage_namespaces', { mode: 'boolean' }).notNull().default(true),
    version: text('version'),
    connection: text('connection', { enum: ['CONNECTED', 'UNREACHABLE', 'UNKNOWN'] }).notNull().default('UNKNOWN'),
    connectionMessage: text('connection_message'),
    // The UID of the cluster's kube-system namespace: one cluster is registered once (docs/ownership).
    kubeSystemUid: text('kube_system_uid'),
    // A kubeconfig given as content (GraphQL createCluster), sealed like secret values; never returned.
    kubeconfigKeyId: text('kubeconfig_key_id'),
    kubeconfigNonce: blob('kubeconfig_nonce', { mode: 'buffer' }),
    kubeconfigCiphertext: blob('kubeconfig_ciphertext', { mode: 'buffer' }),
    kubeconfigAuthTag: blob('kubeconfig_auth_tag', { mode: 'buffer' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('clusters_name_unique').on(sql`lower(${t.name})`),
    uniqueIndex('clusters_kube_system_uid_unique').on(t.kubeSystemUid),
  ],
);

/** Facts about this installation, made once: its id (written into every Secret it owns). */
export const installationSettings = sqliteTable('installation_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export const departments = sqliteTable(
  'departments',
  {
    id: text('id').primaryKey(),
    clusterId: text('cluster_id').notNull().references(() => clusters.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('departments_cluster_name_unique').on(t.clusterId, sql`lower(${t.name})`)],
);

export const projects = sqliteTable(
  'projects',
  {
    id: text('id').primaryKey(),
    departmentId: text('department_id').notNull().references(() => departments.id),
    // Denormalised from the department so that namespace uniqueness is one index.
    clusterId: text('cluster_id').notNull().references(() => clusters.id),
    name: text('name').notNull(),
    namespace: text('namespace').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('projects_cluster_name_unique').on(t.clusterId, sql`lower(${t.name})`),
    uniqueIndex('projects_cluster_namespace_unique').on(t.clusterId, t.namespace),
    index('projects_department').on(t.departmentId),
  ],
);

export const scopeTypes = ['ACCOUNT', 'CLUSTER', 'DEPARTMENT', 'PROJECT'] as const;
export const credentialTypes = ['DOCKER_REGISTRY', 'ACCESS_KEY', 'PASSWORD', 'GENERIC_SECRET'] as const;
export const credentialPhases = [
  'CREATING', 'UPDATING', 'READY', 'ISSUES_FOUND', 'DELETING', 'DELETION_FAILED', 'NO_STATUS',
] as const;

export const credentials = sqliteTable(
  'credentials',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    type: text('type', { enum: credentialTypes }).notNull(),
    scopeType: text('scope_type', { enum: scopeTypes }).notNull(),
    // The account's id for account scope, so that the unique name index covers every scope.
    scopeId: text('scope_id').notNull(),
    // The cluster of the scope (null for account scope); scopes never change cluster.
    clusterId: text('cluster_id').references(() => clusters.id),
    kubernetesName: text('kubernetes_name').notNull(),
    origin: text('origin', { enum: ['MANAGED', 'EXISTING_SECRET'] }).notNull(),
    existingSecretName: text('existing_secret_name'),
    existingSecretNamespace: text('existing_secret_namespace'),
    keys: text('keys', { mode: 'json' }).$type<string[]>().notNull(),
    // Bumped by every rotation: the reconciler writes the newest generation.
    generation: integer('generation').notNull().default(1),
    phase: text('phase', { enum: credentialPhases }).notNull().default('CREATING'),
    statusReason: text('status_reason', { enum: ['PROPAGATION_FAILED', 'CLUSTER_UNREACHABLE'] }),
    statusMessage: text('status_message'),
    statusUpdatedAt: text('status_updated_at').notNull(),
    deletingSince: text('deleting_since'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: text('updated_at'),
  },
  (t) => [
    uniqueIndex('credentials_scope_name_unique').on(t.scopeType, t.scopeId, sql`lower(${t.name})`),
    uniqueIndex('credentials_kubernetes_name_unique').on(t.kubernetesName),
    index('credentials_created_at').on(t.createdAt),
    index('credentials_cluster').on(t.clusterId),
  ],
);

/** Encrypted secret values, kept apart from the credential row (AES-256-GCM). */
export const credentialSecrets = sqliteTable('credential_secrets', {
  credentialId: text('credential_id')
    .primaryKey()
    .references(() => credentials.id, { onDelete: 'cascade' }),
  keyId: text('key_id').notNull(),
  nonce: blob('nonce', { mode: 'buffer' }).notNull(),
  ciphertext: blob('ciphertext', { mode: 'buffer' }).notNull(),
  authTag: blob('auth_tag', { mode: 'buffer' }).notNull(),
  // Keyed hash (HMAC) of the Secret data: lets drift be seen without storing plaintext.
  dataHash: text('data_hash').notNull(),
});

export const environments = sqliteTable(
  'environments',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    scopeType: text('scope_type', { enum: scopeTypes }).notNull(),
    scopeId: text('scope_id').notNull(),
    image: text('image').notNull(),
    imagePullCredentialId: text('image_pull_credential_id').references(() => credentials.id),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('environments_scope_name_unique').on(t.scopeType, t.scopeId, sql`lower(${t.name})`),
    index('environments_pull_credential').on(t.imagePullCredentialId),
  ],
);

export const environmentVariables = sqliteTable(
  'environment_variables',
  {
    environmentId: text('environment_id')
      .notNull()
      .references(() => environments.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    // Either a literal value or a reference to one key of a credential.
    value: text('value'),
    credentialId: text('credential_id').references(() => credentials.id),
    credentialKey: text('credential_key'),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.position] }), index('environment_variables_credential').on(t.credentialId)],
);

export const dataSourceKinds = ['GIT', 'S3', 'SECRET_VOLUME'] as const;

/** A data source's kind-specific settings (checked by the asset service); absent ones are null or missing. */
export interface DataSourceSettings {
  repository?: string | null;
  branch?: string | null;
  path?: string | null;
  bucket?: string | null;
  url?: string | null;
  mountPath?: string | null;
  /** SECRET_VOLUME: permission bits (0 to 0o777) of the files; rows from before it have none (0644). */
  defaultMode?: number | null;
  /** SECRET_VOLUME: the keys to project and their file paths; none means every key. */
  items?: { key: string; path: string; mode?: number | null }[] | null;
}

export const dataSources = sqliteTable(
  'data_sources',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: dataSourceKinds }).notNull(),
    name: text('name').notNull(),
    description: text('description'),
    scopeType: text('scope_type', { enum: scopeTypes }).notNull(),
    scopeId: text('scope_id').notNull(),
    credentialId: text('credential_id').references(() => credentials.id),
    // Kind-specific settings: repository/branch/path, bucket/url/path, mountPath/defaultMode/items.
    settings: text('settings', { mode: 'json' }).$type<DataSourceSettings>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('data_sources_scope_name_unique').on(t.scopeType, t.scopeId, sql`lower(${t.name})`),
    index('data_sources_credential').on(t.credentialId),
  ],
);

export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    targetName: text('target_name'),
    outcome: text('outcome', { enum: ['SUCCESS', 'FAILURE'] }).notNull(),
    // The error's type and message on failure; never secret values.
    detail: text('detail'),
  },
  (t) => [index('audit_events_at').on(t.at)],
);

export const targetStates = ['PENDING', 'SYNCED', 'FAILED', 'UNREACHABLE', 'DELETING'] as const;
export const targetIssues = ['NOT_CREATED', 'REPLICATION_ERROR', 'LOST', 'OWNED_ELSEWHERE'] as const;

/**
 * One (cluster, namespace) a credential must reach, with what the reconciler last saw.
 * Rows in DELETING are Secrets still to be removed (credential deleted, project moved away).
 */
export const propagationTargets = sqliteTable(
  'propagation_targets',
  {
    credentialId: text('credential_id')
      .notNull()
      .references(() => credentials.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id, { onDelete: 'cascade' }),
    namespace: text('namespace').notNull(),
    state: text('state', { enum: targetStates }).notNull(),
    issue: text('issue', { enum: targetIssues }),
    message: text('message'),
    // The credential generation the Secret holds once SYNCED.
    syncedGeneration: integer('synced_generation'),
    syncedAt: text('synced_at'),
    attempts: integer('attempts').notNull().default(0),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.credentialId, t.clusterId, t.namespace] }),
    index('propagation_targets_cluster').on(t.clusterId, t.namespace),
  ],
);

/** Every phase transition of a credential, in order (`sequence` per credential). */
export const credentialStatusEvents = sqliteTable(
  'credential_status_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    credentialId: text('credential_id').notNull(),
    sequence: integer('sequence').notNull(),
    previousPhase: text('previous_phase', { enum: credentialPhases }),
    phase: text('phase', { enum: credentialPhases }).notNull(),
    reason: text('reason', { enum: ['PROPAGATION_FAILED', 'CLUSTER_UNREACHABLE'] }),
    message: text('message'),
    at: text('at').notNull(),
  },
  (t) => [uniqueIndex('credential_status_events_sequence').on(t.credentialId, t.sequence)],
);

/** Every created, updated and deleted credential, in order: lets a live table resume without gaps. */
export const credentialChangeEvents = sqliteTable('credential_change_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  credentialId: text('credential_id').notNull(),
  change: text('change', { enum: ['CREATED', 'UPDATED', 'DELETED'] }).notNull(),
  at: text('at').notNull(),
  // The credential's scope when the event was written: once it is deleted, this alone says who
  // may hear of it (also after a restart). Null on events written before these columns existed.
  scopeType: text('scope_type', { enum: scopeTypes }),
  scopeId: text('scope_id'),
  clusterId: text('cluster_id'),
});

export const roles = [
  'SYSTEM_ADMINISTRATOR', 'CREDENTIALS_ADMINISTRATOR', 'DEPARTMENT_ADMINISTRATOR', 'EDITOR',
  'RESEARCH_MANAGER', 'L1_RESEARCHER', 'L2_RESEARCHER', 'ML_ENGINEER', 'VIEWER',
] as const;

/** People and services that hold tokens; OIDC users appear here on first sign-in. */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    // LOCAL users authenticate with API tokens; OIDC users are named by the issuer's user claim.
    kind: text('kind', { enum: ['LOCAL', 'OIDC'] }).notNull(),
    disabledAt: text('disabled_at'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_kind_name_unique').on(t.kind, sql`lower(${t.name})`)],
);

/** A role at a scope for a user, or for everyone in an OIDC group. */
export const accessRules = sqliteTable(
  'access_rules',
  {
    id: text('id').primaryKey(),
    subjectType: text('subject_type', { enum: ['USER', 'GROUP'] }).notNull(),
    // A user id, or an OIDC group name.
    subject: text('subject').notNull(),
    role: text('role', { enum: roles }).notNull(),
    scopeType: text('scope_type', { enum: scopeTypes }).notNull(),
    scopeId: text('scope_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('access_rules_unique').on(t.subjectType, t.subject, t.role, t.scopeType, t.scopeId),
    index('access_rules_scope').on(t.scopeType, t.scopeId),
  ],
);

/** Opaque API tokens, kept only as hashes. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // SHA-256 of the whole token, hex; the token itself is shown once, at creation.
    hash: text('hash').notNull(),
    // The first characters of the token, shown so that a user can tell tokens apart.
    hint: text('hint').notNull(),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
    lastUsedAt: text('last_used_at'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('api_tokens_hash_unique').on(t.hash), index('api_tokens_user').on(t.userId)],
);
