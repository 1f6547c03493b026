import { createClient as createSseClient, NetworkError, type Client as SseClient } from 'graphql-sse';
import { CredgateGraphQLError, CredgateHttpError, CredgateNetworkError, type GraphQLErrorEntry } from './errors.js';
import type { FetchLike } from './transport.js';

export interface SubscriptionOptions {
  /** Ends the subscription (like leaving the `for await` loop). */
  signal?: AbortSignal;
  /** Called once the gateway accepted the subscription and the event stream is open. */
  onConnected?: () => void;
  /**
   * Called after the stream broke and was opened again. Events published while it was down are
   * not replayed by the gateway: re-read what you need (e.g. `client.credential(id)`).
   */
  onReconnected?: () => void;
}

/**
 * How events are recognised on reconnection: each entity's events are ordered by `order`
 * (a sequence number or a time); `key` tells apart different events with the same order.
 */
export interface EventIdentity<TEvent> {
  entity: (event: TEvent) => string;
  order: (event: TEvent) => number;
  key: (event: TEvent) => string;
}

export interface SseTransportOptions {
  endpoint: string;
  fetch: FetchLike;
  headers: () => Promise<Record<string, string>>;
  retryAttempts: number;
  /** Wait before reconnection attempt `retries` (0 for the first). */
  retryDelayMs: (retries: number) => number;
}

export function createSseTransport(options: SseTransportOptions): SseClient {
  return createSseClient({
    url: options.endpoint,
    headers: () => options.headers(),
    fetchFn: options.fetch,
    retryAttempts: options.retryAttempts,
    retry: (retries) => new Promise((resolve) => setTimeout(resolve, options.retryDelayMs(retries))),
    singleConnection: false,
  });
}

/**
 * Drops events already delivered: per entity, an event ordered before the last delivered one, or
 * equal to one delivered at the same position, is a repeat (a reconnection can deliver one again).
 */
export class EventDeduplicator<TEvent> {
  private readonly last = new Map<string, { order: number; keys: Set<string> }>();

  constructor(private readonly identity: EventIdentity<TEvent>) {}

  /** True when the event is new; records it. */
  admit(event: TEvent): boolean {
    const entity = this.identity.entity(event);
    const order = this.identity.order(event);
    const key = this.identity.key(event);
    const seen = this.last.get(entity);
    if (seen && order < seen.order) return false;
    if (seen && order === seen.order) {
      if (seen.keys.has(key)) return false;
      seen.keys.add(key);
      return true;
    }
    this.last.set(entity, { order, keys: new Set([key]) });
    return true;
  }
}

function typedStreamError(error: unknown, endpoint: string): unknown {
  if (error instanceof NetworkError) {
    const response = error.response;
    if (response) return new CredgateHttpError(response.status, response.statusText, endpoint);
    return new CredgateNetworkError(endpoint, error.cause ?? error);
  }
  if (Array.isArray(error)) return new CredgateGraphQLError(error as GraphQLErrorEntry[], 'subscription');
  if (error instanceof Error && /fetch failed|terminated|ECONNREFUSED|socket/i.test(error.message)) {
    return new CredgateNetworkError(endpoint, error);
  }
  return error;
}

/**
 * One GraphQL subscription as an AsyncIterable of its events. Leaving the `for await` loop (or
 * aborting `signal`) closes the HTTP stream.
 */
export async function* iterateSubscription<TData, TEvent>(
  sse: SseClient,
  endpoint: string,
  request: { query: string; variables?: Record<string, unknown>; operationName: string },
  pick: (data: TData) => TEvent,
  identity: EventIdentity<TEvent> | undefined,
  options: SubscriptionOptions = {},
): AsyncGenerator<TEvent, void, undefined> {
  const results = sse.iterate<TData>(request, {
    connected: (reconnected) => {
      if (reconnected) options.onReconnected?.();
      else options.onConnected?.();
    },
  });
  const deduplicator = identity ? new EventDeduplicator(identity) : undefined;
  const onAbort = () => void results.return?.();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.signal?.aborted) return;
    while (true) {
      let next: IteratorResult<{ data?: TData | null; errors?: ReadonlyArray<GraphQLErrorEntry> }>;
      try {
        next = await results.next();
      } catch (error) {
        throw typedStreamError(error, endpoint);
      }
      if (next.done) return;
      const result = next.value;
      if (result.errors?.length) throw new CredgateGraphQLError(result.errors, request.operationName);
      if (result.data === undefined || result.data === null) continue;
      const event = pick(result.data);
      if (deduplicator && !deduplicator.admit(event)) continue;
      yield event;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await results.return?.();
  }
}
