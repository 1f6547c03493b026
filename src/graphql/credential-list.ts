import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import {
  credentialColumns,
  encodeCursor,
  parseCredentialOrder,
  parseCredentialWhere,
  parsePageRequest,
  parseSearch,
  type CredentialWhereInput,
} from '../domain/credential-filter.js';
import type { CredentialType } from '../domain/credential.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { ScopeType } from '../domain/scope.js';
import type { CredentialPhase } from '../domain/status.js';
import { validationCollector } from '../domain/validation.js';
import type { CredentialQuery } from '../services/credential-query.js';
import type { CredentialRow } from '../services/credentials.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { CredentialNode, CredentialTypeEnum } from './credential.js';
import { scopeRefOf } from './ids.js';
import { ScopeInput, ScopeTypeEnum } from './scope.js';
import { CredentialPhaseEnum } from './status-enums.js';

interface StringFilterShape {
  eq?: string | null;
  neq?: string | null;
  contains?: string | null;
  notContains?: string | null;
  startsWith?: string | null;
  endsWith?: string | null;
  in?: string[] | null;
}

/** The GraphQL CredentialWhere as a resolver receives it (also the JSON the CSV export takes). */
export interface CredentialWhereShape {
  name?: StringFilterShape | null;
  description?: StringFilterShape | null;
  kubernetesName?: StringFilterShape | null;
  createdBy?: StringFilterShape | null;
  environment?: StringFilterShape | null;
  dataSource?: StringFilterShape | null;
  scopeName?: StringFilterShape | null;
  clusterName?: StringFilterShape | null;
  type?: CredentialType[] | null;
  phase?: CredentialPhase[] | null;
  scopeType?: ScopeType[] | null;
  scope?: { type: ScopeType; id?: string | number | null } | null;
  createdAt?: { from?: Date | null; to?: Date | null } | null;
  updatedBy?: StringFilterShape | null;
  updatedAt?: { from?: Date | null; to?: Date | null } | null;
  and?: CredentialWhereShape[] | null;
  or?: CredentialWhereShape[] | null;
  not?: CredentialWhereShape | null;
}

export const StringFilterInput = builder.inputRef<StringFilterShape>('StringFilter').implement({
  description:
    'Case-insensitive text conditions; all given operators must hold. For `environment` and `dataSource` they range over the names of the assets using the credential: `eq` means some name equals, `neq`/`notContains` that none does.',
  fields: (t) => ({
    eq: t.string(),
    neq: t.string(),
    contains: t.string(),
    notContains: t.string(),
    startsWith: t.string(),
    endsWith: t.string(),
    in: t.stringList({ description: 'Equal to one of these; an empty list matches nothing.' }),
  }),
});

export const DateTimeRangeInput = builder.inputRef<{ from?: Date | null; to?: Date | null }>('DateTimeRange').implement({
  description: '`from` inclusive, `to` exclusive.',
  fields: (t) => ({ from: t.field({ type: 'DateTime' }), to: t.field({ type: 'DateTime' }) }),
});

/** The credentials table's filter; subscriptions take the same input (convert it with `credentialWhereOf`). */
export const CredentialWhere = builder.inputRef<CredentialWhereShape>('CredentialWhere').implement({
  description: 'Filters every column of the credentials table. All given conditions must hold; enum lists match any of their values (an empty list matches nothing).',
  fields: (t) => ({
    name: t.field({ type: StringFilterInput }),
    description: t.field({ type: StringFilterInput, description: 'A credential without a description has the empty text.' }),
    kubernetesName: t.field({ type: StringFilterInput }),
    createdBy: t.field({ type: StringFilterInput }),
    environment: t.field({ type: StringFilterInput, description: 'The names of the environments using the credential.' }),
    dataSource: t.field({ type: StringFilterInput, description: 'The names of the data sources using the credential.' }),
    scopeName: t.field({ type: StringFilterInput }),
    clusterName: t.field({ type: StringFilterInput, description: 'An account-scoped credential has no cluster: the empty text.' }),
    type: t.field({ type: [CredentialTypeEnum] }),
    phase: t.field({ type: [CredentialPhaseEnum] }),
    scopeType: t.field({ type: [ScopeTypeEnum] }),
    scope: t.field({ type: ScopeInput, description: 'Credentials of exactly this scope.' }),
    createdAt: t.field({ type: DateTimeRangeInput }),
    updatedBy: t.field({ type: StringFilterInput, description: 'Who changed the credential last; its creator when it was never changed.' }),
    updatedAt: t.field({ type: DateTimeRangeInput, description: 'The "Last updated" column: the last change, or the creation when it was never changed.' }),
    and: t.field({ type: [CredentialWhere] }),
    or: t.field({ type: [CredentialWhere] }),
    not: t.field({ type: CredentialWhere }),
  }),
});

export const CredentialColumnEnum = builder.enumType('CredentialColumn', {
  description:
    'A column of the credentials table. Text sorts case-insensitively; TYPE by the enum name; STATUS by the status text as shown; ENVIRONMENTS and DATA_SOURCES by the names joined in alphabetical order (unused first ascending); CLUSTER and DESCRIPTION treat none as empty text; UPDATED_AT ("Last updated") and UPDATED_BY show the creation time and creator of a credential never changed.',
  values: credentialColumns,
});

export const OrderDirectionEnum = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

export const CredentialOrderInput = builder.inputType('CredentialOrder', {
  fields: (t) => ({
    column: t.field({ type: CredentialColumnEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum, required: true }),
  }),
});

/**
 * A ValidationError from filter, order, search or cursor input, as the typed GraphQL error a query
 * returns. Made by yoga's own helper so it is recognised whichever copy of graphql-js loaded it.
 */
export function badUserInput(error: ValidationError): GraphQLError {
  return createGraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', fieldErrors: error.fieldErrors } });
}

function resolveScopeFor(context: Pick<GraphQLContext, 'services' | 'actor'>) {
  return (scope: { type: ScopeType; id?: string | null }, path: string[]) => {
    try {
      return scopeRefOf(scope, context as GraphQLContext, path);
    } catch (error) {
      if (error instanceof NotFoundError) throw ValidationError.of([...path, 'id'], `is not the id of a ${scope.type.toLowerCase()}`);
      throw error;
    }
  };
}

/**
 * Turns a CredentialWhere (GraphQL input or its JSON) into the query service's filter.
 * Throws ValidationError with field paths; `credentialWhereOf` throws the GraphQL error instead.
 */
export function checkedCredentialWhere(
  where: unknown,
  context: Pick<GraphQLContext, 'services' | 'actor'>,
  path: string[] = ['where'],
): CredentialWhereInput | undefined {
  return parseCredentialWhere(where, resolveScopeFor(context), path);
}

/** For resolvers (the list, subscriptions): the service's filter, or a BAD_USER_INPUT GraphQL error. */
export function credentialWhereOf(where: CredentialWhereShape | null | undefined, context: GraphQLContext): CredentialWhereInput | undefined {
  try {
    return checkedCredentialWhere(where, context);
  } catch (error) {
    if (error instanceof ValidationError) throw badUserInput(error);
    throw error;
  }
}

/** where, search and orderBy checked together (every problem reported at once). Throws ValidationError. */
export function checkedCredentialQuery(
  input: { where?: unknown; search?: unknown; orderBy?: unknown },
  context: Pick<GraphQLContext, 'services' | 'actor'>,
): CredentialQuery {
  const collector = validationCollector();
  const where = collector.attempt(() => checkedCredentialWhere(input.where, context));
  const orderBy = collector.attempt(() => parseCredentialOrder(input.orderBy));
  collector.attempt(() => parseSearch(input.search));
  collector.throwIfAny();
  return { where, search: (input.search as string | null | undefined) ?? undefined, orderBy: orderBy!, actor: context.actor };
}

interface CredentialConnectionShape {
  edges: { node: CredentialRow; cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted only when asked for. */
  totalCount: () => number;
}

builder.queryField('credentials', (t) =>
  t.connection(
    {
      type: CredentialNode,
      description:
        'The credentials table: filter every column, search the visible text, sort by several columns (id breaks ties), and page with cursors in either direction. Bad input gives a BAD_USER_INPUT error with fieldErrors.',
      args: {
        where: t.arg({ type: CredentialWhere }),
        search: t.arg.string({ description: 'Free text: every word must appear in some visible column (case-insensitive).' }),
        orderBy: t.arg({ type: [CredentialOrderInput], description: 'Default: NAME ascending.' }),
      },
      resolve: (_, args, context) => {
        let query: CredentialQuery;
        let request: ReturnType<typeof parsePageRequest>;
        try {
          query = checkedCredentialQuery(args, context);
          request = parsePageRequest(args, query.orderBy);
        } catch (error) {
          if (error instanceof ValidationError) throw badUserInput(error);
          throw error;
        }
        const { rows, hasMore } = context.services.credentialQuery.page(query, request);
        const edges = rows.map((row) => ({ node: row.credential, cursor: encodeCursor(query.orderBy, row.keys, row.credential.id) }));
        const connection: CredentialConnectionShape = {
          edges,
          pageInfo: {
            // Relay allows the far side to be approximate: a cursor means rows lie beyond it.
            hasNextPage: request.backwards ? args.before != null : hasMore,
            hasPreviousPage: request.backwards ? hasMore : args.after != null,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges[edges.length - 1]?.cursor ?? null,
          },
          totalCount: () => context.services.credentialQuery.count(query),
        };
        return connection as never;
      },
    },
    {
      name: 'CredentialConnection',
      fields: (c) => ({
        totalCount: c.int({
          description: 'How many credentials match where and search (all pages).',
          resolve: (connection) => (connection as unknown as CredentialConnectionShape).totalCount(),
        }),
      }),
    },
  ),
);
