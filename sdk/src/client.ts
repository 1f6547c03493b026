import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { mutationError, type MutationErrorResult } from './errors.js';
import {
  AccessRulesDocument,
  AccessTokensDocument,
  AccountDocument,
  ClustersDocument,
  CreateAccessRuleDocument,
  CreateAccessTokenDocument,
  CreateUserDocument,
  DeleteAccessRuleDocument,
  DisableUserDocument,
  MyPermissionsDocument,
  RevokeAccessTokenDocument,
  UsersDocument,
  CreateAccessKeyCredentialDocument,
  CreateDepartmentDocument,
  CreateDockerRegistryCredentialDocument,
  CreateEnvironmentDocument,
  CreateGenericSecretCredentialDocument,
  CreateGitDataSourceDocument,
  CreatePasswordCredentialDocument,
  CreateProjectDocument,
  CreateS3DataSourceDocument,
  CreateSecretVolumeDataSourceDocument,
  CredentialChangedDocument,
  CredentialDocument,
  CredentialStatusChangedDocument,
  CredentialStatusHistoryDocument,
  ExistingSecretsDocument,
  CredentialsDocument,
  DataSourcesDocument,
  DeleteCredentialDocument,
  DeleteDataSourceDocument,
  DeleteDepartmentDocument,
  DeleteEnvironmentDocument,
  DeleteProjectDocument,
  DepartmentsDocument,
  EnvironmentsDocument,
  MeDocument,
  OrgTreeDocument,
  ProjectsDocument,
  RotateCredentialDocument,
  ScopeDocument,
  UpdateCredentialDocument,
  WorkloadSpecDocument,
  type CredentialChangedSubscription,
  type CredentialQuery,
  type CredentialStatusChangedSubscription,
  type CredentialStatusEventFieldsFragment,
  type CredentialType,
  type CredentialWhere,
  type ExistingSecretsQuery,
  type CredentialFieldsFragment,
  type CredentialsQueryVariables,
  type DataSourceFieldsFragment,
  type DataSourcesQueryVariables,
  type EnvironmentFieldsFragment,
  type EnvironmentsQueryVariables,
  type ScopeInput,
  type CreateAccessKeyCredentialInput,
  type CreateDepartmentInput,
  type CreateDockerRegistryCredentialInput,
  type CreateEnvironmentInput,
  type CreateGenericSecretCredentialInput,
  type CreateGitDataSourceInput,
  type CreatePasswordCredentialInput,
  type CreateProjectInput,
  type CreateS3DataSourceInput,
  type CreateSecretVolumeDataSourceInput,
  type RotateCredentialInput,
  type UpdateCredentialInput,
  type WorkloadSpecInput,
  type AccessRuleFieldsFragment,
  type AccessRulesQueryVariables,
  type AccessTokenFieldsFragment,
  type CreateAccessRuleInput,
  type CreateAccessTokenInput,
  type CreateUserInput,
  type MeQuery,
  type PermissionsFieldsFragment,
  type UserFieldsFragment,
} from './generated/graphql.js';
import { downloadCredentialsCsv, type CredentialsCsv, type CredentialsCsvArgs } from './csv.js';
import { iterateSubscription, type EventIdentity, type SseTransportOptions, type SubscriptionOptions } from './subscriptions.js';
import { backoffDelay, DEFAULT_RETRY, executeGraphQL, type FetchLike, type RetryOptions, type TransportOptions } from './transport.js';

export interface ClientOptions {
  /** The gateway's base URL (`http://localhost:4000`) or its GraphQL endpoint (`…/graphql`). */
  url: string;
  /** A bearer token; or give `getToken`. */
  token?: string;
  /** Called before every request and every (re)connection, e.g. to refresh a short-lived token. */
  getToken?: () => string | Promise<string>;
  /** A fetch implementation; the global fetch by default. */
  fetch?: FetchLike;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Retries of idempotent queries; `false` turns them off. Mutations are never retried. */
  retry?: RetryOptions | false;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/** A mutation's result union; `__typename` says which member it is. */
export type MutationUnion = { __typename: string };
/** The success member of a mutation result union. */
export type SuccessOf<R extends MutationUnion> = Extract<R, { __typename: `${string}Success` }>;
/** The error members of a mutation result union. */
export type FailureOf<R extends MutationUnion> = Exclude<R, { __typename: `${string}Success` }>;

/**
 * A pending mutation: await it for the result union, or call `.orThrow()` to get the success member
 * and have every error member thrown as a CredgateMutationError subclass.
 */
export type MutationCall<R extends MutationUnion> = Promise<R> & {
  orThrow(): Promise<SuccessOf<R>>;
};

export type Credential = CredentialFieldsFragment;
export type User = UserFieldsFragment;
export type AccessRule = AccessRuleFieldsFragment;
/** An API token as listed: never its text, which only `createAccessToken` returns, once. */
export type AccessToken = AccessTokenFieldsFragment;
export type Permissions = PermissionsFieldsFragment;
/** The caller, with their rules (their OIDC groups' included). */
export type Me = MeQuery['me'];
export type AccessRulesArgs = { [K in keyof AccessRulesQueryVariables]?: AccessRulesQueryVariables[K] };
export type Environment = EnvironmentFieldsFragment;
export type DataSource = DataSourceFieldsFragment;

export interface Connection<TNode> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ cursor: string; node: TNode }>;
}

export type CredentialsArgs = { [K in keyof CredentialsQueryVariables]?: CredentialsQueryVariables[K] };
export type AllCredentialsArgs = Omit<CredentialsArgs, 'first' | 'after' | 'last' | 'before'> & {
  /** Credentials fetched per request. Default 100. */
  pageSize?: number;
};
export type EnvironmentsArgs = { [K in keyof EnvironmentsQueryVariables]?: EnvironmentsQueryVariables[K] };
export type DataSourcesArgs = { [K in keyof DataSourcesQueryVariables]?: DataSourcesQueryVariables[K] };

export type CredentialChangeEvent = CredentialChangedSubscription['credentialChanged'];
export type CredentialStatusChangeEvent = CredentialStatusChangedSubscription['credentialStatusChanged'];
/** A credential with its status' per-target detail. */
export type CredentialDetail = NonNullable<CredentialQuery['credential']>;
export type CredentialStatusHistoryEntry = CredentialStatusEventFieldsFragment;
export type ExistingSecret = ExistingSecretsQuery['existingSecrets'][number];

export interface SubscriptionArgs extends SubscriptionOptions {
  /** The same filter as the `credentials` query. */
  where?: CredentialWhere | null;
}

export interface StatusSubscriptionArgs extends SubscriptionArgs {
  /**
   * The `cursor` of the last event you handled (kept, say, across restarts of your service): the
   * stream starts with every event written since, then goes on live.
   */
  after?: string | null;
}

type Document<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };

type Variables<T> = T extends { [key: string]: never } ? Record<string, never> | undefined : T;

/** `__typename` of a mutation result that is not `…Success`. */
function isSuccess<R extends MutationUnion>(result: R): result is SuccessOf<R> {
  return result.__typename.endsWith('Success');
}

/** The success member of a mutation result, or a thrown CredgateMutationError subclass for an error member. */
export function unwrap<R extends MutationUnion>(result: R): SuccessOf<R> {
  if (isSuccess(result)) return result;
  throw mutationError(result as unknown as MutationErrorResult);
}

function operationNameOf(query: string): string {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1] ?? 'anonymous';
}

function gatewayUrls(url: string): { base: string; graphql: string } {
  const trimmed = url.replace(/\/+$/, '');
  const base = trimmed.endsWith('/graphql') ? trimmed.slice(0, -'/graphql'.length) : trimmed;
  return { base, graphql: `${base}/graphql` };
}

export class CredgateClient {
  /** The gateway's base URL. */
  readonly baseUrl: string;
  /** Its GraphQL endpoint (also the SSE endpoint). */
  readonly endpoint: string;
  private readonly transport: TransportOptions;
  private readonly options: ClientOptions;
  private readonly subscriptions = new Set<AbortController>();

  constructor(options: ClientOptions) {
    if (!options.url) throw new TypeError('createClient: `url` is required');
    if (options.token === undefined && options.getToken === undefined) {
      throw new TypeError('createClient: give `token` or `getToken`');
    }
    this.options = options;
    const urls = gatewayUrls(options.url);
    this.baseUrl = urls.base;
    this.endpoint = urls.graphql;
    const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.transport = {
      endpoint: this.endpoint,
      fetch: fetchFn,
      headers: () => this.authHeaders(),
      retry: options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...options.retry },
    };
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const token = this.options.getToken ? await this.options.getToken() : this.options.token;
    return { ...this.options.headers, authorization: `Bearer ${token}` };
  }

  /** Runs any generated query document; retried like every query. */
  query<TResult, TVariables>(document: Document<TResult, TVariables>, variables?: Variables<TVariables>, options: RequestOptions = {}): Promise<TResult> {
    const query = document.toString();
    return executeGraphQL<TResult>(this.transport, { query, variables, operationName: operationNameOf(query), idempotent: true, signal: options.signal });
  }

  /** Runs any generated mutation document; sent exactly once. */
  mutate<TResult, TVariables>(document: Document<TResult, TVariables>, variables?: Variables<TVariables>, options: RequestOptions = {}): Promise<TResult> {
    const query = document.toString();
    return executeGraphQL<TResult>(this.transport, { query, variables, operationName: operationNameOf(query), idempotent: false, signal: options.signal });
  }

  private mutation<TResult, TVariables, K extends keyof TResult>(
    document: Document<TResult, TVariables>,
    field: K,
    variables: Variables<TVariables>,
    options?: RequestOptions,
  ): MutationCall<TResult[K] & MutationUnion> {
    const promise = this.mutate(document, variables, options).then((data) => data[field] as TResult[K] & MutationUnion);
    return Object.assign(promise, { orThrow: () => promise.then(unwrap) });
  }

  /** The success member of a mutation result, or a thrown CredgateMutationError subclass. */
  unwrap<R extends MutationUnion>(result: R): SuccessOf<R> {
    return unwrap(result);
  }

  // Credentials

  /** One page of credentials with `totalCount`. */
  async credentials(args: CredentialsArgs = {}, options?: RequestOptions): Promise<Connection<Credential>> {
    return (await this.query(CredentialsDocument, args, options)).credentials;
  }

  /** Every credential matching `args`, page by page, as an async iterable. */
  async *allCredentials(args: AllCredentialsArgs = {}, options?: RequestOptions): AsyncGenerator<Credential, void, undefined> {
    const { pageSize = 100, ...filters } = args;
    let after: string | null = null;
    while (true) {
      const page: Connection<Credential> = await this.credentials({ ...filters, first: pageSize, after }, options);
      for (const edge of page.edges) yield edge.node;
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
      after = page.pageInfo.endCursor;
    }
  }

  /**
   * The credentials table as CSV, with the same where/search/orderBy as `credentials` and a choice of
   * columns. The body is a stream; `totalCount` and `truncated` come from the response headers.
   */
  downloadCredentialsCsv(args: CredentialsCsvArgs = {}): Promise<CredentialsCsv> {
    return downloadCredentialsCsv(this.transport, this.baseUrl, args);
  }

  /**
   * The credential with this id, its status with every propagation target; null when it does not
   * exist or is not visible to the caller.
   */
  async credential(id: string, options?: RequestOptions): Promise<CredentialDetail | null> {
    return (await this.query(CredentialDocument, { id }, options)).credential;
  }

  /** Its phase transitions, newest first; null when the credential does not exist. */
  async credentialStatusHistory(id: string, args: { first?: number } = {}, options?: RequestOptions): Promise<CredentialStatusHistoryEntry[] | null> {
    return (await this.query(CredentialStatusHistoryDocument, { id, first: args.first }, options)).credential?.statusHistory ?? null;
  }

  /** Secrets created in advance in the cluster for exactly this scope, offered as `existingSecretName`. */
  async existingSecrets(scope: ScopeInput, type?: CredentialType | null, options?: RequestOptions): Promise<ExistingSecret[]> {
    return (await this.query(ExistingSecretsDocument, { scope, type }, options)).existingSecrets;
  }

  createAccessKeyCredential(input: CreateAccessKeyCredentialInput, options?: RequestOptions) {
    return this.mutation(CreateAccessKeyCredentialDocument, 'createAccessKeyCredential', { input }, options);
  }

  createPasswordCredential(input: CreatePasswordCredentialInput, options?: RequestOptions) {
    return this.mutation(CreatePasswordCredentialDocument, 'createPasswordCredential', { input }, options);
  }

  createDockerRegistryCredential(input: CreateDockerRegistryCredentialInput, options?: RequestOptions) {
    return this.mutation(CreateDockerRegistryCredentialDocument, 'createDockerRegistryCredential', { input }, options);
  }

  createGenericSecretCredential(input: CreateGenericSecretCredentialInput, options?: RequestOptions) {
    return this.mutation(CreateGenericSecretCredentialDocument, 'createGenericSecretCredential', { input }, options);
  }

  /** Renames a credential and/or changes its description (omitted fields stay). */
  updateCredential(input: UpdateCredentialInput, options?: RequestOptions) {
    return this.mutation(UpdateCredentialDocument, 'updateCredential', { input }, options);
  }

  /** `updateCredential` with a new name. */
  renameCredential(id: string, name: string, options?: RequestOptions) {
    return this.updateCredential({ id, name }, options);
  }

  /** New values for a managed credential (all fields of its type). */
  rotateCredential(input: RotateCredentialInput, options?: RequestOptions) {
    return this.mutation(RotateCredentialDocument, 'rotateCredential', { input }, options);
  }

  /** Refused with CredentialInUseError while an environment or data source uses it. */
  deleteCredential(id: string, options?: RequestOptions) {
    return this.mutation(DeleteCredentialDocument, 'deleteCredential', { input: { id } }, options);
  }

  // Organisation tree

  async account(options?: RequestOptions) {
    return (await this.query(AccountDocument, {}, options)).account;
  }

  /** The account and every cluster with its departments and their projects. */
  async orgTree(options?: RequestOptions) {
    return this.query(OrgTreeDocument, {}, options);
  }

  async clusters(options?: RequestOptions) {
    return (await this.query(ClustersDocument, {}, options)).clusters;
  }

  async departments(args: { clusterId?: string | null } = {}, options?: RequestOptions) {
    return (await this.query(DepartmentsDocument, args, options)).departments;
  }

  async projects(args: { clusterId?: string | null; departmentId?: string | null } = {}, options?: RequestOptions) {
    return (await this.query(ProjectsDocument, args, options)).projects;
  }

  /** A scope with its path from the account down; null when it does not exist. */
  async scope(scope: ScopeInput, options?: RequestOptions) {
    return (await this.query(ScopeDocument, { scope }, options)).scope;
  }

  createDepartment(input: CreateDepartmentInput, options?: RequestOptions) {
    return this.mutation(CreateDepartmentDocument, 'createDepartment', { input }, options);
  }

  createProject(input: CreateProjectInput, options?: RequestOptions) {
    return this.mutation(CreateProjectDocument, 'createProject', { input }, options);
  }

  deleteDepartment(id: string, options?: RequestOptions) {
    return this.mutation(DeleteDepartmentDocument, 'deleteDepartment', { input: { id } }, options);
  }

  deleteProject(id: string, options?: RequestOptions) {
    return this.mutation(DeleteProjectDocument, 'deleteProject', { input: { id } }, options);
  }

  // Environments, data sources, workloads

  async environments(args: EnvironmentsArgs = {}, options?: RequestOptions): Promise<Connection<Environment>> {
    return (await this.query(EnvironmentsDocument, args, options)).environments;
  }

  async dataSources(args: DataSourcesArgs = {}, options?: RequestOptions): Promise<Connection<DataSource>> {
    return (await this.query(DataSourcesDocument, args, options)).dataSources;
  }

  createEnvironment(input: CreateEnvironmentInput, options?: RequestOptions) {
    return this.mutation(CreateEnvironmentDocument, 'createEnvironment', { input }, options);
  }

  deleteEnvironment(id: string, options?: RequestOptions) {
    return this.mutation(DeleteEnvironmentDocument, 'deleteEnvironment', { input: { id } }, options);
  }

  createGitDataSource(input: CreateGitDataSourceInput, options?: RequestOptions) {
    return this.mutation(CreateGitDataSourceDocument, 'createGitDataSource', { input }, options);
  }

  createS3DataSource(input: CreateS3DataSourceInput, options?: RequestOptions) {
    return this.mutation(CreateS3DataSourceDocument, 'createS3DataSource', { input }, options);
  }

  createSecretVolumeDataSource(input: CreateSecretVolumeDataSourceInput, options?: RequestOptions) {
    return this.mutation(CreateSecretVolumeDataSourceDocument, 'createSecretVolumeDataSource', { input }, options);
  }

  deleteDataSource(id: string, options?: RequestOptions) {
    return this.mutation(DeleteDataSourceDocument, 'deleteDataSource', { input: { id } }, options);
  }

  /** The Kubernetes fragments (env, volumes, imagePullSecrets) a workload in a project needs. */
  async workloadSpec(input: WorkloadSpecInput, options?: RequestOptions) {
    return (await this.query(WorkloadSpecDocument, { input }, options)).workloadSpec;
  }

  // Access: the caller, users, access rules, API tokens

  /** The caller: who they are, whether they are a system administrator, and their rules. */
  async me(options?: RequestOptions): Promise<Me> {
    return (await this.query(MeDocument, {}, options)).me;
  }

  /** What the caller may do at a scope (to show or hide buttons); a scope they cannot see allows nothing. */
  async permissions(scope: ScopeInput, options?: RequestOptions): Promise<Permissions> {
    return (await this.query(MyPermissionsDocument, { scope }, options)).me.permissions;
  }

  /** Every user (system administrators only; others get a CredgateGraphQLError with code FORBIDDEN). */
  async users(options?: RequestOptions): Promise<User[]> {
    return (await this.query(UsersDocument, {}, options)).users;
  }

  /** A LOCAL user (authenticates with API tokens), or an OIDC user to give rules before their first sign-in. */
  createUser(input: CreateUserInput, options?: RequestOptions) {
    return this.mutation(CreateUserDocument, 'createUser', { input }, options);
  }

  /** Refuses the user's tokens and JWTs at once, also on their open subscriptions. */
  disableUser(id: string, options?: RequestOptions) {
    return this.mutation(DisableUserDocument, 'disableUser', { input: { id } }, options);
  }

  /** Access rules, filtered by user, OIDC group or scope (system administrators only). */
  async accessRules(args: AccessRulesArgs = {}, options?: RequestOptions): Promise<AccessRule[]> {
    return (await this.query(AccessRulesDocument, args, options)).accessRules;
  }

  /** Gives a user (`userId`) or an OIDC group (`group`) a role at a scope. */
  createAccessRule(input: CreateAccessRuleInput, options?: RequestOptions) {
    return this.mutation(CreateAccessRuleDocument, 'createAccessRule', { input }, options);
  }

  deleteAccessRule(id: string, options?: RequestOptions) {
    return this.mutation(DeleteAccessRuleDocument, 'deleteAccessRule', { input: { id } }, options);
  }

  /** The caller's own API tokens, or (system administrators) another user's. */
  async accessTokens(args: { userId?: string | null } = {}, options?: RequestOptions): Promise<AccessToken[]> {
    return (await this.query(AccessTokensDocument, args, options)).accessTokens;
  }

  /** A token for a user (system administrators only). Its text is in the success member's `token`, this once. */
  createAccessToken(input: CreateAccessTokenInput, options?: RequestOptions) {
    return this.mutation(CreateAccessTokenDocument, 'createAccessToken', { input }, options);
  }

  /** Revokes a token: your own, or (system administrators) anyone's. Requests with it are refused from now on. */
  revokeAccessToken(id: string, options?: RequestOptions) {
    return this.mutation(RevokeAccessTokenDocument, 'revokeAccessToken', { input: { id } }, options);
  }

  // Subscriptions

  private sseTransport(): SseTransportOptions {
    return {
      endpoint: this.endpoint,
      fetch: this.transport.fetch,
      headers: () => this.authHeaders(),
      retryAttempts: Math.max(this.transport.retry.retries, 5),
      retryDelayMs: (retries) => backoffDelay(retries, this.transport.retry),
    };
  }

  /**
   * Created, updated and deleted credentials matching `where`, as they happen (DELETED events reach
   * every subscriber). Nothing is lost across reconnections: the client resubscribes from the last
   * event's `cursor` and the gateway replays the changes written meanwhile; none is delivered twice.
   */
  credentialChanged(args: StatusSubscriptionArgs = {}): AsyncGenerator<CredentialChangeEvent, void, undefined> {
    const { where, after, ...options } = args;
    // graphql-sse sends the request again on every reconnection: moving `after` along makes it resume.
    const variables: { where?: CredentialWhere | null; after?: string | null } = { where, after };
    return this.subscribe(
      CredentialChangedDocument,
      variables,
      (data) => {
        variables.after = data.credentialChanged.cursor;
        return data.credentialChanged;
      },
      { entity: (e) => e.credentialId, order: (e) => Date.parse(e.at), key: (e) => `${e.change} ${e.cursor}` },
      options,
    );
  }

  /**
   * Every status phase transition of the credentials matching `where`, in order per credential.
   * Nothing is lost across reconnections: the client resubscribes from the last event's `cursor`
   * and the gateway replays what was written meanwhile; no event is delivered twice.
   */
  credentialStatusChanged(args: StatusSubscriptionArgs = {}): AsyncGenerator<CredentialStatusChangeEvent, void, undefined> {
    const { where, after, ...options } = args;
    // graphql-sse sends the request again on every reconnection: moving `after` along makes it resume.
    const variables: { where?: CredentialWhere | null; after?: string | null } = { where, after };
    return this.subscribe(
      CredentialStatusChangedDocument,
      variables,
      (data) => {
        variables.after = data.credentialStatusChanged.cursor;
        return data.credentialStatusChanged;
      },
      { entity: (e) => e.credential.id, order: (e) => e.sequence, key: () => '' },
      options,
    );
  }

  private subscribe<TData, TVariables, TEvent>(
    document: Document<TData, TVariables>,
    variables: TVariables & Record<string, unknown>,
    pick: (data: TData) => TEvent,
    identity: EventIdentity<TEvent>,
    options: SubscriptionOptions,
  ): AsyncGenerator<TEvent, void, undefined> {
    const query = document.toString();
    const controller = new AbortController();
    this.subscriptions.add(controller);
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const events = iterateSubscription<TData, TEvent>(this.sseTransport(), { query, variables, operationName: operationNameOf(query) }, pick, identity, { ...options, signal });
    const subscriptions = this.subscriptions;
    return (async function* () {
      try {
        yield* events;
      } finally {
        subscriptions.delete(controller);
      }
    })();
  }

  /** Ends every open subscription (their loops finish) and closes their streams. */
  dispose(): void {
    for (const subscription of this.subscriptions) subscription.abort();
    this.subscriptions.clear();
  }

}

/** A typed client for a credgate gateway. */
export function createClient(options: ClientOptions): CredgateClient {
  return new CredgateClient(options);
}
