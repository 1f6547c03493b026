import type { CredentialWhereInput } from '../domain/credential-filter.js';
import type { CredentialPhase } from '../domain/status.js';
import type { GraphQLContext } from './context.js';
import { seesEverything } from '../services/access.js';

const verdicts = new WeakMap<object, Map<string, boolean>>();

/**
 * Whether an event's credential matches a subscriber's `where`. A status event is judged with the
 * phase it describes (a replayed one too, long after the credential moved on); everything else with
 * the credential as it is. Subscribers with the same filter share one answer per event, so a
 * thousand open tables cost one query, not a thousand.
 */
export function eventMatches(event: { credentialId: string; phase?: CredentialPhase }, where: CredentialWhereInput | undefined, context: GraphQLContext): boolean {
  // The same query decides visibility (DESIGN §6): an invisible credential's events never pass.
  if (!where && seesEverything(context.actor)) return true;
  const key = `${context.actor.id}|${JSON.stringify(where)}`;
  let perEvent = verdicts.get(event);
  if (!perEvent) {
    perEvent = new Map();
    verdicts.set(event, perEvent);
  }
  let verdict = perEvent.get(key);
  if (verdict === undefined) {
    verdict = context.services.credentialQuery.matches(event.credentialId, where, undefined, context.actor, event.phase);
    perEvent.set(key, verdict);
  }
  return verdict;
}
