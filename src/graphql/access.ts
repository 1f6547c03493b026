import { encodeGlobalID } from '@pothos/plugin-relay';
import type { AccessRuleRow, AccessTokenInfo } from '../services/access.js';
import { builder } from './builder.js';
import { mutationResult } from './errors.js';
import { internalId, optionalInternalId, scopeRefOf } from './ids.js';
import { RoleEnum, UserKindEnum, UserType, userShapeOf } from './me.js';
import { ScopeInput, scopeField } from './scope.js';

const SubjectTypeEnum = builder.enumType('AccessRuleSubjectType', { values: ['USER', 'GROUP'] as const });

const AccessRuleType = builder.objectRef<AccessRuleRow>('AccessRule').implement({
  description: 'A role at a scope for a user or for everyone in an OIDC group.',
  fields: (t) => ({
    id: t.id({ resolve: (r) => encodeGlobalID('AccessRule', r.id) }),
    subjectType: t.field({ type: SubjectTypeEnum, resolve: (r) => r.subjectType }),
    user: t.field({
      type: UserType,
      nullable: true,
      resolve: (r, _, context) => {
        if (r.subjectType !== 'USER') return null;
        const user = context.services.access.user(r.subject);
        return user ? userShapeOf(user) : null;
      },
    }),
    group: t.string({ nullable: true, description: 'The OIDC group, for a GROUP rule.', resolve: (r) => (r.subjectType === 'GROUP' ? r.subject : null) }),
    role: t.field({ type: RoleEnum, resolve: (r) => r.role }),
    scope: t.loadable(scopeField<AccessRuleRow>()),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
  }),
});

const AccessTokenType = builder.objectRef<AccessTokenInfo>('AccessToken').implement({
  description: 'An API token. Its text is shown once, when it is created; the gateway keeps only a hash.',
  fields: (t) => ({
    id: t.id({ resolve: (k) => encodeGlobalID('AccessToken', k.id) }),
    name: t.exposeString('name'),
    hint: t.exposeString('hint', { description: 'The first characters of the token, to tell tokens apart.' }),
    user: t.field({
      type: UserType,
      nullable: true,
      resolve: (k, _, context) => {
        const user = context.services.access.user(k.userId);
        return user ? userShapeOf(user) : null;
      },
    }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.expiresAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.revokedAt }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, description: 'Updated at most once a minute.', resolve: (k) => k.lastUsedAt }),
    active: t.boolean({
      resolve: (k, _, context) => !k.revokedAt && (!k.expiresAt || k.expiresAt > context.services.deps.now()),
    }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
  }),
});

builder.objectFields(UserType, (t) => ({
  rules: t.field({
    type: [AccessRuleType],
    description: "The caller's rules, their groups' included; another user's rules (system administrators only).",
    resolve: (u, _, context) =>
      u.id === context.actor.id ? context.services.access.rulesOf(context.actor) : context.services.access.accessRules(context.actor, { userId: u.id }),
  }),
  tokens: t.field({
    type: [AccessTokenType],
    description: 'Their API tokens (the caller sees their own; system administrators anyone\'s).',
    resolve: (u, _, context) => context.services.access.accessTokens(context.actor, { userId: u.id }),
  }),
}));

builder.queryFields((t) => ({
  users: t.field({
    type: [UserType],
    description: 'Every user (system administrators only).',
    resolve: (_, __, context) => context.services.access.users(context.actor).map(userShapeOf),
  }),
  accessRules: t.field({
    type: [AccessRuleType],
    description: 'Access rules, optionally of one user, group or scope (system administrators only).',
    args: { userId: t.arg.id(), group: t.arg.string(), scope: t.arg({ type: ScopeInput }) },
    resolve: (_, args, context) =>
      context.services.access.accessRules(context.actor, {
        userId: optionalInternalId(args.userId as string | null | undefined, 'User'),
        group: args.group,
        scope: args.scope ? scopeRefOf(args.scope, context) : null,
      }),
  }),
  accessTokens: t.field({
    type: [AccessTokenType],
    description: "The caller's tokens, or a user's (system administrators only).",
    args: { userId: t.arg.id() },
    resolve: (_, args, context) =>
      context.services.access.accessTokens(context.actor, { userId: optionalInternalId(args.userId as string | null | undefined, 'User') }),
  }),
}));

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'For an OIDC user, the value of the user claim.' }),
    kind: t.field({ type: UserKindEnum, description: 'LOCAL (default) or OIDC, to give an OIDC user rules before they first sign in.' }),
  }),
});
const ByIdInput = builder.inputType('AccessByIdInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const CreateAccessRuleInput = builder.inputType('CreateAccessRuleInput', {
  description: 'Give a role at a scope to a user (userId) or to an OIDC group (group): exactly one of them.',
  fields: (t) => ({
    userId: t.id(),
    group: t.string(),
    role: t.field({ type: RoleEnum, required: true }),
    scope: t.field({ type: ScopeInput, required: true }),
  }),
});
const CreateAccessTokenInput = builder.inputType('CreateAccessTokenInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    name: t.string({ required: true, description: 'What the token is for, e.g. "ci pipeline".' }),
    expiresAt: t.field({ type: 'DateTime', description: 'No expiry when omitted.' }),
  }),
});

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserType,
    errors: mutationResult('createUser', 'user'),
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: (_, { input }, context) => userShapeOf(context.services.access.createUser(context.actor, input)),
  }),
  disableUser: t.field({
    type: UserType,
    description: "The user's tokens and JWTs are refused from now on; their open subscriptions end.",
    errors: mutationResult('disableUser', 'user'),
    args: { input: t.arg({ type: ByIdInput, required: true }) },
    resolve: (_, { input }, context) => userShapeOf(context.services.access.disableUser(context.actor, { id: internalId(String(input.id), 'User') })),
  }),
  createAccessRule: t.field({
    type: AccessRuleType,
    errors: mutationResult('createAccessRule', 'accessRule'),
    args: { input: t.arg({ type: CreateAccessRuleInput, required: true }) },
    resolve: (_, { input }, context) =>
      context.services.access.createAccessRule(context.actor, {
        userId: optionalInternalId(input.userId as string | null | undefined, 'User'),
        group: input.group,
        role: input.role,
        scope: scopeRefOf(input.scope, context),
      }),
  }),
  deleteAccessRule: t.field({
    type: AccessRuleType,
    errors: mutationResult('deleteAccessRule', 'accessRule'),
    args: { input: t.arg({ type: ByIdInput, required: true }) },
    resolve: (_, { input }, context) => context.services.access.deleteAccessRule(context.actor, { id: internalId(String(input.id), 'AccessRule') }),
  }),
  createAccessToken: t.field({
    type: AccessTokenType,
    description: 'A new API token for a user (system administrators only). `token` is its text: shown here once, never again.',
    errors: {
      ...mutationResult('createAccessToken', 'accessToken'),
      result: {
        name: 'CreateAccessTokenSuccess',
        fields: (r) => ({
          token: r.string({
            description: 'Send it as `Authorization: Bearer <token>`. Store it now: the gateway keeps only its hash.',
            resolve: (issued) => (issued as AccessTokenInfo & { secret: string }).secret,
          }),
        }),
      },
    },
    args: { input: t.arg({ type: CreateAccessTokenInput, required: true }) },
    resolve: (_, { input }, context) => {
      const { token, secret } = context.services.access.createAccessToken(context.actor, {
        userId: internalId(String(input.userId), 'User'),
        name: input.name,
        expiresAt: input.expiresAt,
      });
      return { ...token, secret };
    },
  }),
  revokeAccessToken: t.field({
    type: AccessTokenType,
    description: 'Your own token, or anyone\'s for a system administrator. It is refused at once, also on open subscriptions.',
    errors: mutationResult('revokeAccessToken', 'accessToken'),
    args: { input: t.arg({ type: ByIdInput, required: true }) },
    resolve: (_, { input }, context) => context.services.access.revokeAccessToken(context.actor, { id: internalId(String(input.id), 'AccessToken') }),
  }),
}));
