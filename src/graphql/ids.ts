import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { ScopeRef, ScopeType } from '../domain/scope.js';
import type { GraphQLContext } from './context.js';

const kindOfTypename: Record<string, NotFoundError['kind']> = {
  Credential: 'CREDENTIAL',
  Cluster: 'CLUSTER',
  Department: 'DEPARTMENT',
  Project: 'PROJECT',
  Environment: 'ENVIRONMENT',
  DataSource: 'DATA_SOURCE',
  User: 'USER',
  AccessRule: 'ACCESS_RULE',
  AccessToken: 'ACCESS_TOKEN',
};

/** The internal id behind a global id of the expected type; any other id is not found. */
export function internalId(globalId: string, typename: keyof typeof kindOfTypename): string {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename && decoded.id) return decoded.id;
  } catch {
    // fall through: a malformed id names nothing
  }
  throw new NotFoundError(kindOfTypename[typename], globalId, true);
}

export function optionalInternalId(globalId: string | null | undefined, typename: keyof typeof kindOfTypename): string | null {
  return globalId ? internalId(globalId, typename) : null;
}

export const typenameOfScope: Record<Exclude<ScopeType, 'ACCOUNT'>, 'Cluster' | 'Department' | 'Project'> = {
  CLUSTER: 'Cluster',
  DEPARTMENT: 'Department',
  PROJECT: 'Project',
};

export function scopeGlobalId(scope: ScopeRef): string {
  return encodeGlobalID(scope.type === 'ACCOUNT' ? 'Account' : typenameOfScope[scope.type], scope.id);
}

/** Turns a GraphQL ScopeInput into a scope reference (the id is omitted for the account). */
export function scopeRefOf(input: { type: ScopeType; id?: string | null }, context: GraphQLContext, path = ['scope']): ScopeRef {
  if (input.type === 'ACCOUNT') return { type: 'ACCOUNT', id: context.services.orgTree.account().id };
  if (!input.id) throw ValidationError.of([...path, 'id'], `is required for a ${input.type} scope`);
  return { type: input.type, id: internalId(input.id, typenameOfScope[input.type]) };
}
