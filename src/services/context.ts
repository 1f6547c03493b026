import type { Db, Tx } from '../db/connection.js';
import type { Keyring } from '../secrets/keyring.js';
import type { Logger } from '../log.js';
import { DomainError } from '../domain/errors.js';
import { auditEvents } from '../db/schema.js';
import type { EventBus } from './events.js';
import type { AccessSubject } from '../domain/access.js';

/**
 * Who is acting: a user authenticated by an API token or an OIDC JWT, with the grants of their
 * access rules (their own and their groups'), resolved once per request. See src/domain/access.ts.
 */
export interface Actor extends AccessSubject {
  /** The user's id ('builtin-admin' for the gateway's own actions). */
  id: string;
  name: string;
  kind: 'LOCAL' | 'OIDC' | 'BUILTIN' | 'ANONYMOUS';
  /** OIDC groups from the groups claim (empty for API tokens). */
  groups: readonly string[];
  /** The API token the request carried, so a long subscription can end when it is revoked. */
  tokenId: string | null;
  /** When the credential presented stops being valid (token expiry, JWT exp), if ever. */
  expiresAt: string | null;
  builtin: boolean;
}

/** The gateway itself: the reconciler, the clusters file, the demo organisation. Never a request's caller. */
export const BUILTIN_ADMIN: Actor = {
  id: 'builtin-admin',
  name: 'builtin-admin',
  kind: 'BUILTIN',
  groups: [],
  tokenId: null,
  expiresAt: null,
  builtin: true,
  systemAdministrator: true,
  grants: [],
};

/** A request that carried no credentials where none are needed (the GraphiQL page): sees and may do nothing. */
export const ANONYMOUS: Actor = {
  id: 'anonymous',
  name: 'anonymous',
  kind: 'ANONYMOUS',
  groups: [],
  tokenId: null,
  expiresAt: null,
  builtin: false,
  systemAdministrator: false,
  grants: [],
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
