export { createClient, CredgateClient, unwrap } from './client.js';
export type {
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
  MutationCall,
  MutationUnion,
  RequestOptions,
  SubscriptionArgs,
  StatusSubscriptionArgs,
  SuccessOf,
} from './client.js';
export {
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
