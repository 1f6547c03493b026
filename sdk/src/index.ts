export { createClient, CredgateClient, unwrap } from './client.js';
export type {
  AccessRule,
  AccessRulesArgs,
  AccessToken,
  AllCredentialsArgs,
  ClientOptions,
  Connection,
  Credential,
  CredentialChangeEvent,
  CredentialDetail,
  CredentialsArgs,
  CredentialStatusChangeEvent,
  CredentialStatusHistoryEntry,
  DataSource,
  DataSourcesArgs,
  Environment,
  EnvironmentsArgs,
  ExistingSecret,
  FailureOf,
  Me,
  MutationCall,
  MutationUnion,
  Permissions,
  RequestOptions,
  SubscriptionArgs,
  StatusSubscriptionArgs,
  SuccessOf,
  User,
} from './client.js';
export {
  CredgateAuthenticationError,
  CredgateCredentialInUseError,
  CredgateError,
  CredgateForbiddenError,
  CredgateGraphQLError,
  CredgateHttpError,
  CredgateMutationError,
  CredgateNameTakenError,
  CredgateNetworkError,
  CredgateNotFoundError,
  CredgateScopeNotEmptyError,
  CredgateValidationError,
} from './errors.js';
export type { AssetRef, FieldError, GraphQLErrorEntry, MutationErrorResult } from './errors.js';
export type { CredentialsCsv, CredentialsCsvArgs } from './csv.js';
export type { RetryOptions, FetchLike } from './transport.js';
export type { SubscriptionOptions } from './subscriptions.js';
export type * from './generated/graphql.js';
