import type { DataSourceKind, DataSourceRow, EnvironmentRow, EnvironmentVariableRow } from '../services/assets.js';
import type { ScopeNode } from '../domain/scope.js';
import { NameTakenError } from '../domain/errors.js';
import { DEFAULT_FILE_MODE, formatFileMode, type SecretVolumeItem } from '../domain/assets.js';
import { builder } from './builder.js';
import { offsetConnection } from './paging.js';
import { inKeyOrder } from './loaders.js';
import { CredentialNode } from './credential.js';
import { mutationResult } from './errors.js';
import { internalId, optionalInternalId, scopeRefOf } from './ids.js';
import { ScopeInput, scopeField } from './scope.js';

export const EnvironmentNode = builder.loadableNodeRef('Environment', {
  loaderOptions: { cache: false },
  id: { resolve: (e: EnvironmentRow) => e.id },
  load: async (ids: string[], context) => inKeyOrder(context.services.assets.environmentsByIds(ids, context.actor), ids),
});

export const EnvironmentVariableType = builder.objectRef<EnvironmentVariableRow>('EnvironmentVariable').implement({
  description: 'A literal value, or a reference to one key of a credential (the value itself never leaves the Secret).',
  fields: (t) => ({
    name: t.exposeString('name'),
    value: t.exposeString('value', { nullable: true }),
    credential: t.field({ type: CredentialNode, nullable: true, resolve: (v) => v.credentialId }),
    key: t.exposeString('credentialKey', { nullable: true }),
  }),
});

EnvironmentNode.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    scope: t.loadable(scopeField<EnvironmentRow>()),
    image: t.exposeString('image'),
    imagePullCredential: t.field({ type: CredentialNode, nullable: true, resolve: (e) => e.imagePullCredentialId }),
    variables: t.loadableList({
      loaderOptions: { cache: false },
      type: EnvironmentVariableType,
      load: async (ids: string[], context) => {
        const rows = context.services.assets.variablesOf(ids);
        return ids.map((id) => rows.filter((v) => v.environmentId === id));
      },
      resolve: (e) => e.id,
    }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => e.createdAt }),
  }),
});

export const DataSourceKindEnum = builder.enumType('DataSourceKind', { values: ['GIT', 'S3', 'SECRET_VOLUME'] as const });

export const SecretVolumeItemType = builder.objectRef<SecretVolumeItem>('SecretVolumeItem').implement({
  description: 'One key of the Secret, projected to a file (Kubernetes KeyToPath).',
  fields: (t) => ({
    key: t.exposeString('key'),
    path: t.exposeString('path', { description: 'Relative to the mount path.' }),
    mode: t.string({
      nullable: true,
      description: 'Four octal digits ("0400"); null: the volume\'s defaultMode.',
      resolve: (item) => (item.mode != null ? formatFileMode(item.mode) : null),
    }),
  }),
});

export const DataSourceNode = builder.loadableNodeRef('DataSource', {
  loaderOptions: { cache: false },
  id: { resolve: (d: DataSourceRow) => d.id },
  load: async (ids: string[], context) => inKeyOrder(context.services.assets.dataSourcesByIds(ids, context.actor), ids),
});

DataSourceNode.implement({
  description: 'A Git repository, an S3 bucket or a Secret volume; the fields of other kinds are null.',
  fields: (t) => {
    const setting = (key: 'repository' | 'branch' | 'path' | 'bucket' | 'url' | 'mountPath', description: string) =>
      t.string({ nullable: true, description, resolve: (d) => d.settings[key] ?? null });
    return {
      kind: t.field({ type: DataSourceKindEnum, resolve: (d) => d.kind }),
      name: t.exposeString('name'),
      description: t.exposeString('description', { nullable: true }),
      scope: t.loadable(scopeField<DataSourceRow>()),
      credential: t.field({ type: CredentialNode, nullable: true, resolve: (d) => d.credentialId }),
      repository: setting('repository', 'GIT: the repository URL.'),
      branch: setting('branch', 'GIT: the branch.'),
      path: setting('path', 'GIT and S3: the path inside the repository or bucket.'),
      bucket: setting('bucket', 'S3: the bucket.'),
      url: setting('url', 'S3: the endpoint URL.'),
      mountPath: setting('mountPath', 'SECRET_VOLUME: where the Secret is mounted.'),
      defaultMode: t.string({
        nullable: true,
        description: 'SECRET_VOLUME: the permission bits of its files, four octal digits as Run:ai writes them ("0400"); "0644" unless set.',
        resolve: (d) => (d.kind === 'SECRET_VOLUME' ? formatFileMode(d.settings.defaultMode ?? DEFAULT_FILE_MODE) : null),
      }),
      items: t.field({
        type: [SecretVolumeItemType],
        nullable: true,
        description: 'SECRET_VOLUME: the keys projected and their file paths; null when every key is a file named after it.',
        resolve: (d) => (d.kind === 'SECRET_VOLUME' ? (d.settings.items ?? null) : null),
      }),
      createdBy: t.exposeString('createdBy'),
      createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
    };
  },
});

/** Pages of environments and data sources (Pothos' offset defaults); a longer one is refused, never clamped. */
const ASSET_PAGES = { defaultPage: 20, maxPage: 100 };

builder.queryFields((t) => ({
  environments: t.connection(
    {
      type: EnvironmentNode,
      args: { scope: t.arg({ type: ScopeInput }) },
      resolve: (_, args, context) => {
        const scope = args.scope ? scopeRefOf(args.scope, context) : undefined;
        return offsetConnection(args, ASSET_PAGES, ({ limit, offset }) => context.services.assets.environments({ limit, offset, scope, actor: context.actor }));
      },
    },
    { name: 'EnvironmentConnection', fields: (c) => ({ totalCount: c.exposeInt('totalCount') }) },
  ),
  dataSources: t.connection(
    {
      type: DataSourceNode,
      args: { scope: t.arg({ type: ScopeInput }), kind: t.arg({ type: DataSourceKindEnum }) },
      resolve: (_, args, context) => {
        const scope = args.scope ? scopeRefOf(args.scope, context) : undefined;
        return offsetConnection(args, ASSET_PAGES, ({ limit, offset }) =>
          context.services.assets.dataSources({ limit, offset, scope, kind: args.kind ?? undefined, actor: context.actor }),
        );
      },
    },
    { name: 'DataSourceConnection', fields: (c) => ({ totalCount: c.exposeInt('totalCount') }) },
  ),
}));

const EnvironmentVariableInput = builder.inputType('EnvironmentVariableInput', {
  description: 'Either `value`, or `credentialId` and `key`.',
  fields: (t) => ({
    name: t.string({ required: true }),
    value: t.string(),
    credentialId: t.id(),
    key: t.string(),
  }),
});

const CreateEnvironmentInput = builder.inputType('CreateEnvironmentInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    scope: t.field({ type: ScopeInput, required: true }),
    image: t.string({ required: true }),
    imagePullCredentialId: t.id({ description: 'A DOCKER_REGISTRY credential visible from the scope.' }),
    variables: t.field({ type: [EnvironmentVariableInput] }),
  }),
});

const CreateGitDataSourceInput = builder.inputType('CreateGitDataSourceInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    scope: t.field({ type: ScopeInput, required: true }),
    repository: t.string({ required: true }),
    branch: t.string(),
    path: t.string(),
    credentialId: t.id({ description: 'A PASSWORD credential, or a GENERIC_SECRET holding the key "ssh".' }),
  }),
});
const CreateS3DataSourceInput = builder.inputType('CreateS3DataSourceInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    scope: t.field({ type: ScopeInput, required: true }),
    bucket: t.string({ required: true }),
    url: t.string(),
    path: t.string(),
    credentialId: t.id({ description: 'An ACCESS_KEY credential.' }),
  }),
});
const CreateSecretVolumeDataSourceInput = builder.inputType('CreateSecretVolumeDataSourceInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    scope: t.field({ type: ScopeInput, required: true }),
    credentialId: t.id({ required: true }),
    mountPath: t.string({ required: true }),
    defaultMode: t.string({
      description: 'Permission bits of the files, octal as in Kubernetes and Run:ai: "0400" for SSH keys; at most "0777"; default "0644".',
    }),
    items: t.field({
      type: [SecretVolumeItemInput],
      description: 'Project only these keys, to these relative paths (at most 256). Default: every key, as a file named after it.',
    }),
  }),
});
const SecretVolumeItemInput = builder.inputType('SecretVolumeItemInput', {
  fields: (t) => ({
    key: t.string({ required: true, description: 'A key the credential holds.' }),
    path: t.string({ required: true, description: 'A relative path without ".." elements, e.g. "ssh/id_rsa".' }),
    mode: t.string({ description: 'Octal permission bits of this file ("0400"); default: the volume\'s defaultMode.' }),
  }),
});
const DeleteAssetInput = builder.inputType('DeleteAssetInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

function createDataSource(kind: DataSourceKind, settingKeys: string[]) {
  return (
    _: unknown,
    { input }: { input: Record<string, unknown> & { name: string; description?: string | null; scope: { type: ScopeNode['type']; id?: string | null }; credentialId?: string | number | null } },
    context: import('./context.js').GraphQLContext,
  ) =>
    context.services.assets.createDataSource(context.actor, {
      kind,
      name: input.name,
      description: input.description,
      scope: scopeRefOf(input.scope, context, ['scope']),
      credentialId: optionalInternalId(input.credentialId == null ? null : String(input.credentialId), 'Credential'),
      settings: Object.fromEntries(settingKeys.map((k) => [k, input[k] ?? null])),
    });
}

builder.mutationFields((t) => ({
  createEnvironment: t.field({
    type: EnvironmentNode,
    errors: mutationResult('createEnvironment', 'environment', [NameTakenError]),
    args: { input: t.arg({ type: CreateEnvironmentInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.assets.createEnvironment(context.actor, {
        ...input,
        scope: scopeRefOf(input.scope, context),
        imagePullCredentialId: optionalInternalId(input.imagePullCredentialId as string | null | undefined, 'Credential'),
        variables: input.variables?.map((v) => ({
          ...v,
          credentialId: optionalInternalId(v.credentialId as string | null | undefined, 'Credential'),
        })),
      }),
  }),
  deleteEnvironment: t.field({
    type: EnvironmentNode,
    errors: mutationResult('deleteEnvironment', 'environment'),
    args: { input: t.arg({ type: DeleteAssetInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.assets.deleteEnvironment(context.actor, { id: internalId(String(input.id), 'Environment') }),
  }),
  createGitDataSource: t.field({
    type: DataSourceNode,
    errors: mutationResult('createGitDataSource', 'dataSource', [NameTakenError]),
    args: { input: t.arg({ type: CreateGitDataSourceInput, required: true }) },
    resolve: createDataSource('GIT', ['repository', 'branch', 'path']),
  }),
  createS3DataSource: t.field({
    type: DataSourceNode,
    errors: mutationResult('createS3DataSource', 'dataSource', [NameTakenError]),
    args: { input: t.arg({ type: CreateS3DataSourceInput, required: true }) },
    resolve: createDataSource('S3', ['bucket', 'url', 'path']),
  }),
  createSecretVolumeDataSource: t.field({
    type: DataSourceNode,
    errors: mutationResult('createSecretVolumeDataSource', 'dataSource', [NameTakenError]),
    args: { input: t.arg({ type: CreateSecretVolumeDataSourceInput, required: true }) },
    resolve: createDataSource('SECRET_VOLUME', ['mountPath', 'defaultMode', 'items']),
  }),
  deleteDataSource: t.field({
    type: DataSourceNode,
    errors: mutationResult('deleteDataSource', 'dataSource'),
    args: { input: t.arg({ type: DeleteAssetInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.assets.deleteDataSource(context.actor, { id: internalId(String(input.id), 'DataSource') }),
  }),
}));
