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
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('clusters_name_unique').on(sql`lower(${t.name})`)],
);

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
    // Kind-specific settings: repository/branch/path, bucket/url/path, mountPath.
    settings: text('settings', { mode: 'json' }).$type<Record<string, string | null>>().notNull(),
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
export const targetIssues = ['NOT_CREATED', 'REPLICATION_ERROR', 'LOST'] as const;

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
});
