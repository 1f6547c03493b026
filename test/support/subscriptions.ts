import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { TEST_ADMIN_TOKEN } from './gateway.js';

export interface Subscription<T> {
  events: T[];
  /** Resolves when an event satisfying `match` has arrived (checks past events too). */
  waitFor(match: (event: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

function collect<T>(iterator: AsyncIterableIterator<{ data?: unknown; errors?: unknown }>, field: string): Subscription<T> {
  const events: T[] = [];
  const waiters: { match: (e: T) => boolean; resolve: (e: T) => void; reject: (error: Error) => void }[] = [];
  // Set once the stream has ended: by an error, or because it completed.
  let ended: Error | undefined;
  const done = (async () => {
    try {
      for await (const result of iterator) {
        if (result.errors) throw new Error(`subscription error: ${JSON.stringify(result.errors)}`);
        const event = (result.data as Record<string, T>)[field];
        events.push(event);
        for (const waiter of [...waiters]) {
          if (waiter.match(event)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
        }
      }
      ended = new Error(`the stream completed; got ${JSON.stringify(events)}`);
    } catch (error) {
      ended = error instanceof Error ? error : new Error(String(error));
    }
    // Nothing more can arrive: whoever still waits learns why at once.
    for (const waiter of waiters.splice(0)) waiter.reject(ended);
  })();
  return {
    events,
    waitFor: (match, timeoutMs = 10_000) => {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      if (ended) return Promise.reject(ended);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events)}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (e) => { clearTimeout(timer); resolve(e); },
          reject: (error) => { clearTimeout(timer); reject(error); },
        });
      });
    },
    close: async () => {
      await iterator.return?.();
      await done;
    },
  };
}

/** Subscribes with the real graphql-sse client (the GraphQL over SSE protocol, distinct connections). */
export function subscribeSse<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, field?: string, token = TEST_ADMIN_TOKEN): Subscription<T> {
  const client = createSseClient({ url: `${url}/graphql`, retryAttempts: 0, headers: { authorization: `Bearer ${token}` } });
  const iterator = client.iterate({ query, variables }) as AsyncIterableIterator<{ data?: unknown; errors?: unknown }>;
  const subscription = collect<T>(iterator, field ?? /\{\s*(\w+)/.exec(query.replace(/^[^{]*\{/, '{'))![1]);
  const close = subscription.close;
  subscription.close = async () => {
    await close();
    client.dispose();
  };
  return subscription;
}

/** Subscribes with the real graphql-ws client (the graphql-transport-ws protocol). */
export function subscribeWs<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, field?: string, token = TEST_ADMIN_TOKEN): Subscription<T> {
  const client = createWsClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  const iterator = client.iterate({ query, variables }) as AsyncIterableIterator<{ data?: unknown; errors?: unknown }>;
  const subscription = collect<T>(iterator, field ?? /\{\s*(\w+)/.exec(query.replace(/^[^{]*\{/, '{'))![1]);
  const close = subscription.close;
  subscription.close = async () => {
    await close();
    await client.dispose();
  };
  return subscription;
}

/** Waits until the gateway holds `count` open subscriptions to a topic, so no event can be missed. */
export async function listening(
  gateway: { app: { services: { events: { listenerCount(topic: 'credentialStatusChanged' | 'credentialChanged'): number } } } },
  topic: 'credentialStatusChanged' | 'credentialChanged',
  count: number,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (gateway.app.services.events.listenerCount(topic) < count) {
    if (Date.now() > deadline) throw new Error(`only ${gateway.app.services.events.listenerCount(topic)} of ${count} ${topic} subscriptions opened`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until the subscriptions of earlier tests are gone on the server, so that `listening` counts only new ones. */
export async function noSubscribers(gateway: Parameters<typeof listening>[0]): Promise<void> {
  const deadline = Date.now() + 10_000;
  const open = () => gateway.app.services.events.listenerCount('credentialStatusChanged') + gateway.app.services.events.listenerCount('credentialChanged');
  while (open() > 0) {
    if (Date.now() > deadline) throw new Error(`${open()} subscriptions of earlier tests are still open`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
