import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/connection.js';
import { credentialChangeEvents, type credentials } from '../db/schema.js';
import type { CredentialChange, CredentialChangeEvent } from './events.js';

/** What a change event keeps of its credential: the id, and the scope that decides who may hear of it. */
export type ChangedCredential = Pick<typeof credentials.$inferSelect, 'id' | 'scopeType' | 'scopeId' | 'clusterId'>;

/**
 * Writes a change event in the caller's transaction; publish it after the commit. The credential's
 * scope is written with it, so that a DELETED event, replayed after a restart, still reaches exactly
 * those who could see the credential (pass the row as it was before it was deleted).
 */
export function recordCredentialChange(tx: DbOrTx, change: CredentialChange, credential: ChangedCredential, at: string): CredentialChangeEvent {
  const event = { credentialId: credential.id, change, at, scopeType: credential.scopeType, scopeId: credential.scopeId, clusterId: credential.clusterId };
  const { id } = tx.insert(credentialChangeEvents).values(event).returning({ id: credentialChangeEvents.id }).get();
  return { id, ...event };
}

/** Change events written after the one with id `afterId`, oldest first. */
export function credentialChangesAfter(db: DbOrTx, afterId: number, limit: number): CredentialChangeEvent[] {
  return db.select().from(credentialChangeEvents).where(sql`${credentialChangeEvents.id} > ${afterId}`)
    .orderBy(credentialChangeEvents.id).limit(limit).all();
}
