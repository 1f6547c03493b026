export type CredentialPhase = 'CREATING' | 'UPDATING' | 'READY' | 'ISSUES_FOUND' | 'DELETING' | 'DELETION_FAILED' | 'NO_STATUS';
export type StatusReason = 'PROPAGATION_FAILED' | 'CLUSTER_UNREACHABLE';
export type TargetState = 'PENDING' | 'SYNCED' | 'FAILED' | 'UNREACHABLE' | 'DELETING';
export type TargetIssue = 'NOT_CREATED' | 'REPLICATION_ERROR' | 'LOST' | 'OWNED_ELSEWHERE';

/** What a dashboard shows for each phase (docs/status.md). */
export const displayTextOf: Record<CredentialPhase, string> = {
  CREATING: 'Creating…',
  UPDATING: 'Updating…',
  READY: 'No issues found',
  ISSUES_FOUND: 'Issues found',
  DELETING: 'Deleting…',
  DELETION_FAILED: 'Deletion failed',
  NO_STATUS: 'No status',
};

export interface TargetStatus {
  clusterId: string;
  namespace: string;
  state: TargetState;
  issue: TargetIssue | null;
  message: string | null;
}

export interface RolledUpStatus {
  phase: CredentialPhase;
  reason: StatusReason | null;
  message: string | null;
}

/** Clusters older than this get no status (NO_STATUS: docs/status.md). */
export const MIN_KUBERNETES_VERSION = { major: 1, minor: 24 };

export function isSupportedVersion(version: string | null | undefined): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return true; // unknown yet: do not hide the status
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > MIN_KUBERNETES_VERSION.major || (major === MIN_KUBERNETES_VERSION.major && minor >= MIN_KUBERNETES_VERSION.minor);
}

function describeFailures(failed: TargetStatus[], total: number, clusterName: (id: string) => string): string {
  const first = failed[0];
  const where = `${first.namespace} on ${clusterName(first.clusterId)}`;
  const detail = first.message ? `: ${first.message}` : '';
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more)` : '';
  return `${failed.length} of ${total} namespaces failed; ${where}${detail}${more}`;
}

/**
 * The credential's phase from its targets, as the table in docs/status.md says. Pending targets mean
 * CREATING until the credential has once been READY (its first propagation, failures included),
 * and UPDATING after that or during a rotation.
 */
export function rollUpStatus(input: {
  scopeType: 'ACCOUNT' | 'CLUSTER' | 'DEPARTMENT' | 'PROJECT';
  deleting: boolean;
  rotating: boolean;
  /** Whether the credential has been READY before: its first propagation is over. */
  settledBefore: boolean;
  targets: TargetStatus[];
  clusterVersions: Map<string, string | null>;
  clusterName: (clusterId: string) => string;
}): RolledUpStatus {
  const { targets } = input;
  // A Secret still to be removed (DELETING) carries an issue once removing it failed, or only a
  // message while its cluster cannot be reached.
  const removalUnreachable = (t: TargetStatus) => t.state === 'DELETING' && t.issue === null && t.message !== null;
  if (input.deleting) {
    const failed = targets.filter((t) => t.issue !== null || t.state === 'FAILED' || t.state === 'UNREACHABLE' || removalUnreachable(t));
    if (failed.length > 0) {
      return { phase: 'DELETION_FAILED', reason: null, message: describeFailures(failed, targets.length, input.clusterName) };
    }
    return { phase: 'DELETING', reason: null, message: null };
  }
  if (input.scopeType === 'ACCOUNT') return { phase: 'NO_STATUS', reason: null, message: null };
  const clusterIds = [...new Set(targets.map((t) => t.clusterId))];
  if (clusterIds.length > 0 && clusterIds.every((id) => !isSupportedVersion(input.clusterVersions.get(id)))) {
    return { phase: 'NO_STATUS', reason: null, message: null };
  }
  // A Secret that should be gone but could not be removed is an issue too.
  const failed = targets.filter((t) => t.state === 'FAILED' || (t.state === 'DELETING' && t.issue !== null));
  if (failed.length > 0) {
    return { phase: 'ISSUES_FOUND', reason: 'PROPAGATION_FAILED', message: describeFailures(failed, targets.length, input.clusterName) };
  }
  if (targets.some((t) => t.state === 'UNREACHABLE' || removalUnreachable(t))) {
    return { phase: 'ISSUES_FOUND', reason: 'CLUSTER_UNREACHABLE', message: 'Failed to access the cluster' };
  }
  if (targets.some((t) => t.state === 'PENDING' || t.state === 'DELETING')) {
    return { phase: input.settledBefore || input.rotating ? 'UPDATING' : 'CREATING', reason: null, message: null };
  }
  return { phase: 'READY', reason: null, message: null };
}
