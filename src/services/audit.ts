import { desc, lt, sql } from 'drizzle-orm';
import { auditEvents } from '../db/schema.js';
import type { ServiceDeps } from './context.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;

/** Reads the audit log, newest first. Written only by runMutation. */
export class AuditService {
  constructor(private readonly deps: ServiceDeps) {}

  list(options: { first: number; beforeId?: number }): { rows: AuditEventRow[]; total: number } {
    const rows = this.deps.db
      .select()
      .from(auditEvents)
      .where(options.beforeId !== undefined ? lt(auditEvents.id, options.beforeId) : undefined)
      .orderBy(desc(auditEvents.id))
      .limit(options.first)
      .all();
    const total = this.deps.db.select({ n: sql<number>`count(*)` }).from(auditEvents).get()!.n;
    return { rows, total };
  }
}
