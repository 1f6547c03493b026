import type { CredentialRow } from '../services/credentials.js';
import type { DataSourceRow, EnvironmentRow } from '../services/assets.js';
import { builder } from './builder.js';
import { inKeyOrder } from './loaders.js';
import { internalId } from './ids.js';
import { ClusterNode } from './org-tree.js';
import { scopeField } from './scope.js';
import { DataSourceNode, EnvironmentNode } from './assets.js';

export const CredentialTypeEnum = builder.enumType('CredentialType', {
  values: ['DOCKER_REGISTRY', 'ACCESS_KEY', 'PASSWORD', 'GENERIC_SECRET'] as const,
});

export const CredentialOriginEnum = builder.enumType('CredentialOrigin', {
  values: {
    MANAGED: { description: 'The values were given to the gateway, which writes the Secrets.' },
    EXISTING_SECRET: { description: 'Points at a Secret created in advance in the cluster.' },
  } as const,
});

export const CredentialNode = builder.loadableNodeRef('Credential', {
  loaderOptions: { cache: false },
  id: { resolve: (c: CredentialRow) => c.id },
  load: async (ids: string[], context) => {
    // An invisible credential does not exist for the caller: node(id), nodes and every reference load it as null.
    return inKeyOrder(context.services.credentials.getManyVisibleTo(context.actor, ids), ids);
  },
});

CredentialNode.implement({
  description: 'A workload asset that wraps and masks a Kubernetes Secret. Values are write-only: no field returns them.',
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    type: t.field({ type: CredentialTypeEnum, resolve: (c) => c.type }),
    scope: t.loadable(scopeField<CredentialRow>()),
    kubernetesName: t.exposeString('kubernetesName', {
      description: 'The name of the Secret in every target namespace; derived from the name, immutable.',
    }),
    origin: t.field({ type: CredentialOriginEnum, resolve: (c) => c.origin }),
    existingSecretName: t.exposeString('existingSecretName', { nullable: true }),
    keys: t.exposeStringList('keys', { description: 'The key names the Secret holds (never the values).' }),
    cluster: t.field({
      type: ClusterNode,
      nullable: true,
      description: 'The cluster of its scope; none for account scope.',
      resolve: (c) => c.clusterId,
    }),
    environments: t.loadableList({
      loaderOptions: { cache: false },
      type: EnvironmentNode,
      description: 'The environments that use this credential.',
      load: async (credentialIds: string[], context): Promise<EnvironmentRow[][]> => {
        const idsPerCredential = context.services.assets.environmentIdsUsing(credentialIds);
        // Only the environments the caller sees.
        const rows = new Map(
          context.services.assets.environmentsByIds([...new Set([...idsPerCredential.values()].flat())], context.actor).map((e) => [e.id, e]),
        );
        return credentialIds.map((id) =>
          (idsPerCredential.get(id) ?? []).flatMap((envId) => rows.get(envId) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
        );
      },
      resolve: (c) => c.id,
    }),
    dataSources: t.loadableList({
      loaderOptions: { cache: false },
      type: DataSourceNode,
      description: 'The data sources that use this credential.',
      load: async (credentialIds: string[], context): Promise<DataSourceRow[][]> => {
        const rows = context.services.assets.dataSourcesUsing(credentialIds, context.actor);
        return credentialIds.map((id) => rows.filter((d) => d.credentialId === id));
      },
      resolve: (c) => c.id,
    }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    updatedBy: t.exposeString('updatedBy', { nullable: true }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.updatedAt }),
  }),
});

builder.queryField('credential', (t) =>
  t.field({
    type: CredentialNode,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, context) => {
      try {
        return context.services.credentials.getVisible(context.actor, internalId(String(id), 'Credential')) ?? null;
      } catch {
        return null;
      }
    },
  }),
);
