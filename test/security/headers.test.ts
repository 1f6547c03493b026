// Issue 9: every response carries the browser-safety headers; GraphiQL comes from the installed
// package (no CDN) behind its own Content-Security-Policy; GraphiQL and introspection are off in
// production unless turned on, on every transport.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { configFromEnv, ConfigError } from '../../src/config.js';
import { adminHeaders, startGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../support/gateway.js';
import { launchBrowser, newPage } from '../web/browser.js';

const TRUSTED = 'https://console.example.com';
const INTROSPECTION = '{ __schema { queryType { name } } }';

/** A production gateway (the test default: development off, nothing turned on). */
let production: TestGateway;
/** GraphiQL and introspection turned on. */
let tools: TestGateway;

beforeAll(async () => {
  [production, tools] = await Promise.all([
    startGateway({ config: { corsOrigins: [TRUSTED], maxRequestBytes: 1024 } }),
    startGateway({ demo: false, config: { graphiql: true, introspection: true, embeddedKube: false } }),
  ]);
}, 60_000);
afterAll(() => Promise.all([production?.stop(), tools?.stop()]));

type Headers = { get(name: string): string | null };

function expectBrowserSafety(headers: Headers, what: string, html = false): void {
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(headers.get('x-frame-options'), what).toBe('DENY');
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(headers.get('cache-control'), what).toBe('no-store');
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("default-src 'none'");
  if (!html) expect(csp, what).not.toContain('script-src');
}

function rawHeaders(gateway: TestGateway, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers }> {
  const { port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, headers: { get: (name) => (res.headers[name] as string | undefined) ?? null } });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('security headers', () => {
  it('are on every kind of response: answers, errors, refusals, CSV, health, preflight, SSE, 404', async () => {
    const url = production.url;
    const json = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}/graphql`, { method: 'POST', headers: adminHeaders({ 'content-type': 'application/json', ...headers }), body: JSON.stringify(body) });
    const responses: [string, Response][] = [
      ['query', await json({ query: '{ me { name } }' })],
      ['GraphQL error', await json({ query: '{ noSuchField }' })],
      ['malformed JSON', await fetch(`${url}/graphql`, { method: 'POST', headers: adminHeaders({ 'content-type': 'application/json' }), body: '{"query":' })],
      ['GET query', await fetch(`${url}/graphql?query=${encodeURIComponent('{ me { name } }')}`, { headers: adminHeaders() })],
      ['GET without headers', await fetch(`${url}/graphql?query=${encodeURIComponent('{ me { name } }')}`)],
      ['unauthenticated', await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, body: '{"query":"{ me { name } }"}' })],
      ['415', await fetch(`${url}/graphql`, { method: 'POST', headers: adminHeaders({ 'content-type': 'text/plain' }), body: '{}' })],
      ['403 origin', await json({ query: '{ me { name } }' }, { origin: 'https://attacker.example' })],
      ['413', await json({ query: `{ me { name } } # ${'x'.repeat(2000)}` })],
      ['CSV', await fetch(`${url}/export/credentials.csv`, { headers: adminHeaders() })],
      ['healthz', await fetch(`${url}/healthz`)],
      ['readyz', await fetch(`${url}/readyz`)],
      ['preflight', await fetch(`${url}/graphql`, { method: 'OPTIONS', headers: { origin: TRUSTED, 'access-control-request-method': 'POST' } })],
      ['unknown path', await fetch(`${url}/nothing-here`, { headers: adminHeaders() })],
    ];
    const statuses = Object.fromEntries(responses.map(([what, response]) => [what, response.status]));
    expect([401, 403]).toContain(statuses['GET without headers']);
    expect(statuses).toMatchObject({ query: 200, unauthenticated: 401, '415': 415, '403 origin': 403, '413': 413, CSV: 200, healthz: 200, preflight: 204 });
    for (const [what, response] of responses) {
      expectBrowserSafety(response.headers, what);
      await response.body?.cancel();
    }

    const sse = new AbortController();
    const stream = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json', accept: 'text/event-stream' }),
      body: JSON.stringify({ query: 'subscription { credentialStatusChanged { phase } }' }),
      signal: sse.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    expectBrowserSafety(stream.headers, 'SSE');
    sse.abort();

    const host = await rawHeaders(production, '/graphql', { host: 'attacker.example' });
    expect(host.status).toBe(421);
    expectBrowserSafety(host.headers, '421 host');
  });

  it('are on a refused WebSocket upgrade', async () => {
    const answer = await new Promise<Headers>((resolve, reject) => {
      const socket = new WebSocket(`${production.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { origin: 'https://attacker.example' });
      socket.once('unexpected-response', (_req, res) => {
        res.resume();
        resolve({ get: (name) => (res.headers[name] as string | undefined) ?? null });
      });
      socket.once('open', () => reject(new Error('the upgrade was accepted')));
      socket.once('error', () => {});
    });
    expectBrowserSafety(answer, 'WebSocket refusal');
  });
});

describe('GraphiQL', () => {
  it('is not served in production unless turned on', async () => {
    const response = await fetch(`${production.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/html/);
    expect(await response.text()).not.toMatch(/<html/i);
  });

  it('is served from the installed package: no external URL to load, its one inline script allowed by hash', async () => {
    const response = await fetch(`${tools.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expectBrowserSafety(response.headers, 'GraphiQL', true);
    const html = await response.text();
    const csp = response.headers.get('content-security-policy')!;

    // Markup outside the script: every src/href is data: or same-origin, no @import, no remote url().
    const open = html.indexOf('<script>');
    const close = html.lastIndexOf('</script>');
    const markup = html.slice(0, open) + html.slice(close);
    const references = [...markup.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference, reference.slice(0, 60)).toMatch(/^(data:|\/(?!\/)|#)/);
    expect(markup).not.toMatch(/@import/i);
    expect([...markup.matchAll(/url\(\s*["']?([^"')]*)/gi)].map((m) => m[1]).filter((u) => !u.startsWith('data:'))).toEqual([]);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/(unpkg|jsdelivr|cdnjs)\./);

    // The policy names no host at all, and allows exactly the one inline script.
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    const script = html.slice(open + '<script>'.length, close);
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('starts with an editable Authorization header and sends the CSRF header, which the gateway accepts', async () => {
    const html = await (await fetch(`${tools.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    const options = JSON.parse(/renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{[\s\S]*?\}),\s*\);\s*<\/script>/.exec(html)![1]);
    expect(options.isHeadersEditorEnabled).toBe(true);
    expect(options.shouldPersistHeaders).toBe(false);
    expect(JSON.parse(options.headers)).toEqual({ Authorization: 'Bearer <your API token>' });
    expect(JSON.parse(options.defaultHeaders)).toEqual({ Authorization: 'Bearer <your API token>' });

    // GraphiQL's own requests: JSON POSTs (its introspection included) and GETs, from the page's origin.
    const headers = { ...options.additionalHeaders, authorization: `Bearer ${TEST_ADMIN_TOKEN}`, origin: tools.url };
    const post = await fetch(`${tools.url}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query: INTROSPECTION }) });
    expect((await post.json()).data.__schema.queryType.name).toBe('Query');
    const get = await fetch(`${tools.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers });
    expect(get.status).toBe(200);
  });

  it('runs in Chromium under its policy: no violation, only same-origin requests, which pass the CSRF and origin checks', async () => {
    const browser = await launchBrowser();
    try {
      const { page, cspViolations } = await newPage(browser);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      // The user pastes a token into the header editor; everything else is as GraphiQL sends it.
      const sent: Record<string, string>[] = [];
      await page.route(`${tools.url}/graphql`, async (route) => {
        const request = route.request();
        if (request.method() !== 'POST') return route.continue();
        sent.push(request.headers());
        await route.continue({ headers: { ...request.headers(), authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      });
      const introspected = page.waitForResponse((response) => response.url() === `${tools.url}/graphql` && response.request().method() === 'POST', { timeout: 60_000 });
      await page.goto(`${tools.url}/graphql`);
      const response = await introspected;
      expect(response.status()).toBe(200);
      expect((await response.json()).data.__schema.queryType.name).toBe('Query');
      await page.locator('.graphiql-container .monaco-editor').first().waitFor({ timeout: 60_000 });

      expect(sent[0]['content-type']).toMatch(/^application\/json/);
      expect(sent[0].origin).toBe(tools.url);
      expect(sent[0]['x-graphql-yoga-csrf']).toBe('graphiql');
      expect(requested.filter((url) => !url.startsWith(`${tools.url}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
      expect(cspViolations).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('introspection', () => {
  async function overWebSocket(gateway: TestGateway, query: string): Promise<any> {
    const client = createWsClient({
      url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      retryAttempts: 0,
    });
    try {
      return await new Promise((resolve) => {
        client.subscribe({ query }, { next: resolve, error: (errors) => resolve({ errors }), complete: () => {} });
      });
    } finally {
      await client.dispose();
    }
  }

  async function overSse(gateway: TestGateway, query: string): Promise<any> {
    const client = createSseClient({ url: `${gateway.url}/graphql`, headers: adminHeaders(), retryAttempts: 0 });
    try {
      return await new Promise((resolve) => {
        client.subscribe({ query }, { next: resolve, error: (error) => resolve({ errors: [error] }), complete: () => {} });
      });
    } finally {
      client.dispose();
    }
  }

  it('is refused in production over HTTP, SSE and WebSocket; __typename still works', async () => {
    const http = await production.gql(INTROSPECTION);
    expect(http.data).toBeUndefined();
    expect(http.errors![0].message).toMatch(/introspection has been disabled/);
    const typeQuery = await production.gql('{ __type(name: "Credential") { name } }');
    expect(typeQuery.errors![0].message).toMatch(/introspection has been disabled/);
    const sse = await overSse(production, INTROSPECTION);
    expect(JSON.stringify(sse.errors)).toMatch(/introspection has been disabled/);
    expect(sse.data).toBeUndefined();
    const ws = await overWebSocket(production, INTROSPECTION);
    expect(JSON.stringify(ws.errors)).toMatch(/introspection has been disabled/);
    expect(ws.data).toBeUndefined();
    expect((await production.data('{ __typename }')).__typename).toBe('Query');
  });

  it('is answered when turned on, over HTTP and WebSocket', async () => {
    expect((await tools.data(INTROSPECTION)).__schema.queryType.name).toBe('Query');
    expect((await overWebSocket(tools, INTROSPECTION)).data.__schema.queryType.name).toBe('Query');
    expect((await overSse(tools, INTROSPECTION)).data.__schema.queryType.name).toBe('Query');
  });

  it('and GraphiQL follow NODE_ENV unless CREDGATE_GRAPHIQL / CREDGATE_INTROSPECTION say otherwise', () => {
    const production = configFromEnv({ NODE_ENV: 'production' });
    expect(production.development).toBe(false);
    expect(production.graphiql).toBeUndefined();
    expect(production.introspection).toBeUndefined();
    expect(configFromEnv({ NODE_ENV: 'production', CREDGATE_GRAPHIQL: 'true', CREDGATE_INTROSPECTION: 'true' })).toMatchObject({ graphiql: true, introspection: true });
    expect(configFromEnv({ CREDGATE_INTROSPECTION: 'false' }).introspection).toBe(false);
    expect(() => configFromEnv({ CREDGATE_GRAPHIQL: 'yes' })).toThrow(ConfigError);
  });
});
