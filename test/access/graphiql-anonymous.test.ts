import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startGateway, type TestGateway } from '../support/gateway.js';

// A browser asking for /graphql without a token gets the GraphiQL page when GraphiQL is on (the
// token goes into its header editor). That is all an unauthenticated request ever gets: with
// GraphiQL off it is a 401 like any other, and with it on nothing is executed, on no route.

let off: TestGateway;
let on: TestGateway;

beforeAll(async () => {
  [off, on] = await Promise.all([
    startGateway({ demo: false, config: { graphiql: false, embeddedKube: false } }),
    startGateway({ demo: false, config: { graphiql: true, introspection: true, embeddedKube: false } }),
  ]);
});
afterAll(async () => {
  await Promise.all([off?.stop(), on?.stop()]);
});

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const QUERY = encodeURIComponent('{ me { name kind } __typename }');

/** Requests a browser could send with no token, on every authenticated route. */
const unauthenticated = (url: string) => [
  ['GET /graphql?query', `${url}/graphql?query=${QUERY}`, { accept: HTML }],
  ['GET /graphql?query (graphql-response and html)', `${url}/graphql?query=${QUERY}`, { accept: 'application/graphql-response+json, text/html', 'x-graphql-yoga-csrf': '1' }],
  ['GET /graphql/ (trailing slash)', `${url}/graphql/?query=${QUERY}`, { accept: HTML }],
  ['GET /graphql SSE', `${url}/graphql?query=${encodeURIComponent('subscription { credentialChanged { change } }')}`, { accept: 'text/event-stream, text/html', 'x-graphql-yoga-csrf': '1' }],
  ['GET /export/credentials.csv', `${url}/export/credentials.csv`, { accept: HTML }],
  ['GET /api/v1/asset/credentials', `${url}/api/v1/asset/credentials`, { accept: HTML }],
  ['GET /metrics', `${url}/metrics`, { accept: HTML }],
] as const;

async function expect401(response: Response, what: string) {
  const body = await response.text();
  expect(response.status, `${what}: ${body.slice(0, 200)}`).toBe(401);
  expect(response.headers.get('www-authenticate'), what).toMatch(/^Bearer realm="credgate"/);
  expect(body, what).not.toMatch(/<html|"data"|"me"|__typename|# HELP/i);
}

describe('GraphiQL off', () => {
  it('answers an unauthenticated browser GET of /graphql with 401, as every other request', async () => {
    await expect401(await fetch(`${off.url}/graphql`, { headers: { accept: HTML } }), 'GET /graphql');
    for (const [what, url, headers] of unauthenticated(off.url)) await expect401(await fetch(url, { headers }), what);
  });

  it('still answers a browser GET that carries a token (as GraphQL, not a page)', async () => {
    const response = await fetch(`${off.url}/graphql?query=${encodeURIComponent('{ me { kind } }')}`, { headers: adminHeaders({ accept: `application/graphql-response+json, ${HTML}` }) });
    expect(response.status).toBe(200);
    expect((await response.json()).data.me.kind).toBeDefined();
  });
});

describe('GraphiQL on', () => {
  it('serves the page, and only the page, to an unauthenticated browser GET of /graphql', async () => {
    const pages: string[] = [];
    for (const url of [`${on.url}/graphql`, `${on.url}/graphql?query=${QUERY}`]) {
      const response = await fetch(url, { headers: { accept: HTML } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
      pages.push(await response.text());
    }
    expect(pages[0]).toMatch(/<html/i);
    // With a query or without, the same page: nothing answered the query.
    expect(pages[1]).toBe(pages[0]);
    expect(pages[0]).not.toContain('ANONYMOUS');
  });

  it('executes nothing for an unauthenticated request, on any route, whatever it accepts', async () => {
    const page = await (await fetch(`${on.url}/graphql`, { headers: { accept: HTML } })).text();
    for (const [what, url, headers] of unauthenticated(on.url)) {
      const response = await fetch(url, { headers });
      // At the endpoint, whatever else it accepts or asks, a browser without a token gets the page itself; elsewhere a 401.
      if (new URL(url).pathname === '/graphql') expect(await response.text(), what).toBe(page);
      else await expect401(response, what);
    }
    const post = await fetch(`${on.url}/graphql`, { method: 'POST', headers: { accept: HTML, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    await expect401(post, 'POST /graphql');
  });

  it('a GET with a token is the caller\'s own: the page for a browser, the result for GraphQL', async () => {
    const page = await fetch(`${on.url}/graphql`, { headers: adminHeaders({ accept: HTML }) });
    expect(await page.text()).toMatch(/<html/i);
    const result = await fetch(`${on.url}/graphql?query=${encodeURIComponent('{ me { kind } }')}`, { headers: adminHeaders({ accept: 'application/graphql-response+json' }) });
    expect((await result.json()).data.me.kind).toBeDefined();
  });
});
