import type { Actor } from '../services/context.js';
import { builder } from './builder.js';

export const RoleEnum = builder.enumType('Role', {
  values: [
    'SYSTEM_ADMINISTRATOR', 'CREDENTIALS_ADMINISTRATOR', 'DEPARTMENT_ADMINISTRATOR', 'EDITOR',
    'RESEARCH_MANAGER', 'L1_RESEARCHER', 'L2_RESEARCHER', 'ML_ENGINEER', 'VIEWER',
  ] as const,
});

const UserType = builder.objectRef<Actor>('User').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (u) => u.role }),
    builtin: t.exposeBoolean('builtin', { description: 'The built-in administrator every caller acts as until access control is configured.' }),
  }),
});

builder.queryField('me', (t) => t.field({ type: UserType, resolve: (_, __, context) => context.actor }));
