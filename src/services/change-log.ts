import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/connection.js';
import { credentialChangeEvents } from '../db/schema.js';
import type { CredentialChange, CredentialChangeEvent } from './events.js';

/** Writes a change event in the caller's transaction; publish it after the commit. */
export function recordCredentialChange(tx: DbOrTx, change: CredentialChange, credentialId: string, at: string): CredentialChangeEvent {
  const { id } = tx.insert(credentialChangeEvents).values({ credentialId, change, at }).returning({ id: credentialChangeEvents.id }).get();
  return { id, change, credentialId, at };
}

/** Change events written after the one with id `afterId`, oldest first. */
export function credentialChangesAfter(db: DbOrTx, afterId: number, limit: number): CredentialChangeEvent[] {
  return db.select().from(credentialChangeEvents).where(sql`${credentialChangeEvents.id} > ${afterId}`)
    .orderBy(credentialChangeEvents.id).limit(limit).all();
}
