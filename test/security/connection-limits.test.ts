// Issue 9: what one client can make the gateway hold or buffer is bounded, and each limit is
// answered with a clear error: request bodies, WebSocket messages, subscriptions per connection
// and in total, SSE streams per client, and connections that idle or send slowly.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { adminHeaders, startGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../support/gateway.js';
import { listening, noSubscribers } from '../support/subscriptions.js';

const LIMITS = {
  maxRequestBytes: 4096,
  wsMaxMessageBytes: 64 * 1024,
  maxSubscriptionsPerConnection: 2,
  maxSubscriptions: 4,
  maxSseStreamsPerClient: 2,
  wsKeepAliveMs: 1000,
  wsInitTimeoutMs: 1000,
  headersTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  keepAliveTimeoutMs: 500,
};
const STATUS = 'subscription { credentialStatusChanged { phase } }';

let gateway: TestGateway;
let port: number;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  gateway = await startGateway({ config: LIMITS });
  port = Number(new URL(gateway.url).port);
}, 60_000);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await noSubscribers(gateway);
});
afterAll(() => gateway?.stop());

function wsClient(): WsClient {
  const client = createWsClient({
    url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    retryAttempts: 0,
    lazy: false,
  });
  cleanups.push(() => client.dispose());
  return client;
}

/** Subscribes and reports the first error, if the gateway answers with one; `cancel` completes it. */
function subscribe(client: WsClient, query = STATUS): { error: Promise<unknown>; cancel: () => void } {
  let cancel = () => {};
  const error = new Promise<unknown>((resolve) => {
    cancel = client.subscribe({ query }, { next: () => {}, error: resolve, complete: () => resolve(undefined) });
  });
  return { error, cancel };
}

/** Opens an SSE stream with fetch; resolves once the gateway answered (the stream stays open until aborted). */
async function sseStream(): Promise<Response> {
  const abort = new AbortController();
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: adminHeaders({ 'content-type': 'application/json', accept: 'text/event-stream' }),
    body: JSON.stringify({ query: STATUS }),
    signal: abort.signal,
  });
  cleanups.push(() => abort.abort());
  return response;
}

function query(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gateway.url}/graphql`, { method: 'POST', headers: adminHeaders({ 'content-type': 'application/json', ...headers }), body });
}

async function credentialNames(): Promise<string[]> {
  const { credentials } = await gateway.data(`{ credentials(first: 100) { edges { node { name } } } }`);
  return credentials.edges.map((e: { node: { name: string } }) => e.node.name);
}

/** A raw TCP connection, so a test can send what no well-behaved client would. */
async function rawConnection(): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let data = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (data = Buffer.concat([data, chunk])));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  cleanups.push(() => socket.destroy());
  return { socket, received: () => data, closed };
}

/** Completes a WebSocket handshake by hand; returns the bytes received after the 101. */
async function rawWebSocket() {
  const connection = await rawConnection();
  const key = randomBytes(16).toString('base64');
  connection.socket.write(
    `GET /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
  );
  await until(() => connection.received().includes('\r\n\r\n'), 'the handshake answer');
  const head = connection.received().toString('latin1');
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  const bodyStart = head.indexOf('\r\n\r\n') + 4;
  return { ...connection, frames: () => serverFrames(connection.received().subarray(bodyStart)) };
}

/** Server frames are not masked: opcode, and the payload. */
function serverFrames(bytes: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at] & 0x0f;
    let length = bytes[at + 1] & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      start += 8;
    }
    if (start + length > bytes.length) break;
    frames.push({ opcode, payload: bytes.subarray(start, start + length) });
    at = start + length;
  }
  return frames;
}

/** The header of a masked client frame announcing `length` bytes (the mask is zero, so the payload goes as is). */
function clientFrameHeader(opcode: number, length: number): Buffer {
  if (length < 126) return Buffer.from([0x80 | opcode, 0x80 | length, 0, 0, 0, 0]);
  if (length < 65536) {
    const header = Buffer.from([0x80 | opcode, 0x80 | 126, 0, 0, 0, 0, 0, 0]);
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(14);
  header[0] = 0x80 | opcode;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('request bodies', () => {
  it('refuses a declared body over the limit with 413 before reading it, and runs nothing', async () => {
    const before = await credentialNames();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: adminHeaders({ 'content-type': 'application/json', 'content-length': String(99 * 1024 * 1024) }) }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      // Headers only: the answer comes without the 99 MB.
      req.write(JSON.stringify({ query: 'mutation { createPasswordCredential(input: { name: "big", scope: { type: ACCOUNT }, username: "u", password: "p" }) { __typename } }' }).slice(0, 40));
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0]).toEqual({
      message: 'The request body is larger than 4096 bytes, the most this gateway reads (CREDGATE_MAX_REQUEST_BYTES).',
      extensions: { code: 'REQUEST_TOO_LARGE' },
    });
    expect(await credentialNames()).toEqual(before);
  });

  it('refuses an undeclared (chunked) body as soon as it passes the limit, and runs nothing', async () => {
    const before = await credentialNames();
    const mutation = 'mutation { createPasswordCredential(input: { name: "chunked", scope: { type: ACCOUNT }, username: "u", password: "p" }) { __typename } }';
    let sent = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: adminHeaders({ 'content-type': 'application/json' }) });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      const chunk = Buffer.alloc(1024, ' ');
      const pump = () => {
        if (answered) return;
        sent += chunk.length;
        req.write(sent === chunk.length ? `{"query":${JSON.stringify(mutation)}` + ' '.repeat(900) : chunk, () => setImmediate(pump));
      };
      pump();
    });
    expect(status).toBe(413);
    // The gateway answered long before a client could have sent a large body.
    expect(sent).toBeLessThan(1024 * 1024);
    expect(await credentialNames()).toEqual(before);
    expect((await query(JSON.stringify({ query: '{ me { name } }' }))).status).toBe(200);
  });
});

describe('WebSocket messages', () => {
  it('closes a connection announcing a 99 MB message (1009) without buffering it', async () => {
    const rssBefore = process.memoryUsage().rss;
    const ws = await rawWebSocket();
    const size = 99 * 1024 * 1024;
    ws.socket.write(clientFrameHeader(0x1, size));
    const chunk = Buffer.alloc(64 * 1024);
    let sent = 0;
    // Keep sending, as an attacker would, until the gateway says it will not take the message.
    while (!ws.frames().some((f) => f.opcode === 0x8) && sent < size) {
      sent += chunk.length;
      await new Promise<void>((resolve) => ws.socket.write(chunk, () => resolve()));
    }
    const close = ws.frames().find((f) => f.opcode === 0x8);
    expect(close, 'a close frame').toBeDefined();
    expect(close!.payload.readUInt16BE(0)).toBe(1009);
    expect(sent).toBeLessThan(size / 4);
    ws.socket.end(Buffer.concat([clientFrameHeader(0x8, 2), Buffer.from([0x03, 0xf1])]));
    await ws.closed;
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(50 * 1024 * 1024);

    // The gateway still serves everyone else.
    const client = wsClient();
    const answer = await new Promise<any>((resolve, reject) => client.subscribe({ query: '{ me { name } }' }, { next: resolve, error: reject, complete: () => {} }));
    expect(answer.data.me.name).toBeTruthy();
  });

  it('closes a graphql-ws client whose message is over the limit with 1009', async () => {
    const closed = new Promise<number>((resolve) => {
      const client = createWsClient({
        url: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        retryAttempts: 0,
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      cleanups.push(() => client.dispose());
      client.subscribe({ query: `{ me { name } } # ${'x'.repeat(LIMITS.wsMaxMessageBytes)}` }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    expect(await closed).toBe(1009);
  });
});

describe('subscriptions', () => {
  it('answers a subscription over the per-connection limit with a clear error; completing one frees its place', async () => {
    const client = wsClient();
    const first = subscribe(client);
    subscribe(client);
    await listening(gateway, 'credentialStatusChanged', 2);
    const third = await subscribe(client).error;
    expect(third).toEqual([
      expect.objectContaining({
        message: 'This connection already has 2 operations open, the most allowed (CREDGATE_MAX_SUBSCRIPTIONS_PER_CONNECTION). Complete one first, or open another connection.',
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
      }),
    ]);
    first.cancel();
    await until(() => gateway.app.services.events.listenerCount('credentialStatusChanged') === 1, 'the completed subscription to end');
    subscribe(client);
    await listening(gateway, 'credentialStatusChanged', 2);
  });

  it('caps subscriptions across the process, WebSocket and SSE together', async () => {
    const a = wsClient();
    const b = wsClient();
    subscribe(a);
    subscribe(a);
    subscribe(b);
    expect((await sseStream()).status).toBe(200);
    await listening(gateway, 'credentialStatusChanged', 4);

    const overWs = await subscribe(b).error;
    expect(overWs).toEqual([expect.objectContaining({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })]);
    expect((overWs as { message: string }[])[0].message).toMatch(/^The gateway is serving 4 subscriptions, the most it allows \(CREDGATE_MAX_SUBSCRIPTIONS\)/);
    const overSse = await sseStream();
    expect(overSse.status).toBe(429);
    expect((await overSse.json()).errors[0].extensions.code).toBe('TOO_MANY_SUBSCRIPTIONS');
  });

  it('caps SSE streams per client with 429 and a clear message; a closed stream frees its place', async () => {
    const first = new AbortController();
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json', accept: 'text/event-stream' }),
      body: JSON.stringify({ query: STATUS }),
      signal: first.signal,
    });
    expect(response.status).toBe(200);
    expect((await sseStream()).status).toBe(200);
    await listening(gateway, 'credentialStatusChanged', 2);

    const third = await sseStream();
    expect(third.status).toBe(429);
    expect((await third.json()).errors[0]).toEqual({
      message: 'This client already has 2 event streams open, the most allowed (CREDGATE_MAX_SSE_STREAMS_PER_CLIENT). Close one, or subscribe to several credentials in one stream.',
      extensions: { code: 'TOO_MANY_STREAMS' },
    });

    first.abort();
    await until(() => gateway.app.services.events.listenerCount('credentialStatusChanged') === 1, 'the aborted stream to end');
    // The place is given back when the response closes, which may follow the listener by a moment.
    let again: Response | undefined;
    const deadline = Date.now() + 5000;
    while ((again = await sseStream()).status === 429 && Date.now() < deadline) await again.body?.cancel();
    expect(again.status).toBe(200);
  });
});

describe('idle and slow connections', () => {
  it('closes a WebSocket that never sends connection_init (4408)', async () => {
    const socket = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    cleanups.push(() => socket.terminate());
    const [code, reason] = (await once(socket, 'close')) as [number, Buffer];
    expect(code).toBe(4408);
    expect(reason.toString()).toBe('Connection initialisation timeout');
  });

  it('cuts off a WebSocket peer that stops answering pings, while a live client stays connected', async () => {
    const live = wsClient();
    const liveSubscription = subscribe(live);
    const dead = await rawWebSocket();
    const init = Buffer.from(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } }));
    dead.socket.write(Buffer.concat([clientFrameHeader(0x1, init.length), init]));
    await dead.closed;
    const opcodes = dead.frames().map((f) => f.opcode);
    // It was pinged, did not answer, and was cut off without a close handshake.
    expect(opcodes).toContain(0x9);
    expect(opcodes).not.toContain(0x8);

    // The live client answered the same pings and is still served.
    const answer = await new Promise<any>((resolve, reject) => live.subscribe({ query: '{ me { name } }' }, { next: resolve, error: reject, complete: () => {} }));
    expect(answer.data.me.name).toBeTruthy();
    liveSubscription.cancel();
  });

  it('answers 408 and closes a connection that sends its headers too slowly', async () => {
    const raw = await rawConnection();
    raw.socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n`);
    await raw.closed;
    expect(raw.received().toString()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('answers 408 and closes a connection that sends its body too slowly', async () => {
    const raw = await rawConnection();
    raw.socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":`,
    );
    await raw.closed;
    expect(raw.received().toString()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes an idle keep-alive connection', async () => {
    const raw = await rawConnection();
    const body = JSON.stringify({ query: '{ me { name } }' });
    raw.socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    await raw.closed;
    expect(raw.received().toString()).toMatch(/^HTTP\/1\.1 200[\s\S]*"me"/);
  });
});
