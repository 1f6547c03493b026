import { createClient, type CredgateClient } from '@credgate/sdk';

/**
 * The caller's bearer token lives in sessionStorage only: it is gone when the browser session
 * ends, and never reaches localStorage, a cookie or the URL.
 */
const TOKEN_KEY = 'credgate.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * Told when the gateway answers 401 to the token the page holds now: it was revoked, it expired or
 * its user was disabled. Any request can find out (a query, a mutation, a stream reconnecting after
 * the gateway ended it on revocation); the page then goes back to its sign-in.
 */
let tokenRefused: (() => void) | null = null;

export function onTokenRefused(listener: () => void): () => void {
  tokenRefused = listener;
  return () => {
    if (tokenRefused === listener) tokenRefused = null;
  };
}

/** Event-stream health as the page sees it, for the "connection lost" banner. */
export interface StreamWatcher {
  /** A live event stream ended or failed without the page closing it. */
  onStreamBroken: () => void;
}

/**
 * An SDK client for the gateway that served this page. The token is read before every request
 * and every subscription (re)connection, so signing in again needs no new client. Event streams
 * pass through `fetch` here so that the page learns at once when one breaks; the SDK reconnects
 * and resumes from its last cursor on its own.
 */
export function gatewayClient(watcher: StreamWatcher): CredgateClient {
  const observedFetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    const headers = new Headers(init?.headers);
    const current = storedToken();
    if (response.status === 401 && current && headers.get('authorization') === `Bearer ${current}`) tokenRefused?.();
    const accept = headers.get('accept') ?? '';
    if (!accept.includes('text/event-stream') || !response.ok || !response.body) return response;
    const signal = init?.signal;
    const broken = () => {
      if (!signal?.aborted) watcher.onStreamBroken();
    };
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            broken();
          } else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
          broken();
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return createClient({
    url: window.location.origin,
    getToken: () => storedToken() ?? '',
    fetch: observedFetch,
    retry: { retries: 2, initialDelayMs: 200, maxDelayMs: 2_000 },
  });
}
