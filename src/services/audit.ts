import { asc, desc, gt, lt, sql } from 'drizzle-orm';
import { auditEvents } from '../db/schema.js';
import type { ServiceDeps } from './context.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;

/** Reads the audit log, newest first. Written only by runMutation. */
export class AuditService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * A page of the log in its order, newest first. Forwards: the `limit` events older than
   * `cursorId` (or the newest). Backwards: the `limit` events newer than `cursorId` (or the
   * oldest), still returned newest first. `more` says whether events lie beyond the page in the
   * direction read.
   */
  page(options: { limit: number; backwards: boolean; cursorId?: number }): { rows: AuditEventRow[]; more: boolean } {
    const { limit, backwards, cursorId } = options;
    const rows = this.deps.db
      .select()
      .from(auditEvents)
      .where(cursorId === undefined ? undefined : backwards ? gt(auditEvents.id, cursorId) : lt(auditEvents.id, cursorId))
      .orderBy(backwards ? asc(auditEvents.id) : desc(auditEvents.id))
      .limit(limit + 1)
      .all();
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return { rows: backwards ? page.reverse() : page, more };
  }

  count(): number {
    return this.deps.db.select({ n: sql<number>`count(*)` }).from(auditEvents).get()!.n;
  }
}
