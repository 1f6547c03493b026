import type { ScopeRef, ScopeType } from './scope.js';

/** The roles an access rule can give (DESIGN §6). */
export const roles = [
  'SYSTEM_ADMINISTRATOR', 'CREDENTIALS_ADMINISTRATOR', 'DEPARTMENT_ADMINISTRATOR', 'EDITOR',
  'RESEARCH_MANAGER', 'L1_RESEARCHER', 'L2_RESEARCHER', 'ML_ENGINEER', 'VIEWER',
] as const;
export type Role = (typeof roles)[number];

/** What can be done to credentials, environments and data sources at a scope. */
export type AssetAction = 'view' | 'create' | 'edit' | 'delete';

/** The DESIGN §6 table: which role may do what to credentials, environments and data sources. */
const assetActionsOf: Record<Role, readonly AssetAction[]> = {
  SYSTEM_ADMINISTRATOR: ['view', 'create', 'edit', 'delete'],
  CREDENTIALS_ADMINISTRATOR: ['view', 'create', 'edit', 'delete'],
  DEPARTMENT_ADMINISTRATOR: ['view', 'create', 'edit', 'delete'],
  EDITOR: ['view', 'create', 'edit', 'delete'],
  RESEARCH_MANAGER: ['view'],
  L1_RESEARCHER: ['view'],
  L2_RESEARCHER: ['view'],
  ML_ENGINEER: ['view'],
  VIEWER: ['view'],
};

export function roleAllows(role: Role, action: AssetAction): boolean {
  return assetActionsOf[role].includes(action);
}

/**
 * One access rule as it applies: a role at a scope, with the path from the account down to that
 * scope (itself last), so that "under" and "above" are decided without the database.
 */
export interface Grant {
  role: Role;
  scope: ScopeRef;
  path: readonly ScopeRef[];
}

/** Whoever is asking: a system administrator, or the grants of their rules (their own and their groups'). */
export interface AccessSubject {
  systemAdministrator: boolean;
  grants: readonly Grant[];
}

/** A scope with its path from the account down to it (itself last). */
export interface ScopePath {
  path: readonly ScopeRef[];
}

const same = (a: ScopeRef, b: ScopeRef) => a.type === b.type && a.id === b.id;
const selfOf = (target: ScopePath) => target.path[target.path.length - 1];
/** The target is the grant's scope or below it. */
const under = (target: ScopePath, grant: Grant) => target.path.some((node) => same(node, grant.scope));
/** The target is above the grant's scope: inherited downwards (an account credential is usable in every project). */
const above = (target: ScopePath, grant: Grant) => grant.path.some((node) => same(node, selfOf(target)));

/** SYSTEM_ADMINISTRATOR is a role over the whole installation: only the account scope carries it. */
export function ruleProblem(role: Role, scopeType: ScopeType): string | null {
  if (role === 'SYSTEM_ADMINISTRATOR' && scopeType !== 'ACCOUNT') {
    return 'SYSTEM_ADMINISTRATOR applies to the whole installation: give it at the ACCOUNT scope';
  }
  return null;
}

/** The subject of a set of grants: a SYSTEM_ADMINISTRATOR grant makes a system administrator. */
export function subjectOf(grants: readonly Grant[]): AccessSubject {
  return { systemAdministrator: grants.some((g) => g.role === 'SYSTEM_ADMINISTRATOR' && g.scope.type === 'ACCOUNT'), grants };
}

/**
 * Whether the subject sees what lives at a scope (credentials, environments, data sources, the
 * scope itself): scopes at or under one of their rules, and those above one (inherited).
 */
export function canView(subject: AccessSubject, target: ScopePath): boolean {
  if (subject.systemAdministrator) return true;
  if (target.path.length === 0) return false;
  return subject.grants.some((grant) => under(target, grant) || above(target, grant));
}

/**
 * Whether the subject may create, edit or delete credentials, environments or data sources at a
 * scope: a rule whose role allows it at that scope or above it. Inherited visibility never allows a change.
 */
export function canChange(subject: AccessSubject, target: ScopePath, action: Exclude<AssetAction, 'view'>): boolean {
  if (subject.systemAdministrator) return true;
  return subject.grants.some((grant) => roleAllows(grant.role, action) && under(target, grant));
}

/** Everything a dashboard needs to show or hide the buttons of a scope. */
export interface Permissions {
  viewCredentials: boolean;
  createCredentials: boolean;
  editCredentials: boolean;
  deleteCredentials: boolean;
  /** Departments and projects. */
  manageOrgTree: boolean;
  manageClusters: boolean;
  manageUsers: boolean;
  manageAccessRules: boolean;
  /** Tokens of any user (everyone manages their own). */
  manageTokens: boolean;
  readAuditLog: boolean;
}

export function permissionsAt(subject: AccessSubject, target: ScopePath): Permissions {
  const admin = subject.systemAdministrator;
  return {
    viewCredentials: canView(subject, target),
    createCredentials: canChange(subject, target, 'create'),
    editCredentials: canChange(subject, target, 'edit'),
    deleteCredentials: canChange(subject, target, 'delete'),
    manageOrgTree: admin,
    manageClusters: admin,
    manageUsers: admin,
    manageAccessRules: admin,
    manageTokens: admin,
    readAuditLog: admin,
  };
}

/**
 * The scopes whose contents a subject sees, in a form a query can test without walking the tree:
 * `everything`, or the listed scopes exactly (the rules' scopes and those above them), plus all
 * of `clusters` (a cluster rule) and all of `departments` with their projects (a department rule).
 */
export type VisibleScopes =
  | { everything: true }
  | { everything: false; exact: ScopeRef[]; clusters: string[]; departments: string[] };

export function visibleScopes(subject: AccessSubject): VisibleScopes {
  if (subject.systemAdministrator || subject.grants.some((g) => g.scope.type === 'ACCOUNT')) return { everything: true };
  const exact = new Map<string, ScopeRef>();
  const clusters = new Set<string>();
  const departments = new Set<string>();
  for (const grant of subject.grants) {
    for (const node of grant.path) exact.set(`${node.type}:${node.id}`, { type: node.type, id: node.id });
    if (grant.scope.type === 'CLUSTER') clusters.add(grant.scope.id);
    if (grant.scope.type === 'DEPARTMENT') departments.add(grant.scope.id);
  }
  return { everything: false, exact: [...exact.values()], clusters: [...clusters], departments: [...departments] };
}

/** The prefix that marks credgate's API tokens (so that secret scanners and people recognise them). */
export const TOKEN_PREFIX = 'cgt_';

/** A JWT (three base64url parts) is verified by the OIDC issuer; anything else is an API token. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/** The bearer token of an Authorization header value, or null when it is not the Bearer scheme. */
export function bearerTokenOf(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+([\x21-\x7e]{1,4096})[ ]*$/i.exec(header);
  return match ? match[1] : null;
}
