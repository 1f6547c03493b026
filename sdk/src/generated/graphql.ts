/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AccessByIdInput = {
  id: string;
};

export type AccessRuleSubjectType =
  | 'GROUP'
  | 'USER';

export type AssetKind =
  | 'DATA_SOURCE'
  | 'ENVIRONMENT';

export type ClusterConnection =
  | 'CONNECTED'
  | 'UNKNOWN'
  | 'UNREACHABLE';

export type CreateAccessKeyCredentialInput = {
  accessKeyId?: string | null | undefined;
  /** At most 1,000 characters. */
  description?: string | null | undefined;
  /** Build the credential on a Secret created in advance (see existingSecrets) instead of giving values. */
  existingSecretName?: string | null | undefined;
  /** Unique (ignoring case) among the credentials of the scope; at most 255 characters. */
  name: string;
  scope: ScopeInput;
  secretAccessKey?: string | null | undefined;
};

/** Give a role at a scope to a user (userId) or to an OIDC group (group): exactly one of them. */
export type CreateAccessRuleInput = {
  group?: string | null | undefined;
  role: Role;
  scope: ScopeInput;
  userId?: string | null | undefined;
};

export type CreateAccessTokenInput = {
  /** No expiry when omitted. */
  expiresAt?: string | null | undefined;
  /** What the token is for, e.g. "ci pipeline". */
  name: string;
  userId: string;
};

export type CreateDepartmentInput = {
  clusterId: string;
  name: string;
};

export type CreateDockerRegistryCredentialInput = {
  /** At most 1,000 characters. */
  description?: string | null | undefined;
  /** Build the credential on a Secret created in advance (see existingSecrets) instead of giving values. */
  existingSecretName?: string | null | undefined;
  /** Unique (ignoring case) among the credentials of the scope; at most 255 characters. */
  name: string;
  password?: string | null | undefined;
  scope: ScopeInput;
  /** The registry, e.g. https://registry.example.com or ghcr.io. */
  url?: string | null | undefined;
  username?: string | null | undefined;
};

export type CreateEnvironmentInput = {
  description?: string | null | undefined;
  image: string;
  /** A DOCKER_REGISTRY credential visible from the scope. */
  imagePullCredentialId?: string | null | undefined;
  name: string;
  scope: ScopeInput;
  variables?: Array<EnvironmentVariableInput> | null | undefined;
};

export type CreateGenericSecretCredentialInput = {
  /** At most 1,000 characters. */
  description?: string | null | undefined;
  entries?: Array<SecretEntryInput> | null | undefined;
  /** Build the credential on a Secret created in advance (see existingSecrets) instead of giving values. */
  existingSecretName?: string | null | undefined;
  /** Unique (ignoring case) among the credentials of the scope; at most 255 characters. */
  name: string;
  scope: ScopeInput;
};

export type CreateGitDataSourceInput = {
  branch?: string | null | undefined;
  /** A PASSWORD credential, or a GENERIC_SECRET holding the key "ssh". */
  credentialId?: string | null | undefined;
  description?: string | null | undefined;
  name: string;
  path?: string | null | undefined;
  repository: string;
  scope: ScopeInput;
};

export type CreatePasswordCredentialInput = {
  /** At most 1,000 characters. */
  description?: string | null | undefined;
  /** Build the credential on a Secret created in advance (see existingSecrets) instead of giving values. */
  existingSecretName?: string | null | undefined;
  /** Unique (ignoring case) among the credentials of the scope; at most 255 characters. */
  name: string;
  password?: string | null | undefined;
  scope: ScopeInput;
  username?: string | null | undefined;
};

export type CreateProjectInput = {
  departmentId: string;
  name: string;
  /** Defaults to runai-<name>. */
  namespace?: string | null | undefined;
};

export type CreateS3DataSourceInput = {
  bucket: string;
  /** An ACCESS_KEY credential. */
  credentialId?: string | null | undefined;
  description?: string | null | undefined;
  name: string;
  path?: string | null | undefined;
  scope: ScopeInput;
  url?: string | null | undefined;
};

export type CreateSecretVolumeDataSourceInput = {
  credentialId: string;
  /** Permission bits of the files, octal as in Kubernetes and Run:ai: "0400" for SSH keys; at most "0777"; default "0644". */
  defaultMode?: string | null | undefined;
  description?: string | null | undefined;
  /** Project only these keys, to these relative paths (at most 256). Default: every key, as a file named after it. */
  items?: Array<SecretVolumeItemInput> | null | undefined;
  mountPath: string;
  name: string;
  scope: ScopeInput;
};

export type CreateUserInput = {
  /** LOCAL (default) or OIDC, to give an OIDC user rules before they first sign in. */
  kind?: UserKind | null | undefined;
  /** For an OIDC user, the value of the user claim. */
  name: string;
};

export type CredentialChange =
  | 'CREATED'
  | 'DELETED'
  | 'UPDATED';

/** A column of the credentials table. Text sorts case-insensitively; TYPE by the enum name; STATUS by the status text as shown; ENVIRONMENTS and DATA_SOURCES by the names joined in alphabetical order (unused first ascending); CLUSTER and DESCRIPTION treat none as empty text; UPDATED_AT ("Last updated") and UPDATED_BY show the creation time and creator of a credential never changed. */
export type CredentialColumn =
  | 'CLUSTER'
  | 'CREATED_AT'
  | 'CREATED_BY'
  | 'DATA_SOURCES'
  | 'DESCRIPTION'
  | 'ENVIRONMENTS'
  | 'KUBERNETES_NAME'
  | 'NAME'
  | 'SCOPE'
  | 'STATUS'
  | 'TYPE'
  | 'UPDATED_AT'
  | 'UPDATED_BY';

export type CredentialOrder = {
  column: CredentialColumn;
  direction: OrderDirection;
};

export type CredentialOrigin =
  /** Points at a Secret created in advance in the cluster. */
  | 'EXISTING_SECRET'
  /** The values were given to the gateway, which writes the Secrets. */
  | 'MANAGED';

export type CredentialPhase =
  | 'CREATING'
  | 'DELETING'
  | 'DELETION_FAILED'
  | 'ISSUES_FOUND'
  | 'NO_STATUS'
  | 'READY'
  | 'UPDATING';

export type CredentialType =
  | 'ACCESS_KEY'
  | 'DOCKER_REGISTRY'
  | 'GENERIC_SECRET'
  | 'PASSWORD';

export type CredentialVariableInput = {
  credentialId: string;
  key: string;
  name: string;
};

/** Filters every column of the credentials table. All given conditions must hold; enum lists match any of their values (an empty list matches nothing). */
export type CredentialWhere = {
  and?: Array<CredentialWhere> | null | undefined;
  /** An account-scoped credential has no cluster: the empty text. */
  clusterName?: StringFilter | null | undefined;
  createdAt?: DateTimeRange | null | undefined;
  createdBy?: StringFilter | null | undefined;
  /** The names of the data sources using the credential. */
  dataSource?: StringFilter | null | undefined;
  /** A credential without a description has the empty text. */
  description?: StringFilter | null | undefined;
  /** The names of the environments using the credential. */
  environment?: StringFilter | null | undefined;
  kubernetesName?: StringFilter | null | undefined;
  name?: StringFilter | null | undefined;
  not?: CredentialWhere | null | undefined;
  or?: Array<CredentialWhere> | null | undefined;
  phase?: Array<CredentialPhase> | null | undefined;
  /** Credentials of exactly this scope. */
  scope?: ScopeInput | null | undefined;
  scopeName?: StringFilter | null | undefined;
  scopeType?: Array<ScopeType> | null | undefined;
  type?: Array<CredentialType> | null | undefined;
  /** The "Last updated" column: the last change, or the creation when it was never changed. */
  updatedAt?: DateTimeRange | null | undefined;
  /** Who changed the credential last; its creator when it was never changed. */
  updatedBy?: StringFilter | null | undefined;
};

export type DataSourceKind =
  | 'GIT'
  | 'S3'
  | 'SECRET_VOLUME';

/** `from` inclusive, `to` exclusive. */
export type DateTimeRange = {
  from?: string | null | undefined;
  to?: string | null | undefined;
};

export type DeleteAssetInput = {
  id: string;
};

export type DeleteByIdInput = {
  id: string;
};

export type DeleteCredentialInput = {
  id: string;
};

/** Either `value`, or `credentialId` and `key`. */
export type EnvironmentVariableInput = {
  credentialId?: string | null | undefined;
  key?: string | null | undefined;
  name: string;
  value?: string | null | undefined;
};

export type OrderDirection =
  | 'ASC'
  | 'DESC';

export type Role =
  | 'CREDENTIALS_ADMINISTRATOR'
  | 'DEPARTMENT_ADMINISTRATOR'
  | 'EDITOR'
  | 'L1_RESEARCHER'
  | 'L2_RESEARCHER'
  | 'ML_ENGINEER'
  | 'RESEARCH_MANAGER'
  | 'SYSTEM_ADMINISTRATOR'
  | 'VIEWER';

/** New values for a managed credential: the fields of its own type, all of them. */
export type RotateCredentialInput = {
  accessKeyId?: string | null | undefined;
  entries?: Array<SecretEntryInput> | null | undefined;
  id: string;
  password?: string | null | undefined;
  secretAccessKey?: string | null | undefined;
  url?: string | null | undefined;
  username?: string | null | undefined;
};

/** A node of the organisational tree. `id` is the global id of the cluster, department or project; omit it for ACCOUNT. */
export type ScopeInput = {
  id?: string | null | undefined;
  type: ScopeType;
};

export type ScopeType =
  | 'ACCOUNT'
  | 'CLUSTER'
  | 'DEPARTMENT'
  | 'PROJECT';

/** One key of a generic secret. The value is write-only. */
export type SecretEntryInput = {
  key: string;
  value: string;
};

export type SecretVolumeItemInput = {
  /** A key the credential holds. */
  key: string;
  /** Octal permission bits of this file ("0400"); default: the volume's defaultMode. */
  mode?: string | null | undefined;
  /** A relative path without ".." elements, e.g. "ssh/id_rsa". */
  path: string;
};

export type StatusReason =
  | 'CLUSTER_UNREACHABLE'
  | 'PROPAGATION_FAILED';

/** Case-insensitive text conditions; all given operators must hold. For `environment` and `dataSource` they range over the names of the assets using the credential: `eq` means some name equals, `neq`/`notContains` that none does. */
export type StringFilter = {
  contains?: string | null | undefined;
  endsWith?: string | null | undefined;
  eq?: string | null | undefined;
  /** Equal to one of these; an empty list matches nothing. */
  in?: Array<string> | null | undefined;
  neq?: string | null | undefined;
  notContains?: string | null | undefined;
  startsWith?: string | null | undefined;
};

export type TargetIssue =
  /** The Secret was deleted or changed outside credgate (or its source Secret is gone). */
  | 'LOST'
  /** The namespace does not exist and the cluster is set not to create namespaces. */
  | 'NOT_CREATED'
  /** A Secret with this name belongs to another installation or to nobody we know; credgate leaves it alone. The message names its owner. */
  | 'OWNED_ELSEWHERE'
  /** The cluster refused or failed the write; the message says why. */
  | 'REPLICATION_ERROR';

export type TargetState =
  | 'DELETING'
  | 'FAILED'
  | 'PENDING'
  | 'SYNCED'
  | 'UNREACHABLE';

/** Rename a credential or change its description. Omitted fields stay as they are. */
export type UpdateCredentialInput = {
  description?: string | null | undefined;
  id: string;
  name?: string | null | undefined;
};

export type UserKind =
  /** No credentials (only the GraphiQL page is served so). */
  | 'ANONYMOUS'
  /** The gateway itself (its own actions in the audit log). */
  | 'BUILTIN'
  /** Authenticates with API tokens. */
  | 'LOCAL'
  /** Named by the OIDC issuer's user claim; appears on first sign-in. */
  | 'OIDC';

export type WorkloadSpecInput = {
  /** Ad-hoc variables from credential keys. */
  credentialVariables?: Array<CredentialVariableInput> | null | undefined;
  dataSourceIds?: Array<string> | null | undefined;
  environmentId?: string | null | undefined;
  projectId: string;
};

export type UserFieldsFragment = { __typename: 'User', id: string, name: string, kind: UserKind, systemAdministrator: boolean, disabledAt: string | null, createdBy: string | null, createdAt: string | null };

export type AccessRuleFieldsFragment = { __typename: 'AccessRule', id: string, subjectType: AccessRuleSubjectType, group: string | null, role: Role, createdBy: string, createdAt: string, user: { id: string, name: string } | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> } };

export type AccessTokenFieldsFragment = { __typename: 'AccessToken', id: string, name: string, hint: string, active: boolean, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null, createdBy: string, createdAt: string, user: { id: string, name: string } | null };

export type PermissionsFieldsFragment = { viewCredentials: boolean, createCredentials: boolean, editCredentials: boolean, deleteCredentials: boolean, manageOrgTree: boolean, manageClusters: boolean, manageUsers: boolean, manageAccessRules: boolean, manageTokens: boolean, readAuditLog: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { __typename: 'User', groups: Array<string>, id: string, name: string, kind: UserKind, systemAdministrator: boolean, disabledAt: string | null, createdBy: string | null, createdAt: string | null, rules: Array<{ __typename: 'AccessRule', id: string, subjectType: AccessRuleSubjectType, group: string | null, role: Role, createdBy: string, createdAt: string, user: { id: string, name: string } | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> } }> } };

export type MyPermissionsQueryVariables = Exact<{
  scope: ScopeInput;
}>;


export type MyPermissionsQuery = { me: { id: string, permissions: { viewCredentials: boolean, createCredentials: boolean, editCredentials: boolean, deleteCredentials: boolean, manageOrgTree: boolean, manageClusters: boolean, manageUsers: boolean, manageAccessRules: boolean, manageTokens: boolean, readAuditLog: boolean } } };

export type UsersQueryVariables = Exact<{ [key: string]: never; }>;


export type UsersQuery = { users: Array<{ __typename: 'User', id: string, name: string, kind: UserKind, systemAdministrator: boolean, disabledAt: string | null, createdBy: string | null, createdAt: string | null }> };

export type AccessRulesQueryVariables = Exact<{
  userId?: string | null | undefined;
  group?: string | null | undefined;
  scope?: ScopeInput | null | undefined;
}>;


export type AccessRulesQuery = { accessRules: Array<{ __typename: 'AccessRule', id: string, subjectType: AccessRuleSubjectType, group: string | null, role: Role, createdBy: string, createdAt: string, user: { id: string, name: string } | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> } }> };

export type AccessTokensQueryVariables = Exact<{
  userId?: string | null | undefined;
}>;


export type AccessTokensQuery = { accessTokens: Array<{ __typename: 'AccessToken', id: string, name: string, hint: string, active: boolean, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null, createdBy: string, createdAt: string, user: { id: string, name: string } | null }> };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser:
    | { __typename: 'CreateUserSuccess', user: { __typename: 'User', id: string, name: string, kind: UserKind, systemAdministrator: boolean, disabledAt: string | null, createdBy: string | null, createdAt: string | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type DisableUserMutationVariables = Exact<{
  input: AccessByIdInput;
}>;


export type DisableUserMutation = { disableUser:
    | { __typename: 'DisableUserSuccess', user: { __typename: 'User', id: string, name: string, kind: UserKind, systemAdministrator: boolean, disabledAt: string | null, createdBy: string | null, createdAt: string | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CreateAccessRuleMutationVariables = Exact<{
  input: CreateAccessRuleInput;
}>;


export type CreateAccessRuleMutation = { createAccessRule:
    | { __typename: 'CreateAccessRuleSuccess', accessRule: { __typename: 'AccessRule', id: string, subjectType: AccessRuleSubjectType, group: string | null, role: Role, createdBy: string, createdAt: string, user: { id: string, name: string } | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type DeleteAccessRuleMutationVariables = Exact<{
  input: AccessByIdInput;
}>;


export type DeleteAccessRuleMutation = { deleteAccessRule:
    | { __typename: 'DeleteAccessRuleSuccess', accessRule: { __typename: 'AccessRule', id: string, subjectType: AccessRuleSubjectType, group: string | null, role: Role, createdBy: string, createdAt: string, user: { id: string, name: string } | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CreateAccessTokenMutationVariables = Exact<{
  input: CreateAccessTokenInput;
}>;


export type CreateAccessTokenMutation = { createAccessToken:
    | { __typename: 'CreateAccessTokenSuccess', token: string, accessToken: { __typename: 'AccessToken', id: string, name: string, hint: string, active: boolean, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null, createdBy: string, createdAt: string, user: { id: string, name: string } | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type RevokeAccessTokenMutationVariables = Exact<{
  input: AccessByIdInput;
}>;


export type RevokeAccessTokenMutation = { revokeAccessToken:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'RevokeAccessTokenSuccess', accessToken: { __typename: 'AccessToken', id: string, name: string, hint: string, active: boolean, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null, createdBy: string, createdAt: string, user: { id: string, name: string } | null } }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type EnvironmentsQueryVariables = Exact<{
  scope?: ScopeInput | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type EnvironmentsQuery = { environments: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { __typename: 'Environment', id: string, name: string, description: string | null, image: string, createdBy: string, createdAt: string, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, imagePullCredential: { id: string, name: string, kubernetesName: string } | null, variables: Array<{ name: string, value: string | null, key: string | null, credential: { id: string, name: string, kubernetesName: string } | null }> } }> } };

export type DataSourcesQueryVariables = Exact<{
  scope?: ScopeInput | null | undefined;
  kind?: DataSourceKind | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type DataSourcesQuery = { dataSources: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { __typename: 'DataSource', id: string, kind: DataSourceKind, name: string, description: string | null, createdBy: string, createdAt: string, repository: string | null, branch: string | null, path: string | null, bucket: string | null, url: string | null, mountPath: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, credential: { id: string, name: string, kubernetesName: string } | null } }> } };

export type CreateEnvironmentMutationVariables = Exact<{
  input: CreateEnvironmentInput;
}>;


export type CreateEnvironmentMutation = { createEnvironment:
    | { __typename: 'CreateEnvironmentSuccess', environment: { __typename: 'Environment', id: string, name: string, description: string | null, image: string, createdBy: string, createdAt: string, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, imagePullCredential: { id: string, name: string, kubernetesName: string } | null, variables: Array<{ name: string, value: string | null, key: string | null, credential: { id: string, name: string, kubernetesName: string } | null }> } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type DeleteEnvironmentMutationVariables = Exact<{
  input: DeleteAssetInput;
}>;


export type DeleteEnvironmentMutation = { deleteEnvironment:
    | { __typename: 'DeleteEnvironmentSuccess', environment: { __typename: 'Environment', id: string, name: string, description: string | null, image: string, createdBy: string, createdAt: string, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, imagePullCredential: { id: string, name: string, kubernetesName: string } | null, variables: Array<{ name: string, value: string | null, key: string | null, credential: { id: string, name: string, kubernetesName: string } | null }> } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CreateGitDataSourceMutationVariables = Exact<{
  input: CreateGitDataSourceInput;
}>;


export type CreateGitDataSourceMutation = { createGitDataSource:
    | { __typename: 'CreateGitDataSourceSuccess', dataSource: { __typename: 'DataSource', id: string, kind: DataSourceKind, name: string, description: string | null, createdBy: string, createdAt: string, repository: string | null, branch: string | null, path: string | null, bucket: string | null, url: string | null, mountPath: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, credential: { id: string, name: string, kubernetesName: string } | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CreateS3DataSourceMutationVariables = Exact<{
  input: CreateS3DataSourceInput;
}>;


export type CreateS3DataSourceMutation = { createS3DataSource:
    | { __typename: 'CreateS3DataSourceSuccess', dataSource: { __typename: 'DataSource', id: string, kind: DataSourceKind, name: string, description: string | null, createdBy: string, createdAt: string, repository: string | null, branch: string | null, path: string | null, bucket: string | null, url: string | null, mountPath: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, credential: { id: string, name: string, kubernetesName: string } | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CreateSecretVolumeDataSourceMutationVariables = Exact<{
  input: CreateSecretVolumeDataSourceInput;
}>;


export type CreateSecretVolumeDataSourceMutation = { createSecretVolumeDataSource:
    | { __typename: 'CreateSecretVolumeDataSourceSuccess', dataSource: { __typename: 'DataSource', id: string, kind: DataSourceKind, name: string, description: string | null, createdBy: string, createdAt: string, repository: string | null, branch: string | null, path: string | null, bucket: string | null, url: string | null, mountPath: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, credential: { id: string, name: string, kubernetesName: string } | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type DeleteDataSourceMutationVariables = Exact<{
  input: DeleteAssetInput;
}>;


export type DeleteDataSourceMutation = { deleteDataSource:
    | { __typename: 'DeleteDataSourceSuccess', dataSource: { __typename: 'DataSource', id: string, kind: DataSourceKind, name: string, description: string | null, createdBy: string, createdAt: string, repository: string | null, branch: string | null, path: string | null, bucket: string | null, url: string | null, mountPath: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, credential: { id: string, name: string, kubernetesName: string } | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type WorkloadSpecQueryVariables = Exact<{
  input: WorkloadSpecInput;
}>;


export type WorkloadSpecQuery = { workloadSpec: { namespace: string, image: string | null, imagePullSecrets: Array<string>, manifest: unknown, env: Array<{ name: string, value: string | null, secretKeyRef: { name: string, key: string } | null }>, volumes: Array<{ name: string, secretName: string }>, volumeMounts: Array<{ name: string, mountPath: string, readOnly: boolean }> } };

export type CredentialsQueryVariables = Exact<{
  where?: CredentialWhere | null | undefined;
  search?: string | null | undefined;
  orderBy?: Array<CredentialOrder> | CredentialOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type CredentialsQuery = { credentials: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } }> } };

export type CredentialQueryVariables = Exact<{
  id: string;
}>;


export type CredentialQuery = { credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string, targets: Array<{ namespace: string, state: TargetState, issue: TargetIssue | null, message: string | null, syncedAt: string | null, attempts: number, cluster: { id: string, name: string } }> }, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }> } | null };

export type CredentialStatusHistoryQueryVariables = Exact<{
  id: string;
  first?: number | null | undefined;
}>;


export type CredentialStatusHistoryQuery = { credential: { id: string, statusHistory: Array<{ cursor: string, sequence: number, previousPhase: CredentialPhase | null, phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, at: string }> } | null };

export type ExistingSecretsQueryVariables = Exact<{
  scope: ScopeInput;
  type?: CredentialType | null | undefined;
}>;


export type ExistingSecretsQuery = { existingSecrets: Array<{ name: string, namespace: string, type: CredentialType, keys: Array<string>, inUse: boolean, cluster: { id: string, name: string }, credential: { id: string, name: string } | null }> };

export type CreateAccessKeyCredentialMutationVariables = Exact<{
  input: CreateAccessKeyCredentialInput;
}>;


export type CreateAccessKeyCredentialMutation = { createAccessKeyCredential:
    | { __typename: 'CreateAccessKeyCredentialSuccess', credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CreatePasswordCredentialMutationVariables = Exact<{
  input: CreatePasswordCredentialInput;
}>;


export type CreatePasswordCredentialMutation = { createPasswordCredential:
    | { __typename: 'CreatePasswordCredentialSuccess', credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CreateDockerRegistryCredentialMutationVariables = Exact<{
  input: CreateDockerRegistryCredentialInput;
}>;


export type CreateDockerRegistryCredentialMutation = { createDockerRegistryCredential:
    | { __typename: 'CreateDockerRegistryCredentialSuccess', credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CreateGenericSecretCredentialMutationVariables = Exact<{
  input: CreateGenericSecretCredentialInput;
}>;


export type CreateGenericSecretCredentialMutation = { createGenericSecretCredential:
    | { __typename: 'CreateGenericSecretCredentialSuccess', credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type UpdateCredentialMutationVariables = Exact<{
  input: UpdateCredentialInput;
}>;


export type UpdateCredentialMutation = { updateCredential:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'UpdateCredentialSuccess', credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type RotateCredentialMutationVariables = Exact<{
  input: RotateCredentialInput;
}>;


export type RotateCredentialMutation = { rotateCredential:
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'RotateCredentialSuccess', credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type DeleteCredentialMutationVariables = Exact<{
  input: DeleteCredentialInput;
}>;


export type DeleteCredentialMutation = { deleteCredential:
    | { __typename: 'CredentialInUseError', message: string, usedBy: Array<{ kind: AssetKind, id: string, name: string }> }
    | { __typename: 'DeleteCredentialSuccess', credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ScopeFieldsFragment = { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> };

export type CredentialFieldsFragment = { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } };

export type PropagationTargetFieldsFragment = { namespace: string, state: TargetState, issue: TargetIssue | null, message: string | null, syncedAt: string | null, attempts: number, cluster: { id: string, name: string } };

export type CredentialStatusEventFieldsFragment = { cursor: string, sequence: number, previousPhase: CredentialPhase | null, phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, at: string };

export type PageInfoFieldsFragment = { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null };

type MutationErrorFields_CredentialInUseError_Fragment = { __typename: 'CredentialInUseError', message: string, usedBy: Array<{ kind: AssetKind, id: string, name: string }> };

type MutationErrorFields_ForbiddenError_Fragment = { __typename: 'ForbiddenError', message: string };

type MutationErrorFields_NameTakenError_Fragment = { __typename: 'NameTakenError', name: string, message: string };

type MutationErrorFields_NotFoundError_Fragment = { __typename: 'NotFoundError', resourceId: string, message: string };

type MutationErrorFields_ScopeNotEmptyError_Fragment = { __typename: 'ScopeNotEmptyError', contents: Array<string>, message: string };

type MutationErrorFields_ValidationError_Fragment = { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> };

export type MutationErrorFieldsFragment =
  | MutationErrorFields_CredentialInUseError_Fragment
  | MutationErrorFields_ForbiddenError_Fragment
  | MutationErrorFields_NameTakenError_Fragment
  | MutationErrorFields_NotFoundError_Fragment
  | MutationErrorFields_ScopeNotEmptyError_Fragment
  | MutationErrorFields_ValidationError_Fragment
;

export type ClusterFieldsFragment = { __typename: 'Cluster', id: string, name: string, version: string | null, connection: ClusterConnection, connectionMessage: string | null, embedded: boolean, manageNamespaces: boolean };

export type DepartmentFieldsFragment = { __typename: 'Department', id: string, name: string, cluster: { id: string, name: string } };

export type ProjectFieldsFragment = { __typename: 'Project', id: string, name: string, namespace: string, department: { id: string, name: string }, cluster: { id: string, name: string } };

export type EnvironmentFieldsFragment = { __typename: 'Environment', id: string, name: string, description: string | null, image: string, createdBy: string, createdAt: string, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, imagePullCredential: { id: string, name: string, kubernetesName: string } | null, variables: Array<{ name: string, value: string | null, key: string | null, credential: { id: string, name: string, kubernetesName: string } | null }> };

export type DataSourceFieldsFragment = { __typename: 'DataSource', id: string, kind: DataSourceKind, name: string, description: string | null, createdBy: string, createdAt: string, repository: string | null, branch: string | null, path: string | null, bucket: string | null, url: string | null, mountPath: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, credential: { id: string, name: string, kubernetesName: string } | null };

export type AccountQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountQuery = { account: { id: string, name: string } };

export type OrgTreeQueryVariables = Exact<{ [key: string]: never; }>;


export type OrgTreeQuery = { account: { id: string, name: string }, clusters: Array<{ __typename: 'Cluster', id: string, name: string, version: string | null, connection: ClusterConnection, connectionMessage: string | null, embedded: boolean, manageNamespaces: boolean, departments: Array<{ __typename: 'Department', id: string, name: string, projects: Array<{ __typename: 'Project', id: string, name: string, namespace: string, department: { id: string, name: string }, cluster: { id: string, name: string } }>, cluster: { id: string, name: string } }> }> };

export type ClustersQueryVariables = Exact<{ [key: string]: never; }>;


export type ClustersQuery = { clusters: Array<{ __typename: 'Cluster', id: string, name: string, version: string | null, connection: ClusterConnection, connectionMessage: string | null, embedded: boolean, manageNamespaces: boolean }> };

export type DepartmentsQueryVariables = Exact<{
  clusterId?: string | null | undefined;
}>;


export type DepartmentsQuery = { departments: Array<{ __typename: 'Department', id: string, name: string, cluster: { id: string, name: string } }> };

export type ProjectsQueryVariables = Exact<{
  clusterId?: string | null | undefined;
  departmentId?: string | null | undefined;
}>;


export type ProjectsQuery = { projects: Array<{ __typename: 'Project', id: string, name: string, namespace: string, department: { id: string, name: string }, cluster: { id: string, name: string } }> };

export type ScopeQueryVariables = Exact<{
  scope: ScopeInput;
}>;


export type ScopeQuery = { scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> } | null };

export type CreateDepartmentMutationVariables = Exact<{
  input: CreateDepartmentInput;
}>;


export type CreateDepartmentMutation = { createDepartment:
    | { __typename: 'CreateDepartmentSuccess', department: { __typename: 'Department', id: string, name: string, cluster: { id: string, name: string } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CreateProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type CreateProjectMutation = { createProject:
    | { __typename: 'CreateProjectSuccess', project: { __typename: 'Project', id: string, name: string, namespace: string, department: { id: string, name: string }, cluster: { id: string, name: string } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NameTakenError', name: string, message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type DeleteProjectMutationVariables = Exact<{
  input: DeleteByIdInput;
}>;


export type DeleteProjectMutation = { deleteProject:
    | { __typename: 'DeleteProjectSuccess', project: { __typename: 'Project', id: string, name: string, namespace: string, department: { id: string, name: string }, cluster: { id: string, name: string } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ScopeNotEmptyError', contents: Array<string>, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type DeleteDepartmentMutationVariables = Exact<{
  input: DeleteByIdInput;
}>;


export type DeleteDepartmentMutation = { deleteDepartment:
    | { __typename: 'DeleteDepartmentSuccess', department: { __typename: 'Department', id: string, name: string, cluster: { id: string, name: string } } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', resourceId: string, message: string }
    | { __typename: 'ScopeNotEmptyError', contents: Array<string>, message: string }
    | { __typename: 'ValidationError', message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type CredentialChangedSubscriptionVariables = Exact<{
  where?: CredentialWhere | null | undefined;
  after?: string | null | undefined;
}>;


export type CredentialChangedSubscription = { credentialChanged: { cursor: string, change: CredentialChange, credentialId: string, at: string, credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } | null } };

export type CredentialStatusChangedSubscriptionVariables = Exact<{
  where?: CredentialWhere | null | undefined;
  after?: string | null | undefined;
}>;


export type CredentialStatusChangedSubscription = { credentialStatusChanged: { cursor: string, sequence: number, previousPhase: CredentialPhase | null, phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, at: string, credential: { __typename: 'Credential', id: string, name: string, description: string | null, type: CredentialType, kubernetesName: string, origin: CredentialOrigin, existingSecretName: string | null, keys: Array<string>, createdBy: string, createdAt: string, updatedBy: string | null, updatedAt: string | null, scope: { type: ScopeType, id: string, name: string, path: Array<{ type: ScopeType, id: string, name: string }> }, cluster: { id: string, name: string } | null, environments: Array<{ id: string, name: string }>, dataSources: Array<{ id: string, name: string }>, status: { phase: CredentialPhase, displayText: string, reason: StatusReason | null, message: string | null, updatedAt: string } } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const UserFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserFields on User {
  __typename
  id
  name
  kind
  systemAdministrator
  disabledAt
  createdBy
  createdAt
}
    `, {"fragmentName":"UserFields"}) as unknown as TypedDocumentString<UserFieldsFragment, unknown>;
export const ScopeFieldsFragmentDoc = new TypedDocumentString(`
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
    `, {"fragmentName":"ScopeFields"}) as unknown as TypedDocumentString<ScopeFieldsFragment, unknown>;
export const AccessRuleFieldsFragmentDoc = new TypedDocumentString(`
    fragment AccessRuleFields on AccessRule {
  __typename
  id
  subjectType
  user {
    id
    name
  }
  group
  role
  scope {
    ...ScopeFields
  }
  createdBy
  createdAt
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}`, {"fragmentName":"AccessRuleFields"}) as unknown as TypedDocumentString<AccessRuleFieldsFragment, unknown>;
export const AccessTokenFieldsFragmentDoc = new TypedDocumentString(`
    fragment AccessTokenFields on AccessToken {
  __typename
  id
  name
  hint
  active
  expiresAt
  revokedAt
  lastUsedAt
  createdBy
  createdAt
  user {
    id
    name
  }
}
    `, {"fragmentName":"AccessTokenFields"}) as unknown as TypedDocumentString<AccessTokenFieldsFragment, unknown>;
export const PermissionsFieldsFragmentDoc = new TypedDocumentString(`
    fragment PermissionsFields on Permissions {
  viewCredentials
  createCredentials
  editCredentials
  deleteCredentials
  manageOrgTree
  manageClusters
  manageUsers
  manageAccessRules
  manageTokens
  readAuditLog
}
    `, {"fragmentName":"PermissionsFields"}) as unknown as TypedDocumentString<PermissionsFieldsFragment, unknown>;
export const CredentialFieldsFragmentDoc = new TypedDocumentString(`
    fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}`, {"fragmentName":"CredentialFields"}) as unknown as TypedDocumentString<CredentialFieldsFragment, unknown>;
export const PropagationTargetFieldsFragmentDoc = new TypedDocumentString(`
    fragment PropagationTargetFields on PropagationTarget {
  cluster {
    id
    name
  }
  namespace
  state
  issue
  message
  syncedAt
  attempts
}
    `, {"fragmentName":"PropagationTargetFields"}) as unknown as TypedDocumentString<PropagationTargetFieldsFragment, unknown>;
export const CredentialStatusEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment CredentialStatusEventFields on CredentialStatusEvent {
  cursor
  sequence
  previousPhase
  phase
  displayText
  reason
  message
  at
}
    `, {"fragmentName":"CredentialStatusEventFields"}) as unknown as TypedDocumentString<CredentialStatusEventFieldsFragment, unknown>;
export const PageInfoFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
    `, {"fragmentName":"PageInfoFields"}) as unknown as TypedDocumentString<PageInfoFieldsFragment, unknown>;
export const MutationErrorFieldsFragmentDoc = new TypedDocumentString(`
    fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
    `, {"fragmentName":"MutationErrorFields"}) as unknown as TypedDocumentString<MutationErrorFieldsFragment, unknown>;
export const ClusterFieldsFragmentDoc = new TypedDocumentString(`
    fragment ClusterFields on Cluster {
  __typename
  id
  name
  version
  connection
  connectionMessage
  embedded
  manageNamespaces
}
    `, {"fragmentName":"ClusterFields"}) as unknown as TypedDocumentString<ClusterFieldsFragment, unknown>;
export const DepartmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment DepartmentFields on Department {
  __typename
  id
  name
  cluster {
    id
    name
  }
}
    `, {"fragmentName":"DepartmentFields"}) as unknown as TypedDocumentString<DepartmentFieldsFragment, unknown>;
export const ProjectFieldsFragmentDoc = new TypedDocumentString(`
    fragment ProjectFields on Project {
  __typename
  id
  name
  namespace
  department {
    id
    name
  }
  cluster {
    id
    name
  }
}
    `, {"fragmentName":"ProjectFields"}) as unknown as TypedDocumentString<ProjectFieldsFragment, unknown>;
export const EnvironmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment EnvironmentFields on Environment {
  __typename
  id
  name
  description
  image
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  imagePullCredential {
    id
    name
    kubernetesName
  }
  variables {
    name
    value
    key
    credential {
      id
      name
      kubernetesName
    }
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}`, {"fragmentName":"EnvironmentFields"}) as unknown as TypedDocumentString<EnvironmentFieldsFragment, unknown>;
export const DataSourceFieldsFragmentDoc = new TypedDocumentString(`
    fragment DataSourceFields on DataSource {
  __typename
  id
  kind
  name
  description
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  repository
  branch
  path
  bucket
  url
  mountPath
  credential {
    id
    name
    kubernetesName
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}`, {"fragmentName":"DataSourceFields"}) as unknown as TypedDocumentString<DataSourceFieldsFragment, unknown>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...UserFields
    groups
    rules {
      ...AccessRuleFields
    }
  }
}
    fragment UserFields on User {
  __typename
  id
  name
  kind
  systemAdministrator
  disabledAt
  createdBy
  createdAt
}
fragment AccessRuleFields on AccessRule {
  __typename
  id
  subjectType
  user {
    id
    name
  }
  group
  role
  scope {
    ...ScopeFields
  }
  createdBy
  createdAt
}
fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const MyPermissionsDocument = new TypedDocumentString(`
    query MyPermissions($scope: ScopeInput!) {
  me {
    id
    permissions(scope: $scope) {
      ...PermissionsFields
    }
  }
}
    fragment PermissionsFields on Permissions {
  viewCredentials
  createCredentials
  editCredentials
  deleteCredentials
  manageOrgTree
  manageClusters
  manageUsers
  manageAccessRules
  manageTokens
  readAuditLog
}`) as unknown as TypedDocumentString<MyPermissionsQuery, MyPermissionsQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users {
  users {
    ...UserFields
  }
}
    fragment UserFields on User {
  __typename
  id
  name
  kind
  systemAdministrator
  disabledAt
  createdBy
  createdAt
}`) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const AccessRulesDocument = new TypedDocumentString(`
    query AccessRules($userId: ID, $group: String, $scope: ScopeInput) {
  accessRules(userId: $userId, group: $group, scope: $scope) {
    ...AccessRuleFields
  }
}
    fragment AccessRuleFields on AccessRule {
  __typename
  id
  subjectType
  user {
    id
    name
  }
  group
  role
  scope {
    ...ScopeFields
  }
  createdBy
  createdAt
}
fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}`) as unknown as TypedDocumentString<AccessRulesQuery, AccessRulesQueryVariables>;
export const AccessTokensDocument = new TypedDocumentString(`
    query AccessTokens($userId: ID) {
  accessTokens(userId: $userId) {
    ...AccessTokenFields
  }
}
    fragment AccessTokenFields on AccessToken {
  __typename
  id
  name
  hint
  active
  expiresAt
  revokedAt
  lastUsedAt
  createdBy
  createdAt
  user {
    id
    name
  }
}`) as unknown as TypedDocumentString<AccessTokensQuery, AccessTokensQueryVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    __typename
    ... on CreateUserSuccess {
      user {
        ...UserFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment UserFields on User {
  __typename
  id
  name
  kind
  systemAdministrator
  disabledAt
  createdBy
  createdAt
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const DisableUserDocument = new TypedDocumentString(`
    mutation DisableUser($input: AccessByIdInput!) {
  disableUser(input: $input) {
    __typename
    ... on DisableUserSuccess {
      user {
        ...UserFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment UserFields on User {
  __typename
  id
  name
  kind
  systemAdministrator
  disabledAt
  createdBy
  createdAt
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<DisableUserMutation, DisableUserMutationVariables>;
export const CreateAccessRuleDocument = new TypedDocumentString(`
    mutation CreateAccessRule($input: CreateAccessRuleInput!) {
  createAccessRule(input: $input) {
    __typename
    ... on CreateAccessRuleSuccess {
      accessRule {
        ...AccessRuleFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment AccessRuleFields on AccessRule {
  __typename
  id
  subjectType
  user {
    id
    name
  }
  group
  role
  scope {
    ...ScopeFields
  }
  createdBy
  createdAt
}
fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<CreateAccessRuleMutation, CreateAccessRuleMutationVariables>;
export const DeleteAccessRuleDocument = new TypedDocumentString(`
    mutation DeleteAccessRule($input: AccessByIdInput!) {
  deleteAccessRule(input: $input) {
    __typename
    ... on DeleteAccessRuleSuccess {
      accessRule {
        ...AccessRuleFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment AccessRuleFields on AccessRule {
  __typename
  id
  subjectType
  user {
    id
    name
  }
  group
  role
  scope {
    ...ScopeFields
  }
  createdBy
  createdAt
}
fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<DeleteAccessRuleMutation, DeleteAccessRuleMutationVariables>;
export const CreateAccessTokenDocument = new TypedDocumentString(`
    mutation CreateAccessToken($input: CreateAccessTokenInput!) {
  createAccessToken(input: $input) {
    __typename
    ... on CreateAccessTokenSuccess {
      token
      accessToken {
        ...AccessTokenFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment AccessTokenFields on AccessToken {
  __typename
  id
  name
  hint
  active
  expiresAt
  revokedAt
  lastUsedAt
  createdBy
  createdAt
  user {
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<CreateAccessTokenMutation, CreateAccessTokenMutationVariables>;
export const RevokeAccessTokenDocument = new TypedDocumentString(`
    mutation RevokeAccessToken($input: AccessByIdInput!) {
  revokeAccessToken(input: $input) {
    __typename
    ... on RevokeAccessTokenSuccess {
      accessToken {
        ...AccessTokenFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment AccessTokenFields on AccessToken {
  __typename
  id
  name
  hint
  active
  expiresAt
  revokedAt
  lastUsedAt
  createdBy
  createdAt
  user {
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<RevokeAccessTokenMutation, RevokeAccessTokenMutationVariables>;
export const EnvironmentsDocument = new TypedDocumentString(`
    query Environments($scope: ScopeInput, $first: Int, $after: String, $last: Int, $before: String) {
  environments(
    scope: $scope
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    edges {
      cursor
      node {
        ...EnvironmentFields
      }
    }
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
fragment EnvironmentFields on Environment {
  __typename
  id
  name
  description
  image
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  imagePullCredential {
    id
    name
    kubernetesName
  }
  variables {
    name
    value
    key
    credential {
      id
      name
      kubernetesName
    }
  }
}`) as unknown as TypedDocumentString<EnvironmentsQuery, EnvironmentsQueryVariables>;
export const DataSourcesDocument = new TypedDocumentString(`
    query DataSources($scope: ScopeInput, $kind: DataSourceKind, $first: Int, $after: String, $last: Int, $before: String) {
  dataSources(
    scope: $scope
    kind: $kind
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    edges {
      cursor
      node {
        ...DataSourceFields
      }
    }
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
fragment DataSourceFields on DataSource {
  __typename
  id
  kind
  name
  description
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  repository
  branch
  path
  bucket
  url
  mountPath
  credential {
    id
    name
    kubernetesName
  }
}`) as unknown as TypedDocumentString<DataSourcesQuery, DataSourcesQueryVariables>;
export const CreateEnvironmentDocument = new TypedDocumentString(`
    mutation CreateEnvironment($input: CreateEnvironmentInput!) {
  createEnvironment(input: $input) {
    __typename
    ... on CreateEnvironmentSuccess {
      environment {
        ...EnvironmentFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment EnvironmentFields on Environment {
  __typename
  id
  name
  description
  image
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  imagePullCredential {
    id
    name
    kubernetesName
  }
  variables {
    name
    value
    key
    credential {
      id
      name
      kubernetesName
    }
  }
}`) as unknown as TypedDocumentString<CreateEnvironmentMutation, CreateEnvironmentMutationVariables>;
export const DeleteEnvironmentDocument = new TypedDocumentString(`
    mutation DeleteEnvironment($input: DeleteAssetInput!) {
  deleteEnvironment(input: $input) {
    __typename
    ... on DeleteEnvironmentSuccess {
      environment {
        ...EnvironmentFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment EnvironmentFields on Environment {
  __typename
  id
  name
  description
  image
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  imagePullCredential {
    id
    name
    kubernetesName
  }
  variables {
    name
    value
    key
    credential {
      id
      name
      kubernetesName
    }
  }
}`) as unknown as TypedDocumentString<DeleteEnvironmentMutation, DeleteEnvironmentMutationVariables>;
export const CreateGitDataSourceDocument = new TypedDocumentString(`
    mutation CreateGitDataSource($input: CreateGitDataSourceInput!) {
  createGitDataSource(input: $input) {
    __typename
    ... on CreateGitDataSourceSuccess {
      dataSource {
        ...DataSourceFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment DataSourceFields on DataSource {
  __typename
  id
  kind
  name
  description
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  repository
  branch
  path
  bucket
  url
  mountPath
  credential {
    id
    name
    kubernetesName
  }
}`) as unknown as TypedDocumentString<CreateGitDataSourceMutation, CreateGitDataSourceMutationVariables>;
export const CreateS3DataSourceDocument = new TypedDocumentString(`
    mutation CreateS3DataSource($input: CreateS3DataSourceInput!) {
  createS3DataSource(input: $input) {
    __typename
    ... on CreateS3DataSourceSuccess {
      dataSource {
        ...DataSourceFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment DataSourceFields on DataSource {
  __typename
  id
  kind
  name
  description
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  repository
  branch
  path
  bucket
  url
  mountPath
  credential {
    id
    name
    kubernetesName
  }
}`) as unknown as TypedDocumentString<CreateS3DataSourceMutation, CreateS3DataSourceMutationVariables>;
export const CreateSecretVolumeDataSourceDocument = new TypedDocumentString(`
    mutation CreateSecretVolumeDataSource($input: CreateSecretVolumeDataSourceInput!) {
  createSecretVolumeDataSource(input: $input) {
    __typename
    ... on CreateSecretVolumeDataSourceSuccess {
      dataSource {
        ...DataSourceFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment DataSourceFields on DataSource {
  __typename
  id
  kind
  name
  description
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  repository
  branch
  path
  bucket
  url
  mountPath
  credential {
    id
    name
    kubernetesName
  }
}`) as unknown as TypedDocumentString<CreateSecretVolumeDataSourceMutation, CreateSecretVolumeDataSourceMutationVariables>;
export const DeleteDataSourceDocument = new TypedDocumentString(`
    mutation DeleteDataSource($input: DeleteAssetInput!) {
  deleteDataSource(input: $input) {
    __typename
    ... on DeleteDataSourceSuccess {
      dataSource {
        ...DataSourceFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment DataSourceFields on DataSource {
  __typename
  id
  kind
  name
  description
  createdBy
  createdAt
  scope {
    ...ScopeFields
  }
  repository
  branch
  path
  bucket
  url
  mountPath
  credential {
    id
    name
    kubernetesName
  }
}`) as unknown as TypedDocumentString<DeleteDataSourceMutation, DeleteDataSourceMutationVariables>;
export const WorkloadSpecDocument = new TypedDocumentString(`
    query WorkloadSpec($input: WorkloadSpecInput!) {
  workloadSpec(input: $input) {
    namespace
    image
    imagePullSecrets
    env {
      name
      value
      secretKeyRef {
        name
        key
      }
    }
    volumes {
      name
      secretName
    }
    volumeMounts {
      name
      mountPath
      readOnly
    }
    manifest
  }
}
    `) as unknown as TypedDocumentString<WorkloadSpecQuery, WorkloadSpecQueryVariables>;
export const CredentialsDocument = new TypedDocumentString(`
    query Credentials($where: CredentialWhere, $search: String, $orderBy: [CredentialOrder!], $first: Int, $after: String, $last: Int, $before: String) {
  credentials(
    where: $where
    search: $search
    orderBy: $orderBy
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    edges {
      cursor
      node {
        ...CredentialFields
      }
    }
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<CredentialsQuery, CredentialsQueryVariables>;
export const CredentialDocument = new TypedDocumentString(`
    query Credential($id: ID!) {
  credential(id: $id) {
    ...CredentialFields
    status {
      targets {
        ...PropagationTargetFields
      }
    }
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment PropagationTargetFields on PropagationTarget {
  cluster {
    id
    name
  }
  namespace
  state
  issue
  message
  syncedAt
  attempts
}`) as unknown as TypedDocumentString<CredentialQuery, CredentialQueryVariables>;
export const CredentialStatusHistoryDocument = new TypedDocumentString(`
    query CredentialStatusHistory($id: ID!, $first: Int) {
  credential(id: $id) {
    id
    statusHistory(first: $first) {
      ...CredentialStatusEventFields
    }
  }
}
    fragment CredentialStatusEventFields on CredentialStatusEvent {
  cursor
  sequence
  previousPhase
  phase
  displayText
  reason
  message
  at
}`) as unknown as TypedDocumentString<CredentialStatusHistoryQuery, CredentialStatusHistoryQueryVariables>;
export const ExistingSecretsDocument = new TypedDocumentString(`
    query ExistingSecrets($scope: ScopeInput!, $type: CredentialType) {
  existingSecrets(scope: $scope, type: $type) {
    name
    namespace
    type
    keys
    inUse
    cluster {
      id
      name
    }
    credential {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ExistingSecretsQuery, ExistingSecretsQueryVariables>;
export const CreateAccessKeyCredentialDocument = new TypedDocumentString(`
    mutation CreateAccessKeyCredential($input: CreateAccessKeyCredentialInput!) {
  createAccessKeyCredential(input: $input) {
    __typename
    ... on CreateAccessKeyCredentialSuccess {
      credential {
        ...CredentialFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<CreateAccessKeyCredentialMutation, CreateAccessKeyCredentialMutationVariables>;
export const CreatePasswordCredentialDocument = new TypedDocumentString(`
    mutation CreatePasswordCredential($input: CreatePasswordCredentialInput!) {
  createPasswordCredential(input: $input) {
    __typename
    ... on CreatePasswordCredentialSuccess {
      credential {
        ...CredentialFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<CreatePasswordCredentialMutation, CreatePasswordCredentialMutationVariables>;
export const CreateDockerRegistryCredentialDocument = new TypedDocumentString(`
    mutation CreateDockerRegistryCredential($input: CreateDockerRegistryCredentialInput!) {
  createDockerRegistryCredential(input: $input) {
    __typename
    ... on CreateDockerRegistryCredentialSuccess {
      credential {
        ...CredentialFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<CreateDockerRegistryCredentialMutation, CreateDockerRegistryCredentialMutationVariables>;
export const CreateGenericSecretCredentialDocument = new TypedDocumentString(`
    mutation CreateGenericSecretCredential($input: CreateGenericSecretCredentialInput!) {
  createGenericSecretCredential(input: $input) {
    __typename
    ... on CreateGenericSecretCredentialSuccess {
      credential {
        ...CredentialFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<CreateGenericSecretCredentialMutation, CreateGenericSecretCredentialMutationVariables>;
export const UpdateCredentialDocument = new TypedDocumentString(`
    mutation UpdateCredential($input: UpdateCredentialInput!) {
  updateCredential(input: $input) {
    __typename
    ... on UpdateCredentialSuccess {
      credential {
        ...CredentialFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<UpdateCredentialMutation, UpdateCredentialMutationVariables>;
export const RotateCredentialDocument = new TypedDocumentString(`
    mutation RotateCredential($input: RotateCredentialInput!) {
  rotateCredential(input: $input) {
    __typename
    ... on RotateCredentialSuccess {
      credential {
        ...CredentialFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<RotateCredentialMutation, RotateCredentialMutationVariables>;
export const DeleteCredentialDocument = new TypedDocumentString(`
    mutation DeleteCredential($input: DeleteCredentialInput!) {
  deleteCredential(input: $input) {
    __typename
    ... on DeleteCredentialSuccess {
      credential {
        ...CredentialFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}`) as unknown as TypedDocumentString<DeleteCredentialMutation, DeleteCredentialMutationVariables>;
export const AccountDocument = new TypedDocumentString(`
    query Account {
  account {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<AccountQuery, AccountQueryVariables>;
export const OrgTreeDocument = new TypedDocumentString(`
    query OrgTree {
  account {
    id
    name
  }
  clusters {
    ...ClusterFields
    departments {
      ...DepartmentFields
      projects {
        ...ProjectFields
      }
    }
  }
}
    fragment ClusterFields on Cluster {
  __typename
  id
  name
  version
  connection
  connectionMessage
  embedded
  manageNamespaces
}
fragment DepartmentFields on Department {
  __typename
  id
  name
  cluster {
    id
    name
  }
}
fragment ProjectFields on Project {
  __typename
  id
  name
  namespace
  department {
    id
    name
  }
  cluster {
    id
    name
  }
}`) as unknown as TypedDocumentString<OrgTreeQuery, OrgTreeQueryVariables>;
export const ClustersDocument = new TypedDocumentString(`
    query Clusters {
  clusters {
    ...ClusterFields
  }
}
    fragment ClusterFields on Cluster {
  __typename
  id
  name
  version
  connection
  connectionMessage
  embedded
  manageNamespaces
}`) as unknown as TypedDocumentString<ClustersQuery, ClustersQueryVariables>;
export const DepartmentsDocument = new TypedDocumentString(`
    query Departments($clusterId: ID) {
  departments(clusterId: $clusterId) {
    ...DepartmentFields
  }
}
    fragment DepartmentFields on Department {
  __typename
  id
  name
  cluster {
    id
    name
  }
}`) as unknown as TypedDocumentString<DepartmentsQuery, DepartmentsQueryVariables>;
export const ProjectsDocument = new TypedDocumentString(`
    query Projects($clusterId: ID, $departmentId: ID) {
  projects(clusterId: $clusterId, departmentId: $departmentId) {
    ...ProjectFields
  }
}
    fragment ProjectFields on Project {
  __typename
  id
  name
  namespace
  department {
    id
    name
  }
  cluster {
    id
    name
  }
}`) as unknown as TypedDocumentString<ProjectsQuery, ProjectsQueryVariables>;
export const ScopeDocument = new TypedDocumentString(`
    query Scope($scope: ScopeInput!) {
  scope(scope: $scope) {
    ...ScopeFields
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}`) as unknown as TypedDocumentString<ScopeQuery, ScopeQueryVariables>;
export const CreateDepartmentDocument = new TypedDocumentString(`
    mutation CreateDepartment($input: CreateDepartmentInput!) {
  createDepartment(input: $input) {
    __typename
    ... on CreateDepartmentSuccess {
      department {
        ...DepartmentFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment DepartmentFields on Department {
  __typename
  id
  name
  cluster {
    id
    name
  }
}`) as unknown as TypedDocumentString<CreateDepartmentMutation, CreateDepartmentMutationVariables>;
export const CreateProjectDocument = new TypedDocumentString(`
    mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    __typename
    ... on CreateProjectSuccess {
      project {
        ...ProjectFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment ProjectFields on Project {
  __typename
  id
  name
  namespace
  department {
    id
    name
  }
  cluster {
    id
    name
  }
}`) as unknown as TypedDocumentString<CreateProjectMutation, CreateProjectMutationVariables>;
export const DeleteProjectDocument = new TypedDocumentString(`
    mutation DeleteProject($input: DeleteByIdInput!) {
  deleteProject(input: $input) {
    __typename
    ... on DeleteProjectSuccess {
      project {
        ...ProjectFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment ProjectFields on Project {
  __typename
  id
  name
  namespace
  department {
    id
    name
  }
  cluster {
    id
    name
  }
}`) as unknown as TypedDocumentString<DeleteProjectMutation, DeleteProjectMutationVariables>;
export const DeleteDepartmentDocument = new TypedDocumentString(`
    mutation DeleteDepartment($input: DeleteByIdInput!) {
  deleteDepartment(input: $input) {
    __typename
    ... on DeleteDepartmentSuccess {
      department {
        ...DepartmentFields
      }
    }
    ...MutationErrorFields
  }
}
    fragment MutationErrorFields on Error {
  __typename
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on NameTakenError {
    name
  }
  ... on NotFoundError {
    resourceId
  }
  ... on CredentialInUseError {
    usedBy {
      kind
      id
      name
    }
  }
  ... on ScopeNotEmptyError {
    contents
  }
}
fragment DepartmentFields on Department {
  __typename
  id
  name
  cluster {
    id
    name
  }
}`) as unknown as TypedDocumentString<DeleteDepartmentMutation, DeleteDepartmentMutationVariables>;
export const CredentialChangedDocument = new TypedDocumentString(`
    subscription CredentialChanged($where: CredentialWhere, $after: String) {
  credentialChanged(where: $where, after: $after) {
    cursor
    change
    credentialId
    at
    credential {
      ...CredentialFields
    }
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}`) as unknown as TypedDocumentString<CredentialChangedSubscription, CredentialChangedSubscriptionVariables>;
export const CredentialStatusChangedDocument = new TypedDocumentString(`
    subscription CredentialStatusChanged($where: CredentialWhere, $after: String) {
  credentialStatusChanged(where: $where, after: $after) {
    ...CredentialStatusEventFields
    credential {
      ...CredentialFields
    }
  }
}
    fragment ScopeFields on Scope {
  type
  id
  name
  path {
    type
    id
    name
  }
}
fragment CredentialFields on Credential {
  __typename
  id
  name
  description
  type
  kubernetesName
  origin
  existingSecretName
  keys
  createdBy
  createdAt
  updatedBy
  updatedAt
  scope {
    ...ScopeFields
  }
  cluster {
    id
    name
  }
  environments {
    id
    name
  }
  dataSources {
    id
    name
  }
  status {
    phase
    displayText
    reason
    message
    updatedAt
  }
}
fragment CredentialStatusEventFields on CredentialStatusEvent {
  cursor
  sequence
  previousPhase
  phase
  displayText
  reason
  message
  at
}`) as unknown as TypedDocumentString<CredentialStatusChangedSubscription, CredentialStatusChangedSubscriptionVariables>;