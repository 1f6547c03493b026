/** Every error the SDK throws is a CredgateError; `instanceof` the subclasses to tell them apart. */
export class CredgateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The gateway could not be reached, or the connection broke before a response arrived. */
export class CredgateNetworkError extends CredgateError {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`Could not reach the credgate gateway at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The gateway answered with an HTTP error status and no GraphQL result. */
export class CredgateHttpError extends CredgateError {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly url: string,
  ) {
    super(`The credgate gateway answered ${status} for ${url}${body ? `: ${body.slice(0, 500)}` : ''}`);
  }
}

/**
 * The gateway refused the request's token (HTTP 401): none was sent, or it is unknown, expired or
 * revoked, or its user is disabled. Retrying will not help; get a new token (`getToken` may).
 */
export class CredgateAuthenticationError extends CredgateHttpError {
  constructor(body: string, url: string) {
    super(401, body, url);
    this.message = `The credgate gateway refused the token for ${url} (401): none was sent, or it is unknown, expired or revoked`;
  }
}

/** The typed error for an HTTP error status: CredgateAuthenticationError for 401, CredgateHttpError otherwise. */
export function httpError(status: number, body: string, url: string): CredgateHttpError {
  return status === 401 ? new CredgateAuthenticationError(body, url) : new CredgateHttpError(status, body, url);
}

export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

/** The request reached GraphQL but failed there (invalid operation, unexpected server error). */
export class CredgateGraphQLError extends CredgateError {
  constructor(
    readonly errors: ReadonlyArray<GraphQLErrorEntry>,
    readonly operationName: string,
  ) {
    super(`${operationName} failed: ${errors.map((e) => e.message).join('; ') || 'unknown GraphQL error'}`);
  }
}

export interface FieldError {
  path: string[];
  message: string;
}

export interface AssetRef {
  kind: string;
  id: string;
  name: string;
}

/** The error members of a mutation's result union, as the SDK's operations select them. */
export type MutationErrorResult =
  | { __typename: 'ValidationError'; message: string; fieldErrors: FieldError[] }
  | { __typename: 'NameTakenError'; message: string; name: string }
  | { __typename: 'NotFoundError'; message: string; resourceId: string }
  | { __typename: 'ForbiddenError'; message: string }
  | { __typename: 'CredentialInUseError'; message: string; usedBy: AssetRef[] }
  | { __typename: 'ScopeNotEmptyError'; message: string; contents: string[] };

/** A mutation returned one of its error types; thrown only by `.orThrow()` and `client.unwrap()`. */
export class CredgateMutationError extends CredgateError {
  constructor(readonly result: MutationErrorResult) {
    super(result.message);
  }

  get typename(): MutationErrorResult['__typename'] {
    return this.result.__typename;
  }
}

export class CredgateValidationError extends CredgateMutationError {
  readonly fieldErrors: FieldError[];
  constructor(result: Extract<MutationErrorResult, { __typename: 'ValidationError' }>) {
    super(result);
    this.fieldErrors = result.fieldErrors;
  }
}

export class CredgateNameTakenError extends CredgateMutationError {
  readonly takenName: string;
  constructor(result: Extract<MutationErrorResult, { __typename: 'NameTakenError' }>) {
    super(result);
    this.takenName = result.name;
  }
}

export class CredgateNotFoundError extends CredgateMutationError {
  readonly resourceId: string;
  constructor(result: Extract<MutationErrorResult, { __typename: 'NotFoundError' }>) {
    super(result);
    this.resourceId = result.resourceId;
  }
}

export class CredgateForbiddenError extends CredgateMutationError {}

export class CredgateCredentialInUseError extends CredgateMutationError {
  readonly usedBy: AssetRef[];
  constructor(result: Extract<MutationErrorResult, { __typename: 'CredentialInUseError' }>) {
    super(result);
    this.usedBy = result.usedBy;
  }
}

export class CredgateScopeNotEmptyError extends CredgateMutationError {
  readonly contents: string[];
  constructor(result: Extract<MutationErrorResult, { __typename: 'ScopeNotEmptyError' }>) {
    super(result);
    this.contents = result.contents;
  }
}

/** The typed error for one error member of a mutation union. */
export function mutationError(result: MutationErrorResult): CredgateMutationError {
  switch (result.__typename) {
    case 'ValidationError':
      return new CredgateValidationError(result);
    case 'NameTakenError':
      return new CredgateNameTakenError(result);
    case 'NotFoundError':
      return new CredgateNotFoundError(result);
    case 'ForbiddenError':
      return new CredgateForbiddenError(result);
    case 'CredentialInUseError':
      return new CredgateCredentialInUseError(result);
    case 'ScopeNotEmptyError':
      return new CredgateScopeNotEmptyError(result);
  }
  // A gateway newer than this SDK may return an error type it does not know yet.
  return new CredgateMutationError(result);
}
