import type { Actor } from '../services/context.js';
import type { Services } from '../services/index.js';

/** Per-request context: the caller, resolved once, and the services resolvers call. */
export interface GraphQLContext {
  actor: Actor;
  services: Services;
}
