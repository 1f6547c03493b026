import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { inBatches } from '../db/batches.js';
import type { DbOrTx, Tx } from '../db/connection.js';
import { clusters, credentials, credentialStatusEvents, projects, propagationTargets } from '../db/schema.js';
import { rollUpStatus, type CredentialPhase, type TargetIssue, type TargetState } from '../domain/status.js';
import type { ServiceDeps } from './context.js';
import type { CredentialRow } from './credentials.js';
import type { CredentialChangeEvent, CredentialStatusEvent } from './events.js';
import { recordCredentialChange } from './change-log.js';

export type TargetRow = typeof propagationTargets.$inferSelect;
export type StatusEventRow = typeof credentialStatusEvents.$inferSelect;

export interface TargetKey {
  credentialId: string;
  clusterId: string;
  namespace: string;
}

/** What the reconciler found or did for one target. */
export interface TargetOutcome extends TargetKey {
  /** SYNCED, FAILED, UNREACHABLE for a target that should hold the Secret; REMOVED once a Secret to delete is gone. */
  result: 'SYNCED' | 'FAILED' | 'UNREACHABLE' | 'REMOVED' | 'DELETE_FAILED';
  issue?: TargetIssue;
  message?: string;
  /** The credential generation written (SYNCED). */
  generation?: number;
}

export const keyOf = (t: TargetKey) => `${t.credentialId}/${t.clusterId}/${t.namespace}`;

/**
 * Whether storing an outcome would change the target's row. An outcome that confirms what the row
 * says is not written (not even its time): a cluster at rest costs no database writes.
 */
export function outcomeChangesTarget(target: TargetRow, outcome: TargetOutcome): boolean {
  switch (outcome.result) {
    case 'SYNCED':
      return !(target.state === 'SYNCED' && target.issue === null && target.message === null && target.syncedGeneration === (outcome.generation ?? target.syncedGeneration));
    case 'UNREACHABLE':
      return !(target.state === 'UNREACHABLE' && target.message === (outcome.message ?? null));
    case 'FAILED':
      return !(target.state === 'FAILED' && target.issue === (outcome.issue ?? 'REPLICATION_ERROR') && target.message === (outcome.message ?? null));
    case 'DELETE_FAILED':
      return !(target.state === 'DELETING' && target.issue === (outcome.issue ?? null) && target.message === (outcome.message ?? null));
    case 'REMOVED':
      return true;
  }
}

/**
 * The desired state of every cluster (which credential goes to which namespace) and the
 * observed state of every target, rolled up into each credential's status. The only writer
 * of targets and status history; events are published after each commit.
 */
export class PropagationStateService {
  /** Hears which targets need the reconciler's attention (after commit). */
  onTargetsChanged: (keys: TargetKey[]) => void = () => {};

  constructor(private readonly deps: ServiceDeps) {}

  targetsOf(credentialIds: readonly string[], db: DbOrTx = this.deps.db): TargetRow[] {
    return inBatches(credentialIds, (batch) => db.select().from(propagationTargets).where(inArray(propagationTargets.credentialId, batch))
      .orderBy(propagationTargets.clusterId, propagationTargets.namespace).all());
  }

  target(key: TargetKey, db: DbOrTx = this.deps.db): TargetRow | undefined {
    return db.select().from(propagationTargets).where(and(
      eq(propagationTargets.credentialId, key.credentialId),
      eq(propagationTargets.clusterId, key.clusterId),
      eq(propagationTargets.namespace, key.namespace),
    )).get();
  }

  targetsOfCluster(clusterId: string): TargetRow[] {
    return this.deps.db.select().from(propagationTargets).where(eq(propagationTargets.clusterId, clusterId)).all();
  }

  /** How many targets each cluster has in each state (metrics). */
  targetCounts(): { clusterId: string; state: TargetRow['state']; count: number }[] {
    return this.deps.db.select({ clusterId: propagationTargets.clusterId, state: propagationTargets.state, count: sql<number>`count(*)` })
      .from(propagationTargets).groupBy(propagationTargets.clusterId, propagationTargets.state).all();
  }

  /** The targets in one namespace of a cluster (by index: watch events never scan a cluster's targets). */
  targetsInNamespace(clusterId: string, namespace: string): TargetRow[] {
    return this.deps.db.select().from(propagationTargets)
      .where(and(eq(propagationTargets.clusterId, clusterId), eq(propagationTargets.namespace, namespace))).all();
  }

  history(credentialId: string, first: number): StatusEventRow[] {
    return this.deps.db.select().from(credentialStatusEvents).where(eq(credentialStatusEvents.credentialId, credentialId))
      .orderBy(sql`${credentialStatusEvents.sequence} desc`).limit(first).all();
  }

  /** Every status event written after the one with id `afterId`, oldest first: lets a subscriber resume without gaps. */
  eventsAfter(afterId: number, limit: number): StatusEventRow[] {
    return this.deps.db.select().from(credentialStatusEvents)
      .where(sql`${credentialStatusEvents.id} > ${afterId}`)
      .orderBy(credentialStatusEvents.id).limit(limit).all();
  }

  /** The (cluster, namespace) pairs a credential must reach. */
  desiredTargets(tx: DbOrTx, credential: CredentialRow): { clusterId: string; namespace: string }[] {
    if (credential.deletingSince) return [];
    if (credential.origin === 'EXISTING_SECRET') {
      // The Secret was made in the cluster; the gateway only watches that it is still there.
      return credential.clusterId && credential.existingSecretNamespace
        ? [{ clusterId: credential.clusterId, namespace: credential.existingSecretNamespace }]
        : [];
    }
    const scopeCondition = {
      ACCOUNT: undefined,
      CLUSTER: eq(projects.clusterId, credential.scopeId),
      DEPARTMENT: eq(projects.departmentId, credential.scopeId),
      PROJECT: eq(projects.id, credential.scopeId),
    }[credential.scopeType];
    return tx.selectDistinct({ clusterId: projects.clusterId, namespace: projects.namespace }).from(projects).where(scopeCondition).all();
  }

  /**
   * Brings a credential's target rows in line with the desired state: new targets PENDING,
   * targets no longer desired DELETING, and on rotation every live target PENDING again.
   * Runs inside the caller's transaction; returns what to do after commit.
   */
  syncCredential(tx: Tx, credentialId: string, options: { rotated?: boolean } = {}): () => void {
    const credential = tx.select().from(credentials).where(eq(credentials.id, credentialId)).get();
    if (!credential) return () => {};
    const now = this.deps.now();
    const desired = this.desiredTargets(tx, credential);
    const desiredKeys = new Set(desired.map((d) => `${d.clusterId}/${d.namespace}`));
    const existing = this.targetsOf([credentialId], tx);
    const existingKeys = new Set(existing.map((t) => `${t.clusterId}/${t.namespace}`));
    const touched: TargetKey[] = [];
    const missing = desired.filter((d) => !existingKeys.has(`${d.clusterId}/${d.namespace}`));
    for (let i = 0; i < missing.length; i += 200) {
      tx.insert(propagationTargets).values(missing.slice(i, i + 200).map((d) => ({
        credentialId, clusterId: d.clusterId, namespace: d.namespace, state: 'PENDING' as const, updatedAt: now,
      }))).run();
    }
    touched.push(...missing.map((d) => ({ credentialId, ...d })));
    for (const target of existing) {
      const wanted = desiredKeys.has(`${target.clusterId}/${target.namespace}`);
      if (!wanted && target.state !== 'DELETING') {
        this.setTarget(tx, target, { state: 'DELETING', issue: null, message: null, attempts: 0 });
        touched.push(target);
      } else if (wanted && target.state === 'DELETING') {
        this.setTarget(tx, target, { state: 'PENDING', issue: null, message: null, attempts: 0 });
        touched.push(target);
      } else if (wanted && options.rotated && credential.origin === 'MANAGED') {
        this.setTarget(tx, target, { state: 'PENDING', issue: null, message: null, attempts: 0 });
        touched.push(target);
      }
    }
    const event = this.recomputeStatus(tx, credentialId, { rotating: options.rotated });
    return () => {
      if (event) this.deps.events.publish('credentialStatusChanged', event);
      if (touched.length > 0) this.onTargetsChanged(touched);
    };
  }

  /** Re-syncs every credential that can reach a cluster (after a project was added, moved or removed). */
  syncCluster(tx: Tx, clusterId: string): () => void {
    const reaching = tx.select({ id: credentials.id }).from(credentials)
      .where(or(eq(credentials.scopeType, 'ACCOUNT'), eq(credentials.clusterId, clusterId))).all();
    const after = reaching.map(({ id }) => this.syncCredential(tx, id));
    return () => after.forEach((run) => run());
  }

  /** Whether a credential being deleted still has Secrets to remove. */
  hasTargets(tx: DbOrTx, credentialId: string): boolean {
    return tx.select({ n: sql<number>`count(*)` }).from(propagationTargets).where(eq(propagationTargets.credentialId, credentialId)).get()!.n > 0;
  }

  /** Records what the reconciler did, in one transaction for a batch, and publishes the resulting status changes. */
  recordOutcomes(outcomes: TargetOutcome[]): { requeue: TargetKey[] } {
    const requeue: TargetKey[] = [];
    const events: CredentialStatusEvent[] = [];
    const purged: CredentialChangeEvent[] = [];
    this.deps.db.transaction((tx) => {
      const now = this.deps.now();
      const affected = new Set<string>();
      for (const outcome of outcomes) {
        const target = this.target(outcome, tx);
        if (!target) continue;
        if (!outcomeChangesTarget(target, outcome)) continue;
        const credential = tx.select({ generation: credentials.generation }).from(credentials).where(eq(credentials.id, outcome.credentialId)).get();
        const removing = target.state === 'DELETING';
        if (outcome.result === 'REMOVED' || outcome.result === 'DELETE_FAILED') {
          if (!removing) {
            requeue.push(outcome); // the target became desired again meanwhile
            continue;
          }
          if (outcome.result === 'REMOVED') {
            tx.delete(propagationTargets).where(and(
              eq(propagationTargets.credentialId, target.credentialId),
              eq(propagationTargets.clusterId, target.clusterId),
              eq(propagationTargets.namespace, target.namespace),
            )).run();
          } else {
            // No issue, only a message, when the cluster could not be reached (see rollUpStatus).
            this.setTarget(tx, target, { issue: outcome.issue ?? null, message: outcome.message ?? null, attempts: target.attempts + 1 });
          }
          affected.add(outcome.credentialId);
          continue;
        }
        if (removing) {
          requeue.push(outcome); // no longer desired: the Secret must go, whatever was just written
          continue;
        }
        if (outcome.result === 'SYNCED') {
          if (credential && outcome.generation !== undefined && outcome.generation < credential.generation) {
            requeue.push(outcome); // rotated while we wrote: write the newer values
            continue;
          }
          this.setTarget(tx, target, { state: 'SYNCED', issue: null, message: null, attempts: 0, syncedGeneration: outcome.generation ?? target.syncedGeneration, syncedAt: now });
        } else {
          this.setTarget(tx, target, {
            state: outcome.result,
            issue: outcome.result === 'FAILED' ? (outcome.issue ?? 'REPLICATION_ERROR') : null,
            message: outcome.message ?? null,
            attempts: target.attempts + 1,
          });
        }
        affected.add(outcome.credentialId);
      }
      for (const credentialId of affected) {
        const credential = tx.select().from(credentials).where(eq(credentials.id, credentialId)).get();
        if (credential?.deletingSince && !this.hasTargets(tx, credentialId)) {
          tx.delete(credentials).where(eq(credentials.id, credentialId)).run();
          purged.push(recordCredentialChange(tx, 'DELETED', credential, this.deps.now()));
          continue;
        }
        const event = this.recomputeStatus(tx, credentialId);
        if (event) events.push(event);
      }
    });
    for (const event of events) this.deps.events.publish('credentialStatusChanged', event);
    for (const change of purged) this.deps.events.publish('credentialChanged', change);
    return { requeue };
  }

  credentialsWithTargetsOn(tx: DbOrTx, clusterId: string): string[] {
    return tx.selectDistinct({ id: propagationTargets.credentialId }).from(propagationTargets)
      .where(eq(propagationTargets.clusterId, clusterId)).all().map((row) => row.id);
  }

  /**
   * After targets vanished with their cluster: credentials being deleted that have nothing left
   * are removed, the others rolled up again. Runs in the caller's transaction; returns what to
   * publish after commit.
   */
  targetsRemoved(tx: DbOrTx, credentialIds: string[]): () => void {
    const events: CredentialStatusEvent[] = [];
    const purged: CredentialChangeEvent[] = [];
    for (const credentialId of credentialIds) {
      const credential = tx.select({ id: credentials.id, scopeType: credentials.scopeType, scopeId: credentials.scopeId, clusterId: credentials.clusterId, deletingSince: credentials.deletingSince })
        .from(credentials).where(eq(credentials.id, credentialId)).get();
      if (!credential) continue;
      if (credential.deletingSince && !this.hasTargets(tx, credentialId)) {
        tx.delete(credentials).where(eq(credentials.id, credentialId)).run();
        purged.push(recordCredentialChange(tx, 'DELETED', credential, this.deps.now()));
        continue;
      }
      const event = this.recomputeStatus(tx, credentialId);
      if (event) events.push(event);
    }
    return () => {
      for (const event of events) this.deps.events.publish('credentialStatusChanged', event);
      for (const change of purged) this.deps.events.publish('credentialChanged', change);
    };
  }

  /** Rolls up again every credential with a target on a cluster (its version changed). */
  recomputeCluster(clusterId: string): void {
    const events: CredentialStatusEvent[] = [];
    this.deps.db.transaction((tx) => {
      const ids = tx.selectDistinct({ id: propagationTargets.credentialId }).from(propagationTargets)
        .where(eq(propagationTargets.clusterId, clusterId)).all();
      for (const { id } of ids) {
        const event = this.recomputeStatus(tx, id);
        if (event) events.push(event);
      }
    });
    for (const event of events) this.deps.events.publish('credentialStatusChanged', event);
  }

  /** A cluster stopped answering: its targets are UNREACHABLE until it is back. */
  markClusterUnreachable(clusterId: string, message: string): void {
    const events: CredentialStatusEvent[] = [];
    this.deps.db.transaction((tx) => {
      const rows = tx.select().from(propagationTargets).where(eq(propagationTargets.clusterId, clusterId)).all();
      const affected = new Set<string>();
      for (const row of rows) {
        if (row.state === 'DELETING') {
          if (row.message === null) this.setTarget(tx, row, { issue: null, message });
          else continue;
        } else if (row.state !== 'UNREACHABLE') {
          this.setTarget(tx, row, { state: 'UNREACHABLE', issue: null, message });
        } else continue;
        affected.add(row.credentialId);
      }
      for (const id of affected) {
        const event = this.recomputeStatus(tx, id);
        if (event) events.push(event);
      }
    });
    for (const event of events) this.deps.events.publish('credentialStatusChanged', event);
  }

  /** Rolls a credential's targets up into its phase; writes and returns an event when the phase or reason changed. */
  recomputeStatus(tx: DbOrTx, credentialId: string, options: { rotating?: boolean } = {}): CredentialStatusEvent | null {
    const credential = tx.select().from(credentials).where(eq(credentials.id, credentialId)).get();
    if (!credential) return null;
    const targets = this.targetsOf([credentialId], tx);
    const clusterRows = tx.select({ id: clusters.id, name: clusters.name, version: clusters.version }).from(clusters)
      .where(inArray(clusters.id, [...new Set(targets.map((t) => t.clusterId)), '']))
      .all();
    const rotating = options.rotating || targets.some((t) => t.state !== 'DELETING' && t.syncedGeneration !== null && t.syncedGeneration < credential.generation);
    const status = rollUpStatus({
      scopeType: credential.scopeType,
      deleting: credential.deletingSince !== null,
      rotating,
      settledBefore: this.wasReady(tx, credentialId),
      targets,
      clusterVersions: new Map(clusterRows.map((c) => [c.id, c.version])),
      clusterName: (id) => clusterRows.find((c) => c.id === id)?.name ?? id,
    });
    const unchanged = status.phase === credential.phase && status.reason === credential.statusReason && status.message === credential.statusMessage;
    if (unchanged && this.hasHistory(tx, credentialId)) return null;
    const now = this.deps.now();
    tx.update(credentials).set({ phase: status.phase, statusReason: status.reason, statusMessage: status.message, statusUpdatedAt: now })
      .where(eq(credentials.id, credentialId)).run();
    const last = tx.select({ sequence: credentialStatusEvents.sequence, phase: credentialStatusEvents.phase }).from(credentialStatusEvents)
      .where(eq(credentialStatusEvents.credentialId, credentialId)).orderBy(sql`${credentialStatusEvents.sequence} desc`).limit(1).get();
    const event = {
      credentialId,
      sequence: (last?.sequence ?? 0) + 1,
      previousPhase: last?.phase ?? null,
      phase: status.phase,
      reason: status.reason,
      message: status.message,
      at: now,
    };
    const { id } = tx.insert(credentialStatusEvents).values(event).returning({ id: credentialStatusEvents.id }).get();
    return { ...event, id, snapshot: { ...credential, phase: status.phase, statusReason: status.reason, statusMessage: status.message, statusUpdatedAt: now } };
  }

  private wasReady(tx: DbOrTx, credentialId: string): boolean {
    return tx.select({ id: credentialStatusEvents.id }).from(credentialStatusEvents)
      .where(and(eq(credentialStatusEvents.credentialId, credentialId), inArray(credentialStatusEvents.phase, ['READY', 'NO_STATUS'])))
      .limit(1).get() !== undefined;
  }

  private hasHistory(tx: DbOrTx, credentialId: string): boolean {
    return tx.select({ id: credentialStatusEvents.id }).from(credentialStatusEvents).where(eq(credentialStatusEvents.credentialId, credentialId)).limit(1).get() !== undefined;
  }

  private setTarget(tx: DbOrTx, target: TargetKey, changes: Partial<Omit<TargetRow, 'credentialId' | 'clusterId' | 'namespace'>>): void {
    tx.update(propagationTargets).set({ ...changes, updatedAt: this.deps.now() }).where(and(
      eq(propagationTargets.credentialId, target.credentialId),
      eq(propagationTargets.clusterId, target.clusterId),
      eq(propagationTargets.namespace, target.namespace),
    )).run();
  }
}

export type { TargetState, CredentialPhase };
