import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { adminHeaders, TEST_ADMIN_TOKEN } from '../support/gateway.js';

/** What a client saw of one operation: the results it got, or the errors it was refused with. */
export interface Outcome {
  results: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }[];
  errors: { message: string; extensions?: Record<string, unknown> }[];
  /** Everything the client received, as text (for canary searches). */
  text: string;
}

type Sink = Parameters<ReturnType<typeof createWsClient>['subscribe']>[1];

function collect(run: (sink: Sink) => () => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { results: [], errors: [], text: '' };
    let dispose = () => {};
    const finish = () => {
      outcome.text = JSON.stringify({ results: outcome.results, errors: outcome.errors });
      dispose();
      resolve(outcome);
    };
    dispose = run({
      next: (value) => outcome.results.push(value as Outcome['results'][number]),
      error: (error) => {
        const list = Array.isArray(error) ? error : [error];
        outcome.errors.push(...list.map((e: { message?: string; extensions?: Record<string, unknown> }) => ({ message: String(e?.message ?? e), extensions: e?.extensions })));
        finish();
      },
      complete: finish,
    });
  });
}

/** One operation over WebSocket with the real graphql-ws client, as the administrator. */
export async function overWebSocket(url: string, query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  const client = createWsClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  });
  try {
    return await collect((sink) => client.subscribe({ query, variables }, sink));
  } finally {
    await client.dispose();
  }
}

/** One operation over Server-Sent Events with the real graphql-sse client, as the administrator. */
export async function overSse(url: string, query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  const client = createSseClient({ url: `${url}/graphql`, retryAttempts: 0, headers: adminHeaders() });
  try {
    return await collect((sink) => client.subscribe({ query, variables }, sink as never));
  } finally {
    client.dispose();
  }
}

/** A JSON POST with fetch; the body text as sent back, and its parse. */
export async function overHttp(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: any }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: adminHeaders({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers }),
    body,
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the test looks at the text
  }
  return { status: response.status, text, json };
}

export const operation = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });
