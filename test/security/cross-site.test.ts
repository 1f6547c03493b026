// Issue 9: a web page the gateway's users visit must not be able to drive it. Each attack is
// replayed with a real client (fetch, node:http, graphql-ws, graphql-sse, kubectl) and checked
// twice: the request is refused, and nothing changed in the database or in the cluster.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { configFromEnv, ConfigError } from '../../src/config.js';
import { adminHeaders, demoTree, startGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../support/gateway.js';
import { eventually, kubectlJson } from '../support/kube.js';

const ATTACKER = 'https://attacker.example';
const TRUSTED = 'https://console.example.com';

let gateway: TestGateway;
let victim: { id: string; kubernetesName: string; namespace: string };

const ROTATE = `mutation($input: RotateCredentialInput!) { rotateCredential(input: $input) { __typename } }`;
const ROTATE_VARIABLES = { input: { id: '', url: 'https://registry.attacker.example', username: 'attacker', password: 'pwned' } };
const CREATE = `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { __typename } }`;

function attacks(): { name: string; query: string; variables: Record<string, unknown> }[] {
  return [
    { name: 'rotateCredential', query: ROTATE, variables: { input: { ...ROTATE_VARIABLES.input, id: victim.id } } },
    { name: 'createPasswordCredential', query: CREATE, variables: { input: { name: 'planted-by-attacker', scope: { type: 'ACCOUNT' }, username: 'a', password: 'b' } } },
  ];
}

/** The bodies a page can POST without a CORS preflight, as a browser would encode a form. */
function simpleBodies(query: string, variables: Record<string, unknown>): { contentType: string; body: string | FormData }[] {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables }));
  form.set('map', '{}');
  return [
    { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ query, variables: JSON.stringify(variables) }).toString() },
    { contentType: 'multipart/form-data', body: form },
    { contentType: 'text/plain', body: JSON.stringify({ query, variables }) },
  ];
}

/** What an attack could change: the credential list, and the Secret in the cluster (read with kubectl). */
async function snapshot() {
  const { credentials } = await gateway.data(`{ credentials(first: 100) { edges { node { id name updatedAt keys } } } }`);
  const secret = await kubectlJson(gateway, 'get', 'secret', '-n', victim.namespace, victim.kubernetesName);
  return { credentials, secret: { data: secret.data, resourceVersion: secret.metadata.resourceVersion } };
}

function post(body: string | FormData, headers: Record<string, string>): Promise<Response> {
  return fetch(`${gateway.url}/graphql`, { method: 'POST', headers: adminHeaders(headers), body });
}

/** A request with a Host header of our choosing (fetch does not let one set it). */
function rawRequest(options: { path: string; method?: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Opens a WebSocket as a browser page would and reports how the upgrade was answered. */
function upgrade(headers: Record<string, string>): Promise<{ opened: boolean; status?: number; body?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    socket.once('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ opened: false, status: res.statusCode, body }));
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

/** A WebSocket implementation that sends the given Origin, as a browser does. */
function webSocketFrom(origin: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { origin });
    }
  } as typeof WebSocket;
}

beforeAll(async () => {
  gateway = await startGateway({ config: { corsOrigins: [TRUSTED] } });
  const tree = await demoTree(gateway);
  const { createPasswordCredential } = await gateway.data(
    `mutation($input: CreatePasswordCredentialInput!) { createPasswordCredential(input: $input) { ... on CreatePasswordCredentialSuccess { credential { id kubernetesName } } } }`,
    { input: { name: 'registry login', scope: { type: 'PROJECT', id: tree.projects.vision.id }, username: 'ci', password: 'original-password' } },
  );
  victim = { ...createPasswordCredential.credential, namespace: tree.projects.vision.namespace };
  await eventually(async () => {
    const { credential } = await gateway.data(`query($id: ID!) { credential(id: $id) { status { phase } } }`, { id: victim.id });
    return credential.status.phase === 'READY';
  }, 30_000, 'the credential to be READY');
}, 60_000);
afterAll(() => gateway?.stop());

describe('cross-site POSTs', () => {
  it('refuses every simple content type from a foreign or null Origin, and runs nothing', async () => {
    const before = await snapshot();
    for (const origin of [ATTACKER, 'null']) {
      for (const attack of attacks()) {
        for (const { contentType, body } of simpleBodies(attack.query, attack.variables)) {
          const headers: Record<string, string> = { origin };
          // FormData sets its own multipart boundary.
          if (typeof body === 'string') headers['content-type'] = contentType;
          const response = await post(body, headers);
          expect(response.status, `${attack.name} as ${contentType} from ${origin}`).toBe(403);
          expect(response.headers.get('access-control-allow-origin')).toBeNull();
          const answer = await response.json();
          expect(answer.errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
          expect(JSON.stringify(answer)).not.toContain(origin === 'null' ? '"null"' : ATTACKER);
        }
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses every simple content type with 415 even without an Origin, and runs nothing', async () => {
    const before = await snapshot();
    for (const attack of attacks()) {
      for (const { contentType, body } of simpleBodies(attack.query, attack.variables)) {
        const response = await post(body, typeof body === 'string' ? { 'content-type': contentType } : {});
        expect(response.status, `${attack.name} as ${contentType}`).toBe(415);
        const answer = await response.json();
        expect(answer.errors[0]).toEqual({ message: 'POST /graphql takes a JSON body: send Content-Type: application/json.', extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      }
    }
    // No content type at all is not JSON either, nor a response type sent as a request's.
    const responseType = await post(JSON.stringify({ query: '{ me { name } }' }), { 'content-type': 'application/graphql-response+json' });
    expect(responseType.status).toBe(415);
    const bare = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: adminHeaders(), body: new Blob([JSON.stringify({ query: ROTATE, variables: attacks()[0].variables })]) });
    expect(bare.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a JSON POST from a foreign Origin (a page that got past CORS somehow), and runs nothing', async () => {
    const before = await snapshot();
    for (const attack of attacks()) {
      const response = await post(JSON.stringify(attack), { 'content-type': 'application/json', origin: ATTACKER });
      expect(response.status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('never runs a mutation sent with GET, and asks a GET for a header a page cannot send cross-site', async () => {
    const before = await snapshot();
    const [rotate] = attacks();
    const url = `${gateway.url}/graphql?query=${encodeURIComponent(rotate.query)}&variables=${encodeURIComponent(JSON.stringify(rotate.variables))}`;
    // As an <img> or a link would send it: no custom header, so no token either (401), and no CSRF header (403).
    const plain = await fetch(url);
    expect([401, 403]).toContain(plain.status);
    // Even with a header a page cannot send cross-site, GET does not mutate.
    const withToken = await fetch(url, { headers: adminHeaders() });
    expect(withToken.status).toBe(405);
    expect(await snapshot()).toEqual(before);

    const query = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ me { name } }')}`, { headers: adminHeaders() });
    expect(query.status).toBe(200);
    expect((await query.json()).data.me.name).toBeTruthy();
  });

  it('still answers JSON without an Origin (curl, the SDK, another server)', async () => {
    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8']) {
      const response = await post(JSON.stringify({ query: '{ me { name } }' }), { 'content-type': contentType });
      expect(response.status, contentType).toBe(200);
      expect((await response.json()).data.me.name).toBeTruthy();
    }
  });
});

describe('CORS', () => {
  it('answers a foreign or null Origin\'s preflight without any CORS header (never reflected, never "null")', async () => {
    for (const origin of [ATTACKER, 'null', `${TRUSTED}.attacker.example`, 'http://console.example.com', `${TRUSTED}:8443`, 'http://127.0.0.1:1']) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
      expect(response.status, origin).toBe(403);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(response.headers.get('access-control-allow-credentials'), origin).toBeNull();
      expect(response.headers.get('access-control-allow-headers'), origin).toBeNull();
    }
  });

  it('gives an allowlisted origin its preflight and its answers, with credentials', async () => {
    const preflight = await fetch(`${gateway.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: TRUSTED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TRUSTED);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    expect(preflight.headers.get('vary')).toMatch(/Origin/);

    const response = await post(JSON.stringify({ query: '{ me { name } }' }), { 'content-type': 'application/json', origin: TRUSTED });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(TRUSTED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await response.json()).data.me.name).toBeTruthy();
  });

  it('answers the gateway\'s own pages (same origin) without CORS headers', async () => {
    const response = await post(JSON.stringify({ query: '{ me { name } }' }), { 'content-type': 'application/json', origin: gateway.url });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect((await response.json()).data.me.name).toBeTruthy();
  });

  it('refuses the CSV export to a foreign Origin and serves it to the allowlisted one', async () => {
    const foreign = await fetch(`${gateway.url}/export/credentials.csv`, { headers: adminHeaders({ origin: ATTACKER }) });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(await foreign.text()).not.toContain('registry login');
    const trusted = await fetch(`${gateway.url}/export/credentials.csv`, { headers: adminHeaders({ origin: TRUSTED }) });
    expect(trusted.status).toBe(200);
    expect(trusted.headers.get('access-control-allow-origin')).toBe(TRUSTED);
    expect(await trusted.text()).toContain('registry login');
  });
});

describe('WebSocket origins', () => {
  it('refuses the upgrade from a foreign or null Origin before any graphql-ws message', async () => {
    for (const origin of [ATTACKER, 'null']) {
      const answer = await upgrade({ origin });
      expect(answer, origin).toMatchObject({ opened: false, status: 403 });
      expect(JSON.parse(answer.body!).errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    }
    expect(await upgrade({ origin: TRUSTED })).toEqual({ opened: true });
    expect(await upgrade({ origin: gateway.url })).toEqual({ opened: true });
    expect(await upgrade({})).toEqual({ opened: true });
  });

  it('runs no mutation for a graphql-ws client with a forged Origin; the allowlisted one works', async () => {
    const before = await snapshot();
    const [rotate] = attacks();
    const forged = createWsClient({
      url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: webSocketFrom(ATTACKER),
      connectionParams: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      retryAttempts: 0,
    });
    const outcome = await new Promise<{ data?: unknown; error?: unknown }>((resolve) => {
      forged.subscribe({ query: rotate.query, variables: rotate.variables }, {
        next: (data) => resolve({ data }),
        error: (error) => resolve({ error }),
        complete: () => resolve({}),
      });
    });
    await forged.dispose();
    expect(outcome.data).toBeUndefined();
    expect(outcome.error).toBeDefined();
    expect(await snapshot()).toEqual(before);

    const trusted = createWsClient({
      url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: webSocketFrom(TRUSTED),
      connectionParams: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      retryAttempts: 0,
    });
    const result = await new Promise<any>((resolve, reject) => {
      trusted.subscribe({ query: '{ me { name } }' }, { next: resolve, error: reject, complete: () => {} });
    });
    await trusted.dispose();
    expect(result.data.me.name).toBeTruthy();
  });
});

describe('SSE origins', () => {
  it('refuses a graphql-sse client with a forged Origin and runs nothing; without an Origin it works', async () => {
    const before = await snapshot();
    const [rotate] = attacks();
    const forged = createSseClient({ url: `${gateway.url}/graphql`, headers: adminHeaders({ origin: ATTACKER }), retryAttempts: 0 });
    const outcome = await new Promise<{ data?: unknown; error?: unknown }>((resolve) => {
      forged.subscribe({ query: rotate.query, variables: rotate.variables }, {
        next: (data) => resolve({ data }),
        error: (error) => resolve({ error }),
        complete: () => resolve({}),
      });
    });
    forged.dispose();
    expect(outcome.data).toBeUndefined();
    expect(String((outcome.error as { message?: string })?.message ?? outcome.error)).toMatch(/403/);
    expect(await snapshot()).toEqual(before);

    const plain = createSseClient({ url: `${gateway.url}/graphql`, headers: adminHeaders(), retryAttempts: 0 });
    const result = await new Promise<any>((resolve, reject) => {
      plain.subscribe({ query: '{ me { name } }' }, { next: resolve, error: reject, complete: () => {} });
    });
    plain.dispose();
    expect(result.data.me.name).toBeTruthy();
  });
});

describe('allowed hosts (DNS rebinding)', () => {
  it('refuses a request naming a foreign Host, and runs nothing', async () => {
    const before = await snapshot();
    const { port } = new URL(gateway.url);
    const [rotate] = attacks();
    for (const host of ['attacker.example', `attacker.example:${port}`, `127.0.0.1:${Number(port) === 1 ? 2 : 1}`]) {
      const answer = await rawRequest({
        path: '/graphql',
        method: 'POST',
        headers: adminHeaders({ host, 'content-type': 'application/json' }),
        body: JSON.stringify({ query: rotate.query, variables: rotate.variables }),
      });
      expect(answer.status, host).toBe(421);
      expect(JSON.parse(answer.body).errors[0]).toEqual({
        message: 'This gateway does not answer to the host name this request was sent to (protection against DNS rebinding). An administrator can add the name to CREDGATE_ALLOWED_HOSTS.',
        extensions: { code: 'HOST_NOT_ALLOWED' },
      });
      expect(answer.body).not.toContain('attacker');
    }
    const csv = await rawRequest({ path: '/export/credentials.csv', headers: adminHeaders({ host: `attacker.example:${port}` }) });
    expect(csv.status).toBe(421);
    expect(await snapshot()).toEqual(before);
  });

  it('answers localhost, 127.0.0.1 and [::1] on its port, and /healthz on any Host', async () => {
    const { port } = new URL(gateway.url);
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const answer = await rawRequest({ path: '/graphql', method: 'POST', headers: adminHeaders({ host, 'content-type': 'application/json' }), body: JSON.stringify({ query: '{ me { name } }' }) });
      expect(answer.status, host).toBe(200);
    }
    expect((await rawRequest({ path: '/healthz', headers: { host: 'attacker.example' } })).status).toBe(200);
  });

  it('refuses a WebSocket upgrade naming a foreign Host', async () => {
    const answer = await upgrade({ host: 'attacker.example' });
    expect(answer).toMatchObject({ opened: false, status: 421 });
  });

  it('answers only the configured names when CREDGATE_ALLOWED_HOSTS is set', async () => {
    const named = await startGateway({ demo: false, config: { allowedHosts: ['gateway.example', 'other.example:1'], embeddedKube: false } });
    try {
      const { port } = new URL(named.url);
      const ask = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: adminHeaders({ host, 'content-type': 'application/json' }) }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          });
          req.on('error', reject);
          req.end(JSON.stringify({ query: '{ me { name } }' }));
        });
      expect(await ask(`gateway.example:${port}`)).toBe(200);
      expect(await ask('gateway.example')).toBe(200);
      expect(await ask(`other.example:${port}`)).toBe(421);
      expect(await ask(`127.0.0.1:${port}`)).toBe(421);
    } finally {
      await named.stop();
    }
  }, 60_000);
});

describe('configuration', () => {
  it('takes origins as scheme://host[:port] and refuses null, * and URLs with a path', () => {
    expect(configFromEnv({ CREDGATE_CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).corsOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(configFromEnv({}).corsOrigins).toEqual([]);
    for (const bad of ['null', '*', 'https://a.example/path', 'a.example', 'file:///x']) {
      expect(() => configFromEnv({ CREDGATE_CORS_ORIGINS: bad }), bad).toThrow(ConfigError);
    }
    expect(configFromEnv({ CREDGATE_ALLOWED_HOSTS: 'Gateway.example, 10.0.0.5:4000' }).allowedHosts).toEqual(['gateway.example', '10.0.0.5:4000']);
    expect(() => configFromEnv({ CREDGATE_ALLOWED_HOSTS: 'http://gateway.example' })).toThrow(ConfigError);
  });
});
