import { encodeGlobalID } from '@pothos/plugin-relay';
import { roles, type Permissions, type Role } from '../domain/access.js';
import { ForbiddenError } from '../domain/errors.js';
import type { UserRow } from '../services/access.js';
import type { Actor } from '../services/context.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { scopeRefOf } from './ids.js';
import { ScopeInput } from './scope.js';

export const RoleEnum = builder.enumType('Role', { values: roles });

export const UserKindEnum = builder.enumType('UserKind', {
  values: {
    LOCAL: { description: 'Authenticates with API tokens.' },
    OIDC: { description: "Named by the OIDC issuer's user claim; appears on first sign-in." },
    BUILTIN: { description: 'The gateway itself (its own actions in the audit log).' },
    ANONYMOUS: { description: 'No credentials (only the GraphiQL page is served so).' },
  } as const,
});

/** A user, and for the caller the actor their token resolved to (groups, rules, what they may do). */
export interface UserShape {
  id: string;
  name: string;
  kind: Actor['kind'];
  disabledAt: string | null;
  createdBy: string | null;
  createdAt: string | null;
  /** Set for `me`: the caller as authenticated. */
  actor?: Actor;
}

export function userShapeOf(user: UserRow): UserShape {
  return { ...user };
}

const PermissionsType = builder.objectRef<Permissions>('Permissions').implement({
  description: 'What a user may do at a scope: dashboards show only the buttons that work.',
  fields: (t) => ({
    viewCredentials: t.exposeBoolean('viewCredentials', { description: 'See the credentials, environments and data sources of the scope.' }),
    createCredentials: t.exposeBoolean('createCredentials', { description: 'Create credentials, environments and data sources in the scope.' }),
    editCredentials: t.exposeBoolean('editCredentials', { description: 'Rename and rotate what lives in the scope.' }),
    deleteCredentials: t.exposeBoolean('deleteCredentials'),
    manageOrgTree: t.exposeBoolean('manageOrgTree', { description: 'Create, rename, move and delete departments and projects.' }),
    manageClusters: t.exposeBoolean('manageClusters'),
    manageUsers: t.exposeBoolean('manageUsers'),
    manageAccessRules: t.exposeBoolean('manageAccessRules'),
    manageTokens: t.exposeBoolean('manageTokens', { description: "Create and revoke any user's tokens (everyone lists and revokes their own)." }),
    readAuditLog: t.exposeBoolean('readAuditLog'),
  }),
});

/** Strongest first: the deprecated `role` field shows the first a user holds. */
const strongest = (actor: Actor): Role => (actor.systemAdministrator ? 'SYSTEM_ADMINISTRATOR' : roles.find((r) => actor.grants.some((g) => g.role === r)) ?? 'VIEWER');

function actorOfUser(user: UserShape, context: GraphQLContext): Actor {
  if (user.actor) return user.actor;
  if (user.id === context.actor.id) return context.actor;
  if (!context.actor.systemAdministrator) throw new ForbiddenError('Only a system administrator may see what another user may do');
  const row = context.services.access.user(user.id);
  return row ? context.services.access.actorForUser(row) : { ...context.actor, systemAdministrator: false, grants: [] };
}

export const UserType = builder.objectRef<UserShape>('User').implement({
  description: 'Someone who holds tokens: a LOCAL user (API tokens) or an OIDC user.',
  fields: (t) => ({
    id: t.id({ resolve: (u) => encodeGlobalID('User', u.id) }),
    name: t.exposeString('name'),
    kind: t.field({ type: UserKindEnum, resolve: (u) => u.kind }),
    disabledAt: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.disabledAt }),
    createdBy: t.exposeString('createdBy', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.createdAt }),
    groups: t.stringList({
      description: "The caller's OIDC groups from their token (empty for API tokens and for other users).",
      resolve: (u, _, context) => (u.id === context.actor.id ? [...context.actor.groups] : []),
    }),
    systemAdministrator: t.boolean({ resolve: (u, _, context) => actorOfUser(u, context).systemAdministrator }),
    permissions: t.field({
      type: PermissionsType,
      description: 'What this user may do at a scope (a scope they cannot see allows nothing).',
      args: { scope: t.arg({ type: ScopeInput, required: true }) },
      resolve: (u, { scope }, context) => context.services.access.permissions(actorOfUser(u, context), scopeRefOf(scope, context)),
    }),
    role: t.field({
      type: RoleEnum,
      deprecationReason: 'A user holds roles at scopes: read `rules` and `permissions(scope)`.',
      resolve: (u, _, context) => strongest(actorOfUser(u, context)),
    }),
    builtin: t.boolean({
      deprecationReason: 'Every request is authenticated now; only the gateway itself is built in (kind BUILTIN).',
      resolve: (u) => u.kind === 'BUILTIN',
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: UserType,
    description: 'The caller: who they are, their rules, their tokens and what they may do at a scope.',
    resolve: (_, __, context) => {
      const row = context.services.access.user(context.actor.id);
      const { actor } = context;
      return { id: actor.id, name: actor.name, kind: actor.kind, disabledAt: row?.disabledAt ?? null, createdBy: row?.createdBy ?? null, createdAt: row?.createdAt ?? null, actor };
    },
  }),
);
