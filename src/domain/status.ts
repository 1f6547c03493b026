export type CredentialPhase = 'CREATING' | 'UPDATING' | 'READY' | 'ISSUES_FOUND' | 'DELETING' | 'DELETION_FAILED' | 'NO_STATUS';
export type StatusReason = 'PROPAGATION_FAILED' | 'CLUSTER_UNREACHABLE';
export type TargetState = 'PENDING' | 'SYNCED' | 'FAILED' | 'UNREACHABLE' | 'DELETING';
export type TargetIssue = 'NOT_CREATED' | 'REPLICATION_ERROR' | 'LOST';

/** What a dashboard shows for each phase (DESIGN §4). */
export const displayTextOf: Record<CredentialPhase, string> = {
  CREATING: 'Creating…',
  UPDATING: 'Updating…',
  READY: 'No issues found',
  ISSUES_FOUND: 'Issues found',
  DELETING: 'Deleting…',
  DELETION_FAILED: 'Deletion failed',
  NO_STATUS: 'No status',
};
