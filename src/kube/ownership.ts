import type { V1Secret } from '@kubernetes/client-node';
import { CREDENTIAL_ID_LABEL, INSTALLATION_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from '../domain/secret-manifest.js';

/**
 * Who a Secret in a cluster belongs to, as far as this installation is concerned
 * (docs/ownership.md):
 * - `ours`: it carries our installation id;
 * - `legacy`: written by credgate before Secrets carried an installation id, for a credential this
 *   database holds: adopted (rewritten with our id) or removed like our own;
 * - `foreign`: anything else (another installation, an unlabelled credgate Secret of a credential
 *   we do not know, or a Secret credgate never wrote). Never rewritten, adopted or deleted.
 */
export type Ownership =
  | { kind: 'ours' }
  | { kind: 'legacy' }
  | { kind: 'foreign'; owner: string };

export function ownershipOf(secret: V1Secret, installationId: string, isOurCredential: (id: string) => boolean): Ownership {
  const labels = secret.metadata?.labels ?? {};
  const installation = labels[INSTALLATION_LABEL];
  if (installation === installationId) return { kind: 'ours' };
  if (installation) return { kind: 'foreign', owner: `credgate installation ${installation}` };
  if (labels[MANAGED_BY_LABEL] !== MANAGED_BY) {
    const managedBy = labels[MANAGED_BY_LABEL];
    return { kind: 'foreign', owner: managedBy ? `${managedBy} (not credgate)` : 'nobody known to credgate (it has no managed-by label)' };
  }
  const credentialId = labels[CREDENTIAL_ID_LABEL];
  if (credentialId && isOurCredential(credentialId)) return { kind: 'legacy' };
  return { kind: 'foreign', owner: 'a credgate installation that did not label it (its credential is not in this database)' };
}

export const mayTouch = (ownership: Ownership): boolean => ownership.kind !== 'foreign';

/** The target message of a Secret we must leave alone: names the owner, never the data. */
export function ownedElsewhereMessage(name: string, namespace: string, ownership: Extract<Ownership, { kind: 'foreign' }>): string {
  return `a Secret named ${name} already exists in ${namespace} and belongs to ${ownership.owner}; credgate leaves it alone`;
}
