import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { ValidationError } from '../domain/errors.js';
import type { GraphQLContext } from './context.js';

/** The most ids one `nodes(ids:)` takes: each may be a query of its own. */
export const MAX_NODE_IDS = 100;

type GlobalId = { typename: string; id: string };

/**
 * Relay's `Typename:id` in base64, as Pothos encodes it. Anything else names nothing and decodes
 * to an empty typename, without an exception: Pothos' decoder throws a GraphQLError per bad id,
 * and building 40,000 of them blocked the process for seconds.
 */
function decodeGlobalIdOrNothing(globalID: string): GlobalId {
  const decoded = /^[A-Za-z0-9+/=_-]{1,1000}$/.test(globalID) ? Buffer.from(globalID, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const typename = colon > 0 ? decoded.slice(0, colon) : '';
  const id = colon > 0 ? decoded.slice(colon + 1) : '';
  return /^[A-Z_a-z]\w*$/.test(typename) && id !== '' ? { typename, id } : { typename: '', id: '' };
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: string | Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // A malformed id names nothing, like the id of a deleted node: null, never an error quoting it.
    decodeGlobalID: (globalID: string): GlobalId => decodeGlobalIdOrNothing(globalID),
    nodeQueryOptions: {
      resolve: async (_root, args, context, info) => (await loadNodes([args.id as GlobalId], context, info))[0],
    },
    nodesQueryOptions: {
      description: `The nodes with these ids, in order; null for an id that names nothing. At most ${MAX_NODE_IDS} ids.`,
      resolve: (_root, args, context, info) => {
        if (args.ids.length > MAX_NODE_IDS) throw ValidationError.of(['ids'], `must hold at most ${MAX_NODE_IDS} ids; ask in several queries`);
        return loadNodes(args.ids as GlobalId[], context, info) as never;
      },
    },
  },
  errors: { defaultTypes: [] },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

/** Whether a type name is one whose nodes can be loaded by id (a Node with a loader). */
function isLoadableNode(typename: string): boolean {
  try {
    const options = builder.configStore.getTypeConfig(typename, 'Object').pothosOptions as Record<string, unknown>;
    return ['loadMany', 'loadOne', 'loadWithoutCache', 'loadManyWithoutCache'].some((key) => typeof options[key] === 'function');
  } catch {
    return false;
  }
}

/** Relay's node loading, with ids of any other type given null rather than an error naming the type. */
function loadNodes(ids: GlobalId[], context: GraphQLContext, info: GraphQLResolveInfo): Promise<unknown[]> {
  return resolveNodes(builder, context, info, ids.map((id) => (isLoadableNode(id.typename) ? id : null)));
}
