import type { AuditEventRow } from '../services/audit.js';
import { builder } from './builder.js';

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

builder.queryField('auditEvents', (t) =>
  t.connection(
    {
      type: AuditEventType,
      description: 'Newest first.',
      resolve: (_, args, context) => {
        const first = Math.min(Math.max(args.first ?? 50, 1), 500);
        const beforeId = args.after ? Number(Buffer.from(args.after, 'base64url').toString()) : undefined;
        const { rows, total } = context.services.audit.list({ first: first + 1, beforeId });
        const page = rows.slice(0, first);
        const cursor = (e: AuditEventRow) => Buffer.from(String(e.id)).toString('base64url');
        return {
          edges: page.map((node) => ({ node, cursor: cursor(node) })),
          pageInfo: {
            hasNextPage: rows.length > first,
            hasPreviousPage: beforeId !== undefined,
            startCursor: page[0] ? cursor(page[0]) : null,
            endCursor: page.length ? cursor(page[page.length - 1]) : null,
          },
          totalCount: total,
        };
      },
    },
    { name: 'AuditEventConnection', fields: (c) => ({ totalCount: c.exposeInt('totalCount') }) },
  ),
);
