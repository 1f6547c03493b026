/**
 * Errors a caller can meet and act on. The GraphQL layer exposes each as a type in the
 * mutation result unions; messages never contain secret values.
 */
export abstract class DomainError extends Error {}

export interface FieldError {
  path: string[];
  message: string;
}

export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(readonly fieldErrors: FieldError[]) {
    super(
      fieldErrors.length === 1
        ? `Invalid input: ${fieldErrors[0].path.join('.') || 'input'}: ${fieldErrors[0].message}`
        : `Invalid input: ${fieldErrors.length} fields need attention (see fieldErrors)`,
    );
  }
  static of(path: string[], message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

export type AssetKind = 'ENVIRONMENT' | 'DATA_SOURCE' | 'CREDENTIAL' | 'CLUSTER' | 'DEPARTMENT' | 'PROJECT';

export class NameTakenError extends DomainError {
  override name = 'NameTakenError';
  constructor(readonly kind: AssetKind, readonly takenName: string) {
    super(`A ${kindLabel(kind)} named "${takenName}" already exists in this scope; choose another name`);
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  /** `id` is as the caller wrote it when `asGiven`, else the internal id. */
  constructor(
    readonly kind: AssetKind | 'SCOPE' | 'EXISTING_SECRET' | 'USER' | 'ACCESS_RULE' | 'ACCESS_TOKEN',
    readonly id: string,
    readonly asGiven = false,
  ) {
    super(`No ${kindLabel(kind)} with this id exists, or you cannot see it`);
  }
}

export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  constructor(message = 'You are not allowed to do this; ask an administrator for a role that allows it') {
    super(message);
  }
}

export interface AssetRef {
  kind: 'ENVIRONMENT' | 'DATA_SOURCE';
  id: string;
  name: string;
}

export class CredentialInUseError extends DomainError {
  override name = 'CredentialInUseError';
  /** `usedBy` holds what the caller may see; `hiddenCount` counts the other users, unnamed. */
  constructor(readonly usedBy: AssetRef[], readonly hiddenCount = 0) {
    super(
      `The credential is used by ${[
        ...usedBy.map((a) => `${kindLabel(a.kind)} "${a.name}"`),
        ...(hiddenCount > 0 ? [`${hiddenCount} asset${hiddenCount === 1 ? '' : 's'} you cannot see`] : []),
      ].join(', ')}; remove it from them before deleting it`,
    );
  }
}

/** A scope (cluster, department) that still holds projects or assets cannot be deleted. */
export class ScopeNotEmptyError extends DomainError {
  override name = 'ScopeNotEmptyError';
  constructor(readonly kind: AssetKind, readonly scopeName: string, readonly contents: string[]) {
    super(`The ${kindLabel(kind)} "${scopeName}" still has ${contents.join(', ')}; move or delete them first`);
  }
}

function kindLabel(kind: string): string {
  return kind.toLowerCase().replace(/_/g, ' ');
}
