import { builder } from './builder.js';

/** A credential's overall propagation state (docs/status.md); `displayTextOf` in src/domain/status.ts gives its text. */
export const CredentialPhaseEnum = builder.enumType('CredentialPhase', {
  values: ['CREATING', 'UPDATING', 'READY', 'ISSUES_FOUND', 'DELETING', 'DELETION_FAILED', 'NO_STATUS'] as const,
});

export const StatusReasonEnum = builder.enumType('StatusReason', {
  values: ['PROPAGATION_FAILED', 'CLUSTER_UNREACHABLE'] as const,
});

export const TargetStateEnum = builder.enumType('TargetState', {
  values: ['PENDING', 'SYNCED', 'FAILED', 'UNREACHABLE', 'DELETING'] as const,
});

export const TargetIssueEnum = builder.enumType('TargetIssue', {
  values: {
    NOT_CREATED: { description: 'The namespace does not exist and the cluster is set not to create namespaces.' },
    REPLICATION_ERROR: { description: 'The cluster refused or failed the write; the message says why.' },
    LOST: { description: 'The Secret was deleted or changed outside credgate (or its source Secret is gone).' },
    OWNED_ELSEWHERE: { description: 'A Secret with this name belongs to another installation or to nobody we know; credgate leaves it alone. The message names its owner.' },
  } as const,
});
