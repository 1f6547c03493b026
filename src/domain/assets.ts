import type { CredentialType } from './credential.js';
import { isVisibleFrom, type ScopeNode, type ScopeRef } from './scope.js';

/** What an asset uses a credential for; each purpose admits certain credential types (DESIGN §9). */
export type CredentialPurpose = 'IMAGE_PULL' | 'VARIABLE' | 'GIT' | 'S3' | 'SECRET_VOLUME';

export interface UsableCredential {
  type: CredentialType;
  keys: string[];
  scope: ScopeRef;
  deleting: boolean;
}

/** Why a credential cannot serve a purpose for an asset at a scope, or null when it can. */
export function credentialUseProblem(
  purpose: CredentialPurpose,
  credential: UsableCredential,
  assetScope: ScopeNode,
  key?: string,
): string | null {
  if (credential.deleting) return 'the credential is being deleted';
  if (!isVisibleFrom(credential.scope, assetScope)) {
    return 'the credential must belong to the same scope as the asset or to a scope above it';
  }
  switch (purpose) {
    case 'IMAGE_PULL':
      return credential.type === 'DOCKER_REGISTRY' ? null : 'an image pull credential must be a DOCKER_REGISTRY credential';
    case 'S3':
      return credential.type === 'ACCESS_KEY' ? null : 'an S3 data source needs an ACCESS_KEY credential';
    case 'GIT':
      if (credential.type === 'PASSWORD') return null;
      if (credential.type === 'GENERIC_SECRET' && credential.keys.includes('ssh')) return null;
      return 'a Git data source needs a PASSWORD credential or a GENERIC_SECRET credential holding the key "ssh"';
    case 'VARIABLE':
      if (key === undefined || !credential.keys.includes(key)) {
        return `the credential has no key "${key ?? ''}"; its keys are ${credential.keys.join(', ')}`;
      }
      return null;
    case 'SECRET_VOLUME':
      return null;
  }
}

export const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
