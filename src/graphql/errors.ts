import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  type AssetRef,
  type FieldError,
  CredentialInUseError,
  ForbiddenError,
  NameTakenError,
  NotFoundError,
  ScopeNotEmptyError,
  ValidationError,
} from '../domain/errors.js';
import { builder } from './builder.js';

const FieldErrorRef = builder.objectRef<FieldError>('FieldError').implement({
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Where the problem is, relative to the input object, e.g. ["entries", "0", "key"].' }),
    message: t.exposeString('message'),
  }),
});

export const AssetKindEnum = builder.enumType('AssetKind', { values: ['ENVIRONMENT', 'DATA_SOURCE'] as const });

const AssetRefRef = builder.objectRef<AssetRef>('AssetRef').implement({
  description: 'An asset (environment or data source) that uses a credential.',
  fields: (t) => ({
    kind: t.field({ type: AssetKindEnum, resolve: (a) => a.kind }),
    id: t.id({
      description: 'The global id of the environment or data source.',
      resolve: (a) => encodeGlobalID(a.kind === 'ENVIRONMENT' ? 'Environment' : 'DataSource', a.id),
    }),
    name: t.exposeString('name'),
  }),
});

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Every error a mutation can return implements this.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input is invalid; fieldErrors say where, with paths relative to the input object.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    fieldErrors: t.field({
      type: [FieldErrorRef],
      resolve: (error) => error.fieldErrors,
    }),
  }),
});

builder.objectType(NameTakenError, {
  name: 'NameTakenError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ name: t.exposeString('takenName', { description: 'The name that is taken.' }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    resourceId: t.string({
      description: 'The id that named nothing, as a global id.',
      resolve: (error) => globalIdOfMissing(error),
    }),
  }),
});

builder.objectType(ForbiddenError, { name: 'ForbiddenError', interfaces: [ErrorInterface] });

builder.objectType(CredentialInUseError, {
  name: 'CredentialInUseError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    usedBy: t.field({ type: [AssetRefRef], description: 'The users of the credential you may see.', resolve: (error) => error.usedBy }),
    hiddenCount: t.exposeInt('hiddenCount', { description: 'How many other assets use it, in scopes you cannot see.' }),
  }),
});

builder.objectType(ScopeNotEmptyError, {
  name: 'ScopeNotEmptyError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ contents: t.exposeStringList('contents') }),
});

const typenameOfKind: Partial<Record<NotFoundError['kind'], string>> = {
  CREDENTIAL: 'Credential',
  CLUSTER: 'Cluster',
  DEPARTMENT: 'Department',
  PROJECT: 'Project',
  ENVIRONMENT: 'Environment',
  DATA_SOURCE: 'DataSource',
  USER: 'User',
  ACCESS_RULE: 'AccessRule',
  ACCESS_TOKEN: 'AccessToken',
};

function globalIdOfMissing(error: NotFoundError): string {
  const typename = typenameOfKind[error.kind];
  return error.asGiven || !typename ? error.id : encodeGlobalID(typename, error.id);
}

/** The errors every mutation may return, plus those of its own. */
export const commonErrors = [ValidationError, NotFoundError, ForbiddenError];

/** Errors-plugin options giving a mutation the API.md shape: `<Name>Result = <Name>Success { <field> } | errors`. */
export function mutationResult(
  mutationName: string,
  dataField: string,
  extra: (new (...args: never[]) => Error)[] = [],
) {
  const base = mutationName.charAt(0).toUpperCase() + mutationName.slice(1);
  return {
    types: [...commonErrors, ...extra] as (new (...args: never[]) => Error)[],
    union: { name: `${base}Result` },
    result: { name: `${base}Success` },
    dataField: { name: dataField },
  };
}
