import { z } from 'zod';
import type { CredentialType } from './credential.js';
import { SECRET_KEY } from './names.js';
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

/** The permission bits of files in a Secret volume when none are given (Kubernetes' default, 0644). */
export const DEFAULT_FILE_MODE = 0o644;
export const MAX_VOLUME_ITEMS = 256;

/**
 * A file mode as Kubernetes takes it (0 to 0777): an octal string as Run:ai writes it ("0400",
 * also "400"), or the number itself (256, as in a pod spec's JSON). Messages never repeat the value.
 */
export const fileModeSchema = z.union(
  [
    z.string().regex(/^0?[0-7]{3}$/, 'must be an octal mode of three digits, optionally after a 0, between "0000" and "0777" (e.g. "0400")')
      .transform((text) => Number.parseInt(text, 8)),
    z.number().int('must be a whole number').min(0, 'must be between 0 and 0777 (511)').max(0o777, 'must be between 0 and 0777 (511)'),
  ],
  { error: 'must be an octal mode such as "0400"' },
);

/** A mode as Run:ai and `ls -l` users read it: four octal digits ("0644"). */
export function formatFileMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

/** Kubernetes' rule for a key's file path in a volume: relative, with no ".." element (and not starting with ".."). */
function isLocalDescendingPath(path: string): boolean {
  return !path.startsWith('/') && !path.startsWith('..') && !path.split('/').includes('..') && !path.includes('\0');
}

export interface SecretVolumeItem {
  key: string;
  path: string;
  /** Octal permission bits of this file; the volume's defaultMode when absent. */
  mode?: number | null;
}

/** Which keys of the Secret a volume projects, and to which files (Kubernetes KeyToPath); none given: every key, as a file named after it. */
export const secretVolumeItemsSchema = z
  .array(
    z.object({
      key: z.string({ error: 'is required' }).min(1, 'is required').max(253, 'must be at most 253 characters')
        .regex(SECRET_KEY, "must consist of alphanumeric characters, '-', '_' or '.'"),
      path: z.string({ error: 'is required' }).min(1, 'is required').max(1024, 'must be at most 1024 characters')
        .refine(isLocalDescendingPath, 'must be a relative path without ".." elements (e.g. "ssh/id_rsa")'),
      mode: fileModeSchema.nullish(),
    }),
    { error: 'must be a list of { key, path, mode }' },
  )
  .max(MAX_VOLUME_ITEMS, `must hold at most ${MAX_VOLUME_ITEMS} items`)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.path)) ctx.addIssue({ code: 'custom', path: [i, 'path'], message: 'is the path of another item' });
      seen.add(item.path);
    });
  });

/** The items whose key the credential does not hold (Kubernetes would refuse to start the pod). */
export function itemsMissingKeys(items: readonly SecretVolumeItem[], keys: readonly string[]): { index: number; key: string }[] {
  const held = new Set(keys);
  return items.flatMap((item, index) => (held.has(item.key) ? [] : [{ index, key: item.key }]));
}
