import type { AuditEventRow } from '../services/audit.js';
import { ValidationError } from '../domain/errors.js';
import { parsePaging } from '../domain/paging.js';
import { builder } from './builder.js';
import { asBadUserInput } from './paging.js';

const AuditOutcomeEnum = builder.enumType('AuditOutcome', { values: ['SUCCESS', 'FAILURE'] as const });

const AuditEventType = builder.objectRef<AuditEventRow>('AuditEvent').implement({
  description: 'One mutation: who, what, when, outcome. Never secret values.',
  fields: (t) => ({
    id: t.id({ resolve: (e) => String(e.id) }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    actor: t.exposeString('actor'),
    action: t.exposeString('action'),
    targetType: t.exposeString('targetType'),
    targetId: t.exposeString('targetId', { nullable: true }),
    targetName: t.exposeString('targetName', { nullable: true }),
    outcome: t.field({ type: AuditOutcomeEnum, resolve: (e) => e.outcome }),
    detail: t.exposeString('detail', { nullable: true }),
  }),
});

const AUDIT_PAGES = { defaultPage: 50, maxPage: 500 };

const cursorOf = (event: AuditEventRow) => Buffer.from(String(event.id)).toString('base64url');

function auditIdOf(cursor: string, name: string): number {
  const text = cursor.length <= 40 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^[1-9]\d{0,14}$/.test(text)) throw ValidationError.of([name], 'is not a cursor of this list; start again from the first page');
  return Number(text);
}

interface AuditConnectionShape {
  edges: { node: AuditEventRow; cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => number;
}

builder.queryField('auditEvents', (t) =>
  t.connection(
    {
      type: AuditEventType,
      description: `Newest first. \`first\`/\`after\` page towards older events, \`last\`/\`before\` towards newer ones (\`last: 2\` alone: the two oldest); pages of at most ${AUDIT_PAGES.maxPage}, ${AUDIT_PAGES.defaultPage} by default. Arguments out of range give a BAD_USER_INPUT error.`,
      resolve: (_, args, context) => {
        // The audit log is the system administrators' (DESIGN §6); a refusal is audited too.
        context.services.access.requireSystemAdministrator(context.actor, 'audit.read');
        const { window, cursorId } = asBadUserInput(() => {
          const window = parsePaging(args, AUDIT_PAGES);
          return { window, cursorId: window.cursor === undefined ? undefined : auditIdOf(window.cursor, window.backwards ? 'before' : 'after') };
        });
        const { rows, more } = context.services.audit.page({ limit: window.limit, backwards: window.backwards, cursorId });
        const edges = rows.map((node) => ({ node, cursor: cursorOf(node) }));
        const connection: AuditConnectionShape = {
          edges,
          pageInfo: {
            // As for credentials: the side behind the cursor is approximate (a cursor means events lie beyond it).
            hasNextPage: window.backwards ? args.before != null : more,
            hasPreviousPage: window.backwards ? more : args.after != null,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges[edges.length - 1]?.cursor ?? null,
          },
          totalCount: () => context.services.audit.count(),
        };
        return connection as never;
      },
    },
    {
      name: 'AuditEventConnection',
      fields: (c) => ({
        totalCount: c.int({ description: 'How many events the log holds.', resolve: (connection) => (connection as unknown as AuditConnectionShape).totalCount() }),
      }),
    },
  ),
);
