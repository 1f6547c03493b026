import { builder } from './builder.js';

/** A credential's overall propagation state (DESIGN §4); `displayTextOf` in src/domain/status.ts gives its text. */
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
  values: ['NOT_CREATED', 'REPLICATION_ERROR', 'LOST'] as const,
});
