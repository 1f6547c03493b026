import type { CredgateClient, Role, ScopeInput, ScopeType } from '@credgate/sdk';

/**
 * What the page offers the caller, asked of the gateway (`me.permissions(scope)`), never worked
 * out here: the gateway decides every request anyway; this only hides what it would refuse.
 */

/** A GraphQL document the SDK's `query` runs (its generated documents are the same shape). */
type Document<TResult, TVariables> = { toString(): string; __apiType?: (variables: TVariables) => TResult };
const document = <TResult, TVariables>(text: string) => ({ toString: () => text }) as Document<TResult, TVariables>;

export interface ScopePermissions {
  createCredentials: boolean;
  editCredentials: boolean;
  deleteCredentials: boolean;
}

export interface Caller {
  userName: string;
  /** How the header describes the caller: their role(s). */
  roles: string;
  systemAdministrator: boolean;
  /** Whether some scope lets them create credentials (the NEW button). */
  mayCreate: boolean;
}

interface MeResult {
  me: { name: string; systemAdministrator: boolean; rules: Array<{ role: Role; scope: { type: ScopeType; id: string } }> };
}

const ME = document<MeResult, Record<string, never>>(`query PageCaller { me { name systemAdministrator rules { role scope { type id } } } }`);

/** At most this many scopes in one permissions question (one alias each). */
const MAX_SCOPES_PER_QUERY = 100;

/** The caller's permissions at each scope, in order, in one request per hundred scopes. */
export async function permissionsAt(client: CredgateClient, scopes: readonly ScopeInput[]): Promise<ScopePermissions[]> {
  const answers: ScopePermissions[] = [];
  for (let start = 0; start < scopes.length; start += MAX_SCOPES_PER_QUERY) {
    const chunk = scopes.slice(start, start + MAX_SCOPES_PER_QUERY);
    const text = `query ScopePermissions(${chunk.map((_, i) => `$s${i}: ScopeInput!`).join(', ')}) { me { ${chunk
      .map((_, i) => `p${i}: permissions(scope: $s${i}) { createCredentials editCredentials deleteCredentials }`)
      .join(' ')} } }`;
    const variables = Object.fromEntries(chunk.map((scope, i) => [`s${i}`, { type: scope.type, id: scope.id }]));
    const { me } = await client.query(document<{ me: Record<string, ScopePermissions> }, Record<string, ScopeInput>>(text), variables);
    answers.push(...chunk.map((_, i) => me[`p${i}`]));
  }
  return answers;
}

const roleName = (role: string) => role.replaceAll('_', ' ').toLowerCase();

export async function loadCaller(client: CredgateClient): Promise<Caller> {
  const { me } = await client.query(ME, {});
  const ruleScopes = me.rules.map((rule) => rule.scope);
  const mayCreate = me.systemAdministrator || (ruleScopes.length > 0 && (await permissionsAt(client, ruleScopes)).some((p) => p.createCredentials));
  const roles = me.systemAdministrator ? 'system administrator' : [...new Set(me.rules.map((rule) => roleName(rule.role)))].join(', ') || 'no access';
  return { userName: me.name, roles, systemAdministrator: me.systemAdministrator, mayCreate };
}
