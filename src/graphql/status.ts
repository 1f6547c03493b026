import { displayTextOf, type CredentialPhase } from '../domain/status.js';
import type { CredentialRow, ExistingSecret } from '../services/credentials.js';
import type { CredentialStatusEvent } from '../services/events.js';
import type { StatusEventRow, TargetRow } from '../services/propagation.js';
import { builder } from './builder.js';
import { eventCursor, REPLAY_LIMIT, resumable } from './event-cursor.js';
import { eventMatches } from './event-filter.js';
import { CredentialNode, CredentialTypeEnum } from './credential.js';
import { CredentialWhere, credentialWhereOf } from './credential-list.js';
import { scopeRefOf } from './ids.js';
import { ClusterNode } from './org-tree.js';
import { listLimitOf } from './paging.js';
import { ScopeInput } from './scope.js';
import { CredentialPhaseEnum, StatusReasonEnum, TargetIssueEnum, TargetStateEnum } from './status-enums.js';
import type { GraphQLContext } from './context.js';

/** A credential's status is read from its own row; only the targets need a (batched) query. */
type StatusShape = CredentialRow;

const PropagationTargetType = builder.objectRef<TargetRow>('PropagationTarget').implement({
  description: 'One namespace of one cluster a credential must reach, and what the gateway last saw there.',
  fields: (t) => ({
    cluster: t.field({ type: ClusterNode, resolve: (target) => target.clusterId }),
    namespace: t.exposeString('namespace'),
    state: t.field({ type: TargetStateEnum, resolve: (target) => target.state }),
    issue: t.field({ type: TargetIssueEnum, nullable: true, resolve: (target) => target.issue }),
    message: t.exposeString('message', { nullable: true }),
    syncedAt: t.field({ type: 'DateTime', nullable: true, resolve: (target) => target.syncedAt }),
    attempts: t.exposeInt('attempts', { description: 'Failed attempts since the last success.' }),
  }),
});

const CredentialStatusType = builder.objectRef<StatusShape>('CredentialStatus').implement({
  fields: (t) => ({
    phase: t.field({ type: CredentialPhaseEnum, resolve: (s) => s.phase }),
    displayText: t.string({ description: 'What a dashboard shows: "No issues found", "Creating…", …', resolve: (s) => displayTextOf[s.phase] }),
    reason: t.field({ type: StatusReasonEnum, nullable: true, resolve: (s) => s.statusReason }),
    message: t.string({ nullable: true, resolve: (s) => s.statusMessage }),
    updatedAt: t.field({ type: 'DateTime', resolve: (s) => s.statusUpdatedAt }),
    targets: t.loadableList({
      type: PropagationTargetType,
      description: 'Every target, also for account scope: exactly which namespace of which cluster is wrong.',
      loaderOptions: { cache: false },
      load: async (ids: string[], context: GraphQLContext) => {
        const byCredential = new Map<string, TargetRow[]>(ids.map((id) => [id, []]));
        // The namespaces of projects the caller cannot see are not theirs to read (an account credential reaches them all).
        const visible = context.services.orgTree.visibleNamespaces(context.actor);
        for (const target of context.services.propagation.targetsOf(ids)) {
          if (!visible || visible.has(`${target.clusterId}/${target.namespace}`)) byCredential.get(target.credentialId)?.push(target);
        }
        return ids.map((id) => byCredential.get(id) ?? []);
      },
      resolve: (s) => s.id,
    }),
  }),
});

type StatusEventShape = CredentialStatusEvent | (StatusEventRow & { snapshot?: undefined });

export const CredentialStatusEventType = builder.objectRef<StatusEventShape>('CredentialStatusEvent').implement({
  description: 'One phase transition of a credential.',
  fields: (t) => ({
    credential: t.field({
      type: CredentialNode,
      resolve: (event, _, context) => context.services.credentials.get(event.credentialId) ?? (event.snapshot as CredentialRow),
    }),
    sequence: t.exposeInt('sequence', { description: "Position in the credential's history: increases by one per transition." }),
    cursor: t.string({
      description: 'Pass it as `after` when subscribing again to receive every transition since this one, none twice.',
      resolve: (e) => eventCursor('status-event', e.id),
    }),
    previousPhase: t.field({ type: CredentialPhaseEnum, nullable: true, resolve: (e) => e.previousPhase as CredentialPhase | null }),
    phase: t.field({ type: CredentialPhaseEnum, resolve: (e) => e.phase as CredentialPhase }),
    displayText: t.string({ resolve: (e) => displayTextOf[e.phase as CredentialPhase] }),
    reason: t.field({ type: StatusReasonEnum, nullable: true, resolve: (e) => e.reason as 'PROPAGATION_FAILED' | 'CLUSTER_UNREACHABLE' | null }),
    message: t.exposeString('message', { nullable: true }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
  }),
});

builder.objectFields(CredentialNode, (t) => ({
  status: t.field({ type: CredentialStatusType, resolve: (credential) => credential }),
  statusHistory: t.field({
    type: [CredentialStatusEventType],
    description: 'Phase transitions, newest first: `first` of them (0 to 500; out of range is a BAD_USER_INPUT error).',
    args: { first: t.arg.int({ defaultValue: 20 }) },
    resolve: (credential, { first }, context) =>
      context.services.propagation.history(credential.id, listLimitOf(first, ['first'], { defaultPage: 20, maxPage: 500 })),
  }),
}));

const ExistingSecretType = builder.objectRef<ExistingSecret>('ExistingSecret').implement({
  description: 'A Secret created in advance in a cluster and offered for credentials (labelled run.ai/resource).',
  fields: (t) => ({
    name: t.exposeString('name'),
    namespace: t.exposeString('namespace'),
    cluster: t.field({ type: ClusterNode, resolve: (s) => s.clusterId }),
    type: t.field({ type: CredentialTypeEnum, resolve: (s) => s.type }),
    keys: t.exposeStringList('keys'),
    inUse: t.boolean({ description: 'Already backs a credential (at most one).', resolve: (s) => s.usedByCredentialId !== null }),
    credential: t.field({ type: CredentialNode, nullable: true, resolve: (s) => s.usedByCredentialId }),
  }),
});

builder.queryField('existingSecrets', (t) =>
  t.field({
    type: [ExistingSecretType],
    description: 'Secrets an administrator created in the cluster in advance for exactly this scope, optionally of one type: for a cluster, in namespace `runai` labelled `run.ai/cluster-wide: "true"`; for a department, in `runai` labelled `run.ai/department: "<department id>"`; for a project, in its namespace; each labelled `run.ai/resource: <type>`. Each can back one credential.',
    args: { scope: t.arg({ type: ScopeInput, required: true }), type: t.arg({ type: CredentialTypeEnum }) },
    resolve: (_, args, context) => {
      return context.services.credentials.existingSecretsFor(context.actor, scopeRefOf(args.scope, context), args.type ?? undefined);
    },
  }),
);

builder.subscriptionField('credentialStatusChanged', (t) =>
  t.field({
    type: CredentialStatusEventType,
    description: 'Every phase transition of the credentials that match `where`, in order per credential.',
    args: {
      where: t.arg({ type: CredentialWhere }),
      after: t.arg.string({
        description: `The cursor of the last event received: the stream starts with every transition written since (at most ${REPLAY_LIMIT}), then goes on live. A replayed transition passes \`where\` by the phase it describes and by the credential's other fields as they are now; transitions of credentials removed since are not replayed.`,
      }),
    },
    subscribe: (_, args, context) => {
      const where = credentialWhereOf(args.where, context);
      const keep = (event: StatusEventShape) => eventMatches(event, where, context);
      const live = context.services.events.subscribe('credentialStatusChanged', keep);
      // Status events of credentials removed since are not replayed: their `credential` is gone.
      // A replayed event is judged with the phase it describes (see eventMatches).
      return resumable<StatusEventShape>('status-event', args.after, live, (afterId, limit) => context.services.propagation.eventsAfter(afterId, limit),
        (event) => Boolean(context.services.credentials.get(event.credentialId)) && keep(event));
    },
    resolve: (event) => event,
  }),
);


