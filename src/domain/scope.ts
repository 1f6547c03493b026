export type ScopeType = 'ACCOUNT' | 'CLUSTER' | 'DEPARTMENT' | 'PROJECT';

export interface ScopeRef {
  type: ScopeType;
  id: string;
}

/** A node of the organisational tree with the path from the account down to it (itself last). */
export interface ScopeNode extends ScopeRef {
  name: string;
  clusterId: string | null;
  path: { type: ScopeType; id: string; name: string }[];
}

export const scopeDepth: Record<ScopeType, number> = { ACCOUNT: 0, CLUSTER: 1, DEPARTMENT: 2, PROJECT: 3 };

export function sameScope(a: ScopeRef, b: ScopeRef): boolean {
  return a.type === b.type && a.id === b.id;
}

/**
 * An asset at `scope` may use a credential at `credentialScope` when the credential's
 * scope is that scope or one above it (an account credential is usable everywhere).
 */
export function isVisibleFrom(credentialScope: ScopeRef, scope: ScopeNode): boolean {
  return scope.path.some((node) => sameScope(node, credentialScope));
}
