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
import './access.js';
import './status.js';
import './subscriptions.js';

import { recordFailure } from '../services/context.js';
import type { GraphQLContext } from './context.js';

export const schema = builder.toSchema({ sortSchema: true });

/**
 * Every mutation is audited, also one refused before it reaches a service (an id that names
 * nothing, a scope without id): those failures are recorded here, under the mutation's name.
 */
/** The service's audit names for a mutation field: createPasswordCredential → credential.create, CREDENTIAL. */
function auditNameOf(fieldName: string): { action: string; targetType: string } {
  const match = /^(create|update|delete|rotate)\w*?(Credential|Cluster|Department|Project|Environment|DataSource)$/.exec(fieldName);
  if (!match) return { action: fieldName, targetType: 'MUTATION' };
  const [, verb, noun] = match;
  const kebab = noun.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  return { action: `${kebab}.${verb}`, targetType: kebab.replace('-', '_').toUpperCase() };
}

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
      const { action, targetType } = auditNameOf(field.name);
      const input = (args as { input?: { id?: unknown; name?: unknown } }).input;
      const target = { type: targetType, id: typeof input?.id === 'string' ? input.id : null, name: typeof input?.name === 'string' ? input.name : null };
      recordFailure(context.services.deps, context.actor, action, target, result, `${result.name}: ${result.message}`);
    }
    return result;
  };
}
