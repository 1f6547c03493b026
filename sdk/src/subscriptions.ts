import { createClient as createSseClient, NetworkError, type Client as SseClient } from 'graphql-sse';
import { CredgateAuthenticationError, CredgateGraphQLError, CredgateNetworkError, httpError, type GraphQLErrorEntry } from './errors.js';
import type { FetchLike } from './transport.js';

export interface SubscriptionOptions {
  /** Ends the subscription (like leaving the `for await` loop). */
  signal?: AbortSignal;
  /** Called once the gateway accepted the subscription and the event stream is open. */
  onConnected?: () => void;
  /**
   * Called after the stream broke and was opened again; the gateway then replays what was
   * written while it was down (judged by `where` as things are now).
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
    if (response) return httpError(response.status, response.statusText, endpoint);
    return new CredgateNetworkError(endpoint, error.cause ?? error);
  }
  if (Array.isArray(error)) return new CredgateGraphQLError(error as GraphQLErrorEntry[], 'subscription');
  if (error instanceof Error && /fetch failed|terminated|ECONNREFUSED|socket/i.test(error.message)) {
    return new CredgateNetworkError(endpoint, error);
  }
  return error;
}

/** A 4xx other than 429 will not change by retrying: report it instead of reconnecting. */
function isPermanentRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 429 && status !== 408;
}

async function refusalError(response: Response, endpoint: string, operationName: string): Promise<Error> {
  const text = await response.text().catch(() => '');
  if (response.status === 401) return new CredgateAuthenticationError(text, endpoint);
  // A JSON GraphQL body, or (as yoga answers an SSE request) an event stream whose `data:` lines carry one.
  const candidates = [text, ...text.split(/\r?\n/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim())];
  for (const candidate of candidates) {
    try {
      const body = JSON.parse(candidate) as { errors?: GraphQLErrorEntry[] };
      if (Array.isArray(body.errors) && body.errors.length > 0) return new CredgateGraphQLError(body.errors, operationName);
    } catch {
      // not a GraphQL body
    }
  }
  return httpError(response.status, text, endpoint);
}

/**
 * One GraphQL subscription as an AsyncIterable of its events. Leaving the `for await` loop (or
 * aborting `signal`) closes the HTTP stream. Network failures and 5xx reconnect with backoff; a
 * refused request (invalid operation or variables, 401, 403) ends the iteration with a typed error.
 */
export async function* iterateSubscription<TData, TEvent>(
  transport: SseTransportOptions,
  request: { query: string; variables?: Record<string, unknown>; operationName: string },
  pick: (data: TData) => TEvent,
  identity: EventIdentity<TEvent> | undefined,
  options: SubscriptionOptions = {},
): AsyncGenerator<TEvent, void, undefined> {
  let refuse!: (error: Error) => void;
  const refused = new Promise<never>((_, reject) => (refuse = reject));
  refused.catch(() => {});
  const sse = createSseTransport({
    ...transport,
    fetch: async (input, init) => {
      const response = await transport.fetch(input, init);
      if (!response.ok && isPermanentRefusal(response.status)) {
        refuse(await refusalError(response.clone(), transport.endpoint, request.operationName));
      }
      return response;
    },
  });
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
        next = await Promise.race([results.next(), refused]);
      } catch (error) {
        throw typedStreamError(error, transport.endpoint);
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
    sse.dispose();
  }
}
