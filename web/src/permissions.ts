import type { CredgateClient, Role } from '@credgate/sdk';

/** What the page offers the caller. The gateway decides every request anyway; this only hides what it would refuse. */
export interface Permissions {
  userName: string;
  role: Role;
  create: boolean;
  edit: boolean;
  delete: boolean;
}

/** Roles that may create, edit and delete credentials (DESIGN §6); the others only view. */
const CHANGING_ROLES: ReadonlySet<Role> = new Set(['SYSTEM_ADMINISTRATOR', 'CREDENTIALS_ADMINISTRATOR', 'DEPARTMENT_ADMINISTRATOR', 'EDITOR']);

export async function loadPermissions(client: CredgateClient): Promise<Permissions> {
  const me = await client.me();
  const changes = CHANGING_ROLES.has(me.role);
  return { userName: me.name, role: me.role, create: changes, edit: changes, delete: changes };
}
