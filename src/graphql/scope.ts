import type { ScopeNode, ScopeRef } from '../domain/scope.js';
import type { GraphQLContext } from './context.js';
import { builder } from './builder.js';
import { scopeGlobalId, scopeRefOf } from './ids.js';

export const ScopeTypeEnum = builder.enumType('ScopeType', {
  values: ['ACCOUNT', 'CLUSTER', 'DEPARTMENT', 'PROJECT'] as const,
});

export const ScopeInput = builder.inputType('ScopeInput', {
  description: 'A node of the organisational tree. `id` is the global id of the cluster, department or project; omit it for ACCOUNT.',
  fields: (t) => ({
    type: t.field({ type: ScopeTypeEnum, required: true }),
    id: t.id({ required: false }),
  }),
});

export const ScopeRefType = builder.objectRef<ScopeNode>('Scope');
ScopeRefType.implement({
  description: 'A node of the organisational tree, with the path from the account down to it.',
  fields: (t) => ({
    type: t.field({ type: ScopeTypeEnum, resolve: (s) => s.type }),
    id: t.id({ resolve: (s) => scopeGlobalId(s) }),
    name: t.exposeString('name'),
    path: t.field({
      type: [ScopeRefType],
      description: 'From the account down to this scope, itself included.',
      resolve: (s) =>
        s.path.map((node, i) => ({ ...node, clusterId: s.clusterId, path: s.path.slice(0, i + 1) })),
    }),
  }),
});

builder.queryField('scope', (t) =>
  t.field({
    type: ScopeRefType,
    nullable: true,
    args: { scope: t.arg({ type: ScopeInput, required: true }) },
    resolve: (_, { scope }, context) => {
      try {
        return context.services.orgTree.visibleScope(context.actor, scopeRefOf(scope, context)) ?? null;
      } catch {
        return null;
      }
    },
  }),
);

/** A batched `scope` field for any row with scopeType and scopeId: one query per page, not per row. */
export const scopeField = <T extends { scopeType: ScopeNode['type']; scopeId: string }>() => ({
  type: ScopeRefType,
  loaderOptions: { cache: false },
  load: async (keys: string[], context: GraphQLContext) =>
    context.services.orgTree
      .resolveScopes(keys.map((key) => JSON.parse(key) as ScopeRef))
      .map((node, i) => node ?? new Error(`scope ${keys[i]} is gone`)),
  resolve: (row: T) => JSON.stringify({ type: row.scopeType, id: row.scopeId }),
});
