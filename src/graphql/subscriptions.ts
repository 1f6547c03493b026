import type { CredentialChangeEvent } from '../services/events.js';
import { builder } from './builder.js';
import { eventMatches } from './event-filter.js';
import { CredentialNode } from './credential.js';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { CredentialWhere, credentialWhereOf } from './credential-list.js';
import { credentialChangesAfter } from '../services/change-log.js';
import { eventCursor, REPLAY_LIMIT, resumable } from './event-cursor.js';

const CredentialChangeEnum = builder.enumType('CredentialChange', { values: ['CREATED', 'UPDATED', 'DELETED'] as const });

const CredentialChangeEventType = builder.objectRef<CredentialChangeEvent>('CredentialChangeEvent').implement({
  description: 'A credential was created, renamed, rotated or deleted: what a live table needs besides status changes.',
  fields: (t) => ({
    change: t.field({ type: CredentialChangeEnum, resolve: (e) => e.change }),
    credentialId: t.id({ resolve: (e) => encodeGlobalID('Credential', e.credentialId) }),
    credential: t.field({
      type: CredentialNode,
      nullable: true,
      description: 'The credential as it is now; null once deleted.',
      resolve: (e, _, context) => (e.change === 'DELETED' ? null : (context.services.credentials.getVisible(context.actor, e.credentialId) ?? null)),
    }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    cursor: t.string({
      description: 'Pass it as `after` when subscribing again to receive every change since this one, none twice.',
      resolve: (e) => eventCursor('change-event', e.id),
    }),
  }),
});

builder.subscriptionField('credentialChanged', (t) =>
  t.field({
    type: CredentialChangeEventType,
    description: 'Created, renamed, rotated and deleted credentials that match `where`, among those the caller sees. DELETED events reach every subscriber who could see the credential: it is gone and can no longer be matched.',
    args: {
      where: t.arg({ type: CredentialWhere }),
      after: t.arg.string({
        description: `The cursor of the last event received: the stream starts with every change written since (at most ${REPLAY_LIMIT}), then goes on live.`,
      }),
    },
    subscribe: (_, args, context) => {
      const where = credentialWhereOf(args.where, context);
      // A deleted credential is judged by the scope it had: only those who could see it hear that it went.
      const keep = (event: CredentialChangeEvent) =>
        event.change === 'DELETED' ? context.services.credentials.deletedVisibleTo(context.actor, event) : eventMatches(event, where, context);
      const live = context.services.events.subscribe('credentialChanged', keep);
      return resumable('change-event', args.after, live, (afterId, limit) => credentialChangesAfter(context.services.deps.db, afterId, limit), keep);
    },
    resolve: (event) => event,
  }),
);
