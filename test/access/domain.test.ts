import { describe, expect, it } from 'vitest';
import {
  bearerTokenOf,
  canChange,
  canView,
  looksLikeJwt,
  permissionsAt,
  roles,
  ruleProblem,
  subjectOf,
  visibleScopes,
  type Grant,
  type Role,
} from '../../src/domain/access.js';
import type { ScopeRef } from '../../src/domain/scope.js';

// A small tree: account A, cluster C, departments D1 (projects P1, P2) and D2 (project P3).
const A: ScopeRef = { type: 'ACCOUNT', id: 'a' };
const C: ScopeRef = { type: 'CLUSTER', id: 'c' };
const D1: ScopeRef = { type: 'DEPARTMENT', id: 'd1' };
const D2: ScopeRef = { type: 'DEPARTMENT', id: 'd2' };
const P1: ScopeRef = { type: 'PROJECT', id: 'p1' };
const P2: ScopeRef = { type: 'PROJECT', id: 'p2' };
const P3: ScopeRef = { type: 'PROJECT', id: 'p3' };
const paths: Record<string, ScopeRef[]> = {
  A: [A], C: [A, C], D1: [A, C, D1], D2: [A, C, D2], P1: [A, C, D1, P1], P2: [A, C, D1, P2], P3: [A, C, D2, P3],
};
const at = (name: string) => ({ path: paths[name] });
const grant = (role: Role, name: string): Grant => ({ role, scope: paths[name][paths[name].length - 1], path: paths[name] });

describe('access decisions', () => {
  it('a department rule sees its department, its projects and the scopes above, not a sibling', () => {
    const subject = subjectOf([grant('VIEWER', 'D1')]);
    const seen = Object.keys(paths).filter((name) => canView(subject, at(name)));
    expect(seen).toEqual(['A', 'C', 'D1', 'P1', 'P2']);
  });

  it('a project rule sees its project and the scopes above only', () => {
    const subject = subjectOf([grant('EDITOR', 'P1')]);
    expect(Object.keys(paths).filter((name) => canView(subject, at(name)))).toEqual(['A', 'C', 'D1', 'P1']);
  });

  it('writers change at their rule scope and below, never above (inherited is view only)', () => {
    const subject = subjectOf([grant('EDITOR', 'D1')]);
    for (const action of ['create', 'edit', 'delete'] as const) {
      expect(Object.keys(paths).filter((name) => canChange(subject, at(name), action))).toEqual(['D1', 'P1', 'P2']);
    }
  });

  it('viewing roles change nothing anywhere', () => {
    for (const role of ['RESEARCH_MANAGER', 'L1_RESEARCHER', 'L2_RESEARCHER', 'ML_ENGINEER', 'VIEWER'] as const) {
      const subject = subjectOf([grant(role, 'A')]);
      expect(Object.keys(paths).every((name) => canView(subject, at(name)))).toBe(true);
      expect(Object.keys(paths).some((name) => canChange(subject, at(name), 'create'))).toBe(false);
    }
  });

  it('a system administrator may do everything and manage the installation; nobody else may', () => {
    const admin = subjectOf([grant('SYSTEM_ADMINISTRATOR', 'A')]);
    expect(admin.systemAdministrator).toBe(true);
    expect(permissionsAt(admin, at('P3'))).toEqual({
      viewCredentials: true, createCredentials: true, editCredentials: true, deleteCredentials: true,
      manageOrgTree: true, manageClusters: true, manageUsers: true, manageAccessRules: true, manageTokens: true, readAuditLog: true,
    });
    const credentialsAdmin = subjectOf([grant('CREDENTIALS_ADMINISTRATOR', 'A')]);
    expect(credentialsAdmin.systemAdministrator).toBe(false);
    expect(permissionsAt(credentialsAdmin, at('P3'))).toMatchObject({ createCredentials: true, manageOrgTree: false, manageUsers: false, readAuditLog: false });
  });

  it('SYSTEM_ADMINISTRATOR is given at the account only', () => {
    expect(ruleProblem('SYSTEM_ADMINISTRATOR', 'ACCOUNT')).toBeNull();
    expect(ruleProblem('SYSTEM_ADMINISTRATOR', 'DEPARTMENT')).toMatch(/ACCOUNT/);
    for (const role of roles.filter((r) => r !== 'SYSTEM_ADMINISTRATOR')) expect(ruleProblem(role, 'PROJECT')).toBeNull();
  });

  it('no rules: nothing is visible', () => {
    const nobody = subjectOf([]);
    expect(Object.keys(paths).some((name) => canView(nobody, at(name)))).toBe(false);
    expect(visibleScopes(nobody)).toEqual({ everything: false, exact: [], clusters: [], departments: [] });
  });

  it('visible scopes: exact ancestors plus whole clusters and departments under the rules', () => {
    expect(visibleScopes(subjectOf([grant('VIEWER', 'A')]))).toEqual({ everything: true });
    const scopes = visibleScopes(subjectOf([grant('VIEWER', 'D1'), grant('EDITOR', 'P3')]));
    expect(scopes).toEqual({ everything: false, exact: [A, C, D1, D2, P3], clusters: [], departments: ['d1'] });
    expect(visibleScopes(subjectOf([grant('VIEWER', 'C')]))).toEqual({ everything: false, exact: [A, C], clusters: ['c'], departments: [] });
  });

  it('reads Bearer tokens and tells JWTs from API tokens', () => {
    expect(bearerTokenOf('Bearer cgt_abc')).toBe('cgt_abc');
    expect(bearerTokenOf('bearer   cgt_abc')).toBe('cgt_abc');
    expect(bearerTokenOf('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerTokenOf('Bearer ')).toBeNull();
    expect(bearerTokenOf('Bearer a b')).toBeNull();
    expect(bearerTokenOf(`Bearer ${'x'.repeat(5000)}`)).toBeNull();
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
    expect(looksLikeJwt('cgt_abcdef')).toBe(false);
  });
});
