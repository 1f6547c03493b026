import { z } from 'zod';
import { MAX_DESCRIPTION, MAX_NAME, type CredentialType } from '../../domain/credential.js';

/**
 * The shapes of Run:ai's credentials REST API (its published OpenAPI, "Credentials" tag), as zod
 * schemas: requests are parsed with them and the OpenAPI document is generated from them. They
 * check shape only (types, required fields); every rule about the values (lengths, URLs, keys,
 * names taken) is the credential service's, whose errors the handlers map back to these paths.
 */

/** The path segment of each type, Run:ai's `kind` and the key of its spec in the all-types list. */
export const restTypes = {
  'access-key': { type: 'ACCESS_KEY', kind: 'accessKey' },
  password: { type: 'PASSWORD', kind: 'password' },
  'docker-registry': { type: 'DOCKER_REGISTRY', kind: 'dockerRegistry' },
  'generic-secret': { type: 'GENERIC_SECRET', kind: 'genericSecret' },
} as const satisfies Record<string, { type: CredentialType; kind: string }>;
export type RestTypeSegment = keyof typeof restTypes;
export type AssetKind = (typeof restTypes)[RestTypeSegment]['kind'];

const uuid = z.string().meta({ format: 'uuid' });
const nullableText = z.string().nullish();

export const ScopeSchema = z
  .enum(['system', 'tenant', 'cluster', 'department', 'project'])
  .meta({ id: 'Scope', description: 'Where the credential belongs: tenant is the account; system is reserved (Run:ai uses it internally) and refused on create.' });

export const AssetKindSchema = z.enum(['accessKey', 'password', 'dockerRegistry', 'genericSecret']).meta({ id: 'AssetKind' });

const scopeIds = {
  clusterId: uuid.nullish().meta({ description: 'The cluster; required for cluster scope, and if given for department and project scope it must be theirs.' }),
  departmentId: z.string().nullish().meta({ description: 'The department (a UUID, or its GraphQL id); required for department scope.' }),
  projectId: z.string().nullish().meta({ description: 'The project (a UUID, or its GraphQL id); required for project scope. Run:ai uses integers here; this gateway\'s ids are UUIDs.' }),
};

export const AssetCreationRequestSchema = z
  .object({
    name: z.string().meta({ maxLength: MAX_NAME, description: 'Unique, ignoring case, among the credentials of the scope.' }),
    description: nullableText.meta({ maxLength: MAX_DESCRIPTION }),
    scope: ScopeSchema,
    ...scopeIds,
  })
  .meta({ id: 'AssetCreationRequest', description: 'Run:ai fields this gateway does not use (autoDelete, workloadSupportedTypes, private) are accepted and ignored.' });

export const CredentialUpdateRequestSchema = z
  .object({
    name: z.string().optional().meta({ maxLength: MAX_NAME, description: 'Renames the credential (an extension: Run:ai updates the description only).' }),
    description: nullableText.meta({ maxLength: MAX_DESCRIPTION, description: 'null or empty clears it; omitted leaves it.' }),
  })
  .meta({ id: 'CredentialUpdateRequest' });

const existingSecretName = z.string().nullish().meta({
  description: 'Build the credential on a Secret created in advance in the cluster (labelled run.ai/resource) instead of giving values.',
});

export const creationSpecSchemas = {
  'access-key': z
    .object({ existingSecretName, accessKeyId: nullableText, secretAccessKey: nullableText })
    .meta({ id: 'AccessKeyCreationSpec', description: 'accessKeyId and secretAccessKey are required unless existingSecretName is given. They are write-only.' }),
  password: z
    .object({ existingSecretName, user: nullableText, password: nullableText })
    .meta({ id: 'PasswordCreationSpec', description: 'user and password are required unless existingSecretName is given. They are write-only.' }),
  'docker-registry': z
    .object({ existingSecretName, user: nullableText, password: nullableText, url: nullableText })
    .meta({ id: 'DockerRegistryCreationSpec', description: 'url, user and password are required unless existingSecretName is given. They are write-only.' }),
  'generic-secret': z
    .object({
      existingSecretName,
      keyValuePairs: z
        .array(z.object({ key: nullableText, value: nullableText }).meta({ id: 'KeyValuePair' }))
        .nullish()
        .meta({ description: 'Required unless existingSecretName is given. Keys: letters, digits, "-", "_", "."; values are write-only.' }),
    })
    .meta({ id: 'GenericSecretCreationSpec' }),
} as const satisfies Record<RestTypeSegment, z.ZodType>;

const specFieldOfService: Record<string, string[]> = {
  name: ['meta', 'name'],
  description: ['meta', 'description'],
  scope: ['meta', 'scope'],
  existingSecretName: ['spec', 'existingSecretName'],
  accessKeyId: ['spec', 'accessKeyId'],
  secretAccessKey: ['spec', 'secretAccessKey'],
  username: ['spec', 'user'],
  password: ['spec', 'password'],
  url: ['spec', 'url'],
  entries: ['spec', 'keyValuePairs'],
};

/** A field path of the credential service's input as the REST request names it. */
export function restPathOf(servicePath: readonly string[]): string[] {
  if (servicePath.length === 0) return ['spec'];
  const [head, ...rest] = servicePath;
  return [...(specFieldOfService[head] ?? [head]), ...rest];
}

/** The service's input fields for a REST spec (Run:ai's names to the gateway's). */
export function serviceValuesOf(segment: RestTypeSegment, spec: Record<string, unknown>): Record<string, unknown> {
  switch (segment) {
    case 'access-key':
      return { accessKeyId: spec.accessKeyId, secretAccessKey: spec.secretAccessKey };
    case 'password':
      return { username: spec.user, password: spec.password };
    case 'docker-registry':
      return { url: spec.url, username: spec.user, password: spec.password };
    case 'generic-secret':
      return { entries: spec.keyValuePairs };
  }
}

export const creationRequestSchemas = Object.fromEntries(
  (Object.keys(creationSpecSchemas) as RestTypeSegment[]).map((segment) => [
    segment,
    z.object({ meta: AssetCreationRequestSchema, spec: creationSpecSchemas[segment] }).meta({ id: `${pascal(segment)}CreationRequest` }),
  ]),
) as { [S in RestTypeSegment]: z.ZodObject<{ meta: typeof AssetCreationRequestSchema; spec: (typeof creationSpecSchemas)[S] }> };

export const UpdateRequestSchema = z
  .object({
    meta: CredentialUpdateRequestSchema,
    spec: z.record(z.string(), z.unknown()).optional().meta({ description: 'Values cannot be changed here: a spec holding any is refused (rotate with the GraphQL rotateCredential). Other spec fields, as a GET returns them, are ignored.' }),
  })
  .meta({ id: 'CredentialUpdateRequestBody' });

export const AssetMetaSchema = z
  .object({
    id: uuid,
    kind: AssetKindSchema,
    name: z.string(),
    description: z.string().nullable(),
    scope: ScopeSchema,
    clusterId: uuid.nullable(),
    departmentId: z.string().nullable(),
    projectId: z.string().nullable(),
    projectName: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedBy: z.string().meta({ description: 'Who changed it last; its creator when it was never changed (as Run:ai shows it).' }),
    updatedAt: z.string().meta({ format: 'date-time', description: 'The last change; the creation when it was never changed.' }),
    deletedAt: z.string().meta({ format: 'date-time', description: 'Present while the credential is being deleted.' }).optional(),
  })
  .meta({ id: 'AssetMeta' });

const specOut = {
  existingSecretName: z.string().nullable(),
};
export const specResponseSchemas = {
  'access-key': z.object(specOut).meta({ id: 'AccessKeySpec', description: 'No values: they are write-only.' }),
  password: z.object(specOut).meta({ id: 'PasswordSpec', description: 'No values (user, password): they are write-only.' }),
  'docker-registry': z.object(specOut).meta({ id: 'DockerRegistrySpec', description: 'No values (url, user, password): they are write-only.' }),
  'generic-secret': z
    .object({ ...specOut, keyValuePairs: z.array(z.object({ key: z.string() })).meta({ description: 'The keys the Secret holds; values are write-only.' }) })
    .meta({ id: 'GenericSecretSpec' }),
} as const satisfies Record<RestTypeSegment, z.ZodType>;

export const AssetSyncStatusSchema = z
  .enum(['Creating', 'Deleting', 'Failed', 'Deletion failed', 'Issues found', 'No issues found', 'No status', 'Updating'])
  .meta({ id: 'AssetSyncStatusEnum' });

export const StatusSchema = z
  .object({
    status: AssetSyncStatusSchema,
    issues: z.array(
      z.object({
        scopeId: z.string(),
        scopeType: z.enum(['system', 'tenant', 'cluster', 'department', 'project']),
        issue: z.enum(['ReplicationError', 'LostPhase', 'NotCreated']),
      }).meta({ id: 'AssetClusterStatusIssue', description: 'A project namespace the Secret is not right in.' }),
    ),
    message: z.string().optional(),
  })
  .meta({ id: 'AssetClusterStatusInfo' });

export const ClusterInfoSchema = z
  .object({ resources: z.array(z.object({ name: z.string().meta({ description: 'The Secret\'s name in every target namespace.' }) })) })
  .meta({ id: 'ClusterInfo' });

const AssetRefSchema = z.object({ id: uuid, name: z.string() }).meta({ id: 'AssetRef' });
export const UsedBySchema = z
  .object({
    assets: z.object({
      environments: z.array(AssetRefSchema),
      datasources: z.array(
        z.object({ id: uuid, name: z.string(), kind: z.enum(['git', 's3', 'secret-volume']) }).meta({ id: 'AssetDatasourceRef' }),
      ),
    }),
  })
  .meta({ id: 'AssetUsageInfo', description: 'The environments and data sources that use the credential.' });

const assetFields = {
  meta: AssetMetaSchema,
  usedBy: UsedBySchema.optional().meta({ description: 'With usageInfo=true.' }),
  status: StatusSchema.optional().meta({ description: 'With statusInfo=true, and in the answers to create and update.' }),
  clusterInfo: ClusterInfoSchema,
};

export const assetSchemas = {
  'access-key': z.object({ ...assetFields, spec: specResponseSchemas['access-key'] }).meta({ id: 'AccessKey' }),
  password: z.object({ ...assetFields, spec: specResponseSchemas.password }).meta({ id: 'Password' }),
  'docker-registry': z.object({ ...assetFields, spec: specResponseSchemas['docker-registry'] }).meta({ id: 'DockerRegistry' }),
  'generic-secret': z.object({ ...assetFields, spec: specResponseSchemas['generic-secret'] }).meta({ id: 'GenericSecret' }),
} as const satisfies Record<RestTypeSegment, z.ZodType>;

const nextCursor = z.string().optional().meta({
  description: 'Present when more entries match: pass it as `after` for the next ones (an extension; Run:ai answers everything at once).',
});

export const listSchemas = Object.fromEntries(
  (Object.keys(assetSchemas) as RestTypeSegment[]).map((segment) => [
    segment,
    z.object({ entries: z.array(assetSchemas[segment]), next: nextCursor }).meta({ id: `${pascal(segment)}ListResponse` }),
  ]),
) as unknown as Record<RestTypeSegment, z.ZodType>;

export const CredentialsListEntrySchema = z
  .object({
    ...assetFields,
    spec: z.object({
      accessKey: specResponseSchemas['access-key'].optional(),
      password: specResponseSchemas.password.optional(),
      dockerRegistry: specResponseSchemas['docker-registry'].optional(),
      genericSecret: specResponseSchemas['generic-secret'].optional(),
    }).meta({ id: 'CredentialsListResponseAssetSpec', description: 'The spec under the key of the credential\'s kind.' }),
  })
  .meta({ id: 'CredentialsListResponseEntry' });

export const CredentialsListSchema = z.object({ entries: z.array(CredentialsListEntrySchema), next: nextCursor }).meta({ id: 'CredentialsListResponse' });

export const ErrorSchema = z
  .object({
    code: z.number().int().min(100).max(599),
    message: z.string(),
    details: z.string().optional(),
    fieldErrors: z.array(z.object({ path: z.array(z.string()), message: z.string() })).optional()
      .meta({ description: '400: every invalid field, with its path in the request (["spec", "keyValuePairs", "0", "key"]).' }),
    usedBy: UsedBySchema.optional().meta({ description: '412: the assets that use the credential.' }),
  })
  .meta({ id: 'Error', description: 'Run:ai\'s error shape. Messages never repeat what the request sent.' });

export const AcceptedSchema = z.object({ code: z.literal(202), message: z.string() }).meta({ id: 'HttpResponse' });

export const UnauthenticatedSchema = z
  .object({ errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string() }) })) })
  .meta({ id: 'AuthenticationError', description: 'The gateway\'s answer to a missing or invalid token (401), or to too many failed attempts (429), on every route.' });

const booleanParameter = z.enum(['true', 'false']);

export const ListQuerySchema = z.object({
  name: z.string().optional().meta({ description: 'Only credentials with this name (ignoring case).' }),
  scope: ScopeSchema.optional().meta({ description: 'Only credentials of this scope type; with an id filter of the same level, only that node\'s own.' }),
  projectId: z.string().optional().meta({ description: 'Credentials a project can use: its own and those of the scopes above it (only its own with scope=project).' }),
  departmentId: z.string().optional().meta({ description: 'Credentials of the department and the scopes above it (only its own with scope=department).' }),
  clusterId: z.string().optional().meta({ description: 'Credentials of the cluster and the account (only its own with scope=cluster).' }),
  usageInfo: booleanParameter.optional().meta({ description: 'Include usedBy.' }),
  statusInfo: booleanParameter.optional().meta({ description: 'Include status.' }),
  limit: z.string().regex(/^\d{1,4}$/, 'must be a number from 1 to 1000').optional().meta({ description: 'At most this many entries (1–1000, default 1000); an extension.' }),
  after: z.string().optional().meta({ description: 'The `next` of the previous answer; an extension.' }),
});

export const GetQuerySchema = ListQuerySchema.pick({ usageInfo: true, statusInfo: true });

export function pascal(segment: string): string {
  return segment.split('-').map((part) => part[0].toUpperCase() + part.slice(1)).join('');
}
