import { builder } from './builder.js';
import './errors.js';
import './scope.js';
import './org-tree.js';
import './credential.js';
import './status-enums.js';
import './credential-list.js';
import './credential-mutations.js';
import './assets.js';
import './workload.js';
import './audit.js';
import './me.js';
import './status.js';
import './subscriptions.js';

import { recordFailure } from '../services/context.js';
import type { GraphQLContext } from './context.js';

export const schema = builder.toSchema({ sortSchema: true });

/**
 * Every mutation is audited, also one refused before it reaches a service (an id that names
 * nothing, a scope without id): those failures are recorded here, under the mutation's name.
 */
function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as Error).stack === 'string' && typeof (value as Error).message === 'string';
}

for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
  const resolve = field.resolve!;
  field.resolve = async (source, args, context: GraphQLContext, info) => {
    const result = await resolve(source, args, context, info);
    // The errors plugin hands a listed error back (behind a proxy, so not by instanceof): any
    // Error-like result is one of the mutation's typed errors.
    if (isErrorLike(result)) {
      recordFailure(context.services.deps, context.actor, field.name, { type: 'MUTATION', name: field.name }, result, `${result.name}: ${result.message}`);
    }
    return result;
  };
}
