import { describe, expect, it } from 'vitest';
import { displayTextOf, isSupportedVersion, rollUpStatus, type TargetStatus } from '../../src/domain/status.js';

const target = (state: TargetStatus['state'], extra: Partial<TargetStatus> = {}): TargetStatus => ({
  clusterId: 'c1', namespace: `ns-${Math.random().toString(36).slice(2, 6)}`, state, issue: null, message: null, ...extra,
});

const roll = (targets: TargetStatus[], options: Partial<Parameters<typeof rollUpStatus>[0]> = {}) =>
  rollUpStatus({
    scopeType: 'DEPARTMENT', deleting: false, rotating: false, settledBefore: false, targets,
    clusterVersions: new Map([['c1', 'v1.32.0'], ['old', 'v1.20.3']]), clusterName: (id) => (id === 'c1' ? 'local' : id),
    ...options,
  });

describe('the status roll-up of DESIGN §4', () => {
  it('shows the display texts of the table', () => {
    expect(displayTextOf).toEqual({
      CREATING: 'Creating…', UPDATING: 'Updating…', READY: 'No issues found', ISSUES_FOUND: 'Issues found',
      DELETING: 'Deleting…', DELETION_FAILED: 'Deletion failed', NO_STATUS: 'No status',
    });
  });

  it('is CREATING during the first propagation, UPDATING during a rotation or once it has been READY', () => {
    expect(roll([target('SYNCED'), target('PENDING')]).phase).toBe('CREATING');
    expect(roll([target('SYNCED'), target('PENDING')], { rotating: true }).phase).toBe('UPDATING');
    expect(roll([target('SYNCED'), target('PENDING')], { settledBefore: true }).phase).toBe('UPDATING');
  });

  it('is READY when every target is SYNCED, and for an empty scope', () => {
    expect(roll([target('SYNCED'), target('SYNCED')])).toEqual({ phase: 'READY', reason: null, message: null });
    expect(roll([]).phase).toBe('READY');
  });

  it('reports a failed target as ISSUES_FOUND / PROPAGATION_FAILED naming the namespace, before anything pending', () => {
    const status = roll([target('FAILED', { namespace: 'runai-a', issue: 'REPLICATION_ERROR', message: 'boom' }), target('PENDING'), target('SYNCED')]);
    expect(status).toEqual({ phase: 'ISSUES_FOUND', reason: 'PROPAGATION_FAILED', message: '1 of 3 namespaces failed; runai-a on local: boom' });
  });

  it('reports an unreachable cluster as ISSUES_FOUND / CLUSTER_UNREACHABLE with the table message', () => {
    expect(roll([target('UNREACHABLE'), target('SYNCED')])).toEqual({ phase: 'ISSUES_FOUND', reason: 'CLUSTER_UNREACHABLE', message: 'Failed to access the cluster' });
  });

  it('counts a Secret that could not be removed (a project left the scope) as an issue', () => {
    expect(roll([target('SYNCED'), target('DELETING', { issue: 'REPLICATION_ERROR', message: 'Forbidden' })]).reason).toBe('PROPAGATION_FAILED');
  });

  it('reports a Secret to remove on an unreachable cluster as CLUSTER_UNREACHABLE, not as a failure', () => {
    const waiting = target('DELETING', { message: 'Failed to access the cluster' });
    expect(roll([target('SYNCED'), waiting])).toEqual({ phase: 'ISSUES_FOUND', reason: 'CLUSTER_UNREACHABLE', message: 'Failed to access the cluster' });
    expect(roll([waiting], { deleting: true }).phase).toBe('DELETION_FAILED');
  });

  it('is DELETING while Secrets are removed, DELETION_FAILED when removing one failed', () => {
    expect(roll([target('DELETING')], { deleting: true }).phase).toBe('DELETING');
    expect(roll([target('DELETING', { issue: 'REPLICATION_ERROR', message: 'Failed to access the cluster' })], { deleting: true }).phase).toBe('DELETION_FAILED');
  });

  it('is NO_STATUS for the account scope, and when every target cluster is older than the supported minimum', () => {
    expect(roll([target('SYNCED')], { scopeType: 'ACCOUNT' }).phase).toBe('NO_STATUS');
    expect(roll([target('SYNCED', { clusterId: 'old' })]).phase).toBe('NO_STATUS');
    expect(roll([target('SYNCED', { clusterId: 'old' }), target('SYNCED')]).phase).toBe('READY');
    expect([isSupportedVersion('v1.24.0'), isSupportedVersion('v1.23.9'), isSupportedVersion('v2.0'), isSupportedVersion(null)]).toEqual([true, false, true, true]);
  });
});
