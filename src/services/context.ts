import type { Db, Tx } from '../db/connection.js';
import type { Keyring } from '../secrets/keyring.js';
import type { Logger } from '../log.js';
import { DomainError } from '../domain/errors.js';
import { auditEvents } from '../db/schema.js';
import type { EventBus } from './events.js';

/** Who is acting. Until access control lands every caller is the built-in administrator. */
export interface Actor {
  id: string;
  name: string;
  role: 'SYSTEM_ADMINISTRATOR';
  builtin: boolean;
}

export const BUILTIN_ADMIN: Actor = {
  id: 'builtin-admin',
  name: 'builtin-admin',
  role: 'SYSTEM_ADMINISTRATOR',
  builtin: true,
};

export interface ServiceDeps {
  db: Db;
  keyring: Keyring;
  events: EventBus;
  log: Logger;
  now: () => string;
}

export interface AuditTarget {
  type: string;
  id?: string | null;
  name?: string | null;
}

export interface MutationOutcome<T> {
  result: T;
  target: AuditTarget;
  /** Run after the transaction commits: publishing events, waking the reconciler. */
  afterCommit?: () => void;
}

/** Marks an error whose failure is in the audit log already. */
const AUDITED = Symbol.for('credgate.audited');

export function isAudited(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[AUDITED] === true;
}

/** Writes a FAILURE audit record (error type and message only: they never carry secret values). */
export function recordFailure(deps: ServiceDeps, actor: Actor, action: string, target: AuditTarget, error: unknown, detail?: string): void {
  if (isAudited(error)) return;
  deps.db
    .insert(auditEvents)
    .values({
      at: deps.now(),
      actor: actor.name,
      action,
      targetType: target.type,
      targetId: target.id ?? null,
      targetName: target.name ?? null,
      outcome: 'FAILURE',
      detail: detail ?? (error instanceof DomainError ? `${error.name}: ${error.message}` : 'internal error'),
    })
    .run();
  if (detail || error instanceof DomainError) {
    deps.log.info({ action, actor: actor.name, target, outcome: 'FAILURE', error: (error as Error).name }, 'mutation');
  } else {
    deps.log.error({ err: { message: (error as Error).message }, action }, 'mutation failed');
  }
  if (typeof error === 'object' && error !== null) (error as Record<symbol, unknown>)[AUDITED] = true;
}

/**
 * Runs one mutation as one transaction, with its audit record written in the same
 * transaction on success, or on its own after the rollback on failure.
 * Audit details hold error types and messages, which never carry secret values.
 */
export function runMutation<T>(
  deps: ServiceDeps,
  actor: Actor,
  action: string,
  attemptedTarget: AuditTarget,
  body: (tx: Tx) => MutationOutcome<T>,
): T {
  let outcome: MutationOutcome<T>;
  try {
    outcome = deps.db.transaction((tx) => {
      const done = body(tx);
      tx.insert(auditEvents)
        .values({
          at: deps.now(),
          actor: actor.name,
          action,
          targetType: done.target.type,
          targetId: done.target.id ?? null,
          targetName: done.target.name ?? null,
          outcome: 'SUCCESS',
        })
        .run();
      return done;
    });
  } catch (error) {
    recordFailure(deps, actor, action, attemptedTarget, error);
    throw error;
  }
  deps.log.info({ action, actor: actor.name, target: outcome.target, outcome: 'SUCCESS' }, 'mutation');
  outcome.afterCommit?.();
  return outcome.result;
}
