import { describe, expect, it } from 'vitest';
import {
  createClient,
  CredgateGraphQLError,
  CredgateHttpError,
  CredgateNetworkError,
  CredgateNotFoundError,
  CredgateValidationError,
  type FetchLike,
} from '@credgate/sdk';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: { query?: string; variables?: Record<string, unknown>; operationName?: string } | undefined;
}

/** A fetch that answers from a script and records every call. */
function scriptedFetch(answers: Array<Response | Error>): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (input, init) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const answer = answers.shift();
    if (!answer) throw new Error('no more scripted answers');
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const fast = { retries: 3, initialDelayMs: 1, maxDelayMs: 5 };
const me = { me: { id: 'u1', name: 'ops', role: 'SYSTEM_ADMINISTRATOR', builtin: false } };

describe('SDK requests', () => {
  it('sends the bearer token, extra headers and the operation name to <url>/graphql', async () => {
    const { fetch, calls } = scriptedFetch([json({ data: me }), json({ data: me })]);
    let issued = 0;
    const client = createClient({ url: 'http://gw.test:4000/', getToken: async () => `t${++issued}`, headers: { 'x-request-source': 'billing' }, fetch });
    await client.me();
    await client.me();
    expect(calls.map((c) => c.url)).toEqual(['http://gw.test:4000/graphql', 'http://gw.test:4000/graphql']);
    expect(calls.map((c) => c.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(calls[0]!.headers['x-request-source']).toBe('billing');
    expect(calls[0]!.body?.operationName).toBe('Me');
  });

  it('retries a query after network errors, 503 and 429, then returns its data', async () => {
    const { fetch, calls } = scriptedFetch([
      new TypeError('fetch failed'),
      json({ errors: [{ message: 'overloaded' }] }, 503),
      new Response('slow down', { status: 429, headers: { 'retry-after': '0' } }),
      json({ data: me }),
    ]);
    const client = createClient({ url: 'http://gw.test', token: 't', fetch, retry: fast });
    expect((await client.me()).name).toBe('ops');
    expect(calls).toHaveLength(4);
  });

  it('gives up after the configured retries with a typed HTTP error carrying status and body', async () => {
    const { fetch, calls } = scriptedFetch([1, 2, 3].map(() => new Response('upstream down', { status: 502 })));
    const client = createClient({ url: 'http://gw.test', token: 't', fetch, retry: { ...fast, retries: 2 } });
    const error = await client.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredgateHttpError);
    expect(error).toMatchObject({ status: 502, body: 'upstream down' });
    expect(calls).toHaveLength(3);
  });

  it('never retries a mutation', async () => {
    const { fetch, calls } = scriptedFetch([new TypeError('fetch failed'), json({ data: {} })]);
    const client = createClient({ url: 'http://gw.test', token: 't', fetch, retry: fast });
    const error = await client.deleteCredential('Q3JlZA==').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredgateNetworkError);
    expect(calls).toHaveLength(1);
  });

  it('does not retry a 4xx and reports GraphQL errors as CredgateGraphQLError', async () => {
    const { fetch, calls } = scriptedFetch([json({ errors: [{ message: 'Cannot query field "nope"' }] }, 400), new Response('no', { status: 401 })]);
    const client = createClient({ url: 'http://gw.test', token: 't', fetch, retry: fast });
    const graphqlError = await client.me().catch((e: unknown) => e);
    expect(graphqlError).toBeInstanceOf(CredgateGraphQLError);
    expect((graphqlError as CredgateGraphQLError).errors[0]!.message).toContain('nope');
    const httpError = await client.me().catch((e: unknown) => e);
    expect(httpError).toMatchObject({ status: 401 });
    expect(calls).toHaveLength(2);
  });

  it('returns mutation error members as values, and throws them as typed errors from orThrow()', async () => {
    const validation = { __typename: 'ValidationError', message: 'Invalid input', fieldErrors: [{ path: ['name'], message: 'is required' }] };
    const notFound = { __typename: 'NotFoundError', message: 'No such credential', resourceId: 'x' };
    const { fetch } = scriptedFetch([
      json({ data: { createPasswordCredential: validation } }),
      json({ data: { createPasswordCredential: validation } }),
      json({ data: { deleteCredential: notFound } }),
    ]);
    const client = createClient({ url: 'http://gw.test', token: 't', fetch });
    const scope = { type: 'ACCOUNT' as const };
    const result = await client.createPasswordCredential({ name: '', scope });
    expect(result.__typename === 'ValidationError' && result.fieldErrors).toEqual(validation.fieldErrors);
    const thrown = await client.createPasswordCredential({ name: '', scope }).orThrow().catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CredgateValidationError);
    expect((thrown as CredgateValidationError).fieldErrors).toEqual(validation.fieldErrors);
    const missing = await client.deleteCredential('x').then((r) => client.unwrap(r)).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CredgateNotFoundError);
    expect((missing as CredgateNotFoundError).resourceId).toBe('x');
  });

  it('requires a token or a token source', () => {
    expect(() => createClient({ url: 'http://gw.test' })).toThrow(/token/);
  });
});
