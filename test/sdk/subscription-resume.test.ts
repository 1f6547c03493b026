import { describe, expect, it } from 'vitest';
import { createClient, CredgateGraphQLError, type FetchLike } from '@credgate/sdk';

const change = (credentialId: string, at: string, change = 'UPDATED') => ({
  data: { credentialChanged: { change, credentialId, at, credential: null } },
});

/** An SSE response that sends `events` and then either breaks the connection or stays open. */
function sseResponse(events: unknown[], then: 'break' | 'hang'): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const event of events) controller.enqueue(encoder.encode(`event: next\ndata: ${JSON.stringify(event)}\n\n`));
      if (then === 'break') {
        await new Promise((resolve) => setTimeout(resolve, 10));
        controller.error(new TypeError('terminated'));
      }
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('subscriptions', () => {
  it('reconnect after a broken stream without delivering an event twice, and close when the loop is left', async () => {
    const streams = [
      sseResponse([change('c1', '2026-01-01T00:00:01.000Z'), change('c2', '2026-01-01T00:00:02.000Z')], 'break'),
      // The server sends the last event again after the reconnection, then a new one.
      sseResponse([change('c2', '2026-01-01T00:00:02.000Z'), change('c1', '2026-01-01T00:00:00.500Z'), change('c1', '2026-01-01T00:00:03.000Z')], 'hang'),
    ];
    const requests: Array<{ accept: string | null; authorization: string | null; signal: AbortSignal | null | undefined }> = [];
    const fetch: FetchLike = async (_input, init) => {
      const headers = new Headers(init?.headers);
      requests.push({ accept: headers.get('accept'), authorization: headers.get('authorization'), signal: init?.signal });
      const response = streams.shift();
      if (!response) throw new TypeError('fetch failed');
      return response;
    };
    const client = createClient({ url: 'http://gw.test', token: 'secret-token', fetch, retry: { retries: 3, initialDelayMs: 1, maxDelayMs: 5 } });
    let reconnections = 0;
    const seen: string[] = [];
    for await (const event of client.credentialChanged({ onReconnected: () => reconnections++ })) {
      seen.push(`${event.credentialId}@${event.at}`);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['c1@2026-01-01T00:00:01.000Z', 'c2@2026-01-01T00:00:02.000Z', 'c1@2026-01-01T00:00:03.000Z']);
    expect(reconnections).toBe(1);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ accept: 'text/event-stream', authorization: 'Bearer secret-token' });
    // Leaving the loop aborted the open stream.
    expect(requests[1]!.signal?.aborted).toBe(true);
  });
});

/** Callbacks for a subscription's first connection and its reconnection, and promises of them. */
function connectionSignals() {
  let connected!: () => void;
  let reconnected!: () => void;
  const opened = new Promise<void>((resolve) => (connected = resolve));
  const reopened = new Promise<void>((resolve) => (reconnected = resolve));
  return { opened, reopened, connected, reconnected };
}

describe('subscriptions against a gateway', () => {
  it('reconnect when the gateway drops every connection and keep delivering events', async () => {
    const { startGateway, TEST_ADMIN_TOKEN } = await import('../support/gateway.js');
    const gateway = await startGateway();
    const client = createClient({ url: gateway.url, token: TEST_ADMIN_TOKEN, retry: { retries: 5, initialDelayMs: 20, maxDelayMs: 200 } });
    try {
      const { projects } = (await client.orgTree()).clusters[0]!.departments[0]!;
      const scope = { type: 'PROJECT' as const, id: projects[0]!.id };
      const { opened, reopened, connected, reconnected } = connectionSignals();
      const names: string[] = [];
      const collected = (async () => {
        for await (const event of client.credentialChanged({ where: { name: { startsWith: 'resume-' } }, onConnected: connected, onReconnected: reconnected, signal: AbortSignal.timeout(15_000) })) {
          names.push(`${event.change} ${event.credential?.name}`);
          if (names.length === 2) break;
        }
      })();
      await opened;
      await client.createPasswordCredential({ name: 'resume-before', scope, username: 'u', password: 'p' }).orThrow();
      await expect.poll(() => names.length, { timeout: 15_000 }).toBe(1);
      gateway.app.server.closeAllConnections();
      await reopened;
      await client.createPasswordCredential({ name: 'resume-after', scope, username: 'u', password: 'p' }).orThrow();
      await collected;
      expect(names).toEqual(['CREATED resume-before', 'CREATED resume-after']);
    } finally {
      client.dispose();
      await gateway.stop();
    }
  });

  it('replay the status events written while the stream was down, none lost and none twice', async () => {
    const { startGateway, TEST_ADMIN_TOKEN } = await import('../support/gateway.js');
    const gateway = await startGateway();
    const client = createClient({ url: gateway.url, token: TEST_ADMIN_TOKEN, retry: { retries: 5, initialDelayMs: 300, maxDelayMs: 300 } });
    try {
      const { projects } = (await client.orgTree()).clusters[0]!.departments[0]!;
      const scope = { type: 'PROJECT' as const, id: projects[0]!.id };
      const { opened, reopened, connected, reconnected } = connectionSignals();
      const seen: string[] = [];
      const collected = (async () => {
        for await (const event of client.credentialStatusChanged({ where: { name: { startsWith: 'gap-' } }, onConnected: connected, onReconnected: reconnected, signal: AbortSignal.timeout(20_000) })) {
          seen.push(`${event.credential.name} ${event.sequence} ${event.phase}`);
          if (seen.length === 4) break;
        }
      })();
      await opened;
      await client.createPasswordCredential({ name: 'gap-before', scope, username: 'u', password: 'p' }).orThrow();
      await expect.poll(() => seen.length, { timeout: 15_000 }).toBe(2);
      // The stream breaks; the client waits 300 ms before reconnecting, and meanwhile another credential goes CREATING → READY.
      gateway.app.server.closeAllConnections();
      // Mutations are never retried by the client: give the dropped keep-alive sockets a moment to be noticed.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const during = await client.createPasswordCredential({ name: 'gap-during', scope, username: 'u', password: 'p' }).orThrow();
      await expect.poll(async () => (await client.credential(during.credential.id))?.status.phase, { timeout: 15_000 }).toBe('READY');
      await reopened;
      await collected;
      expect(seen).toEqual(['gap-before 1 CREATING', 'gap-before 2 READY', 'gap-during 1 CREATING', 'gap-during 2 READY']);
    } finally {
      client.dispose();
      await gateway.stop();
    }
  });

  it('end with a typed error, without reconnecting, when the gateway refuses the subscription', async () => {
    const { startGateway, TEST_ADMIN_TOKEN } = await import('../support/gateway.js');
    const gateway = await startGateway();
    let requests = 0;
    const fetch: FetchLike = (input, init) => {
      requests++;
      return globalThis.fetch(input, init);
    };
    const client = createClient({ url: gateway.url, token: TEST_ADMIN_TOKEN, fetch, retry: { retries: 5, initialDelayMs: 50, maxDelayMs: 500 } });
    try {
      const stream = client.credentialStatusChanged({ where: { createdAt: { from: 'not a time' } } });
      const error = await (async () => {
        for await (const event of stream) void event;
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CredgateGraphQLError);
      expect((error as CredgateGraphQLError).errors[0]!.message).toContain('where');
      expect(requests).toBe(1);
    } finally {
      await gateway.stop();
    }
  });

  it('end their loops when the client is disposed', async () => {
    const { startGateway, TEST_ADMIN_TOKEN } = await import('../support/gateway.js');
    const gateway = await startGateway();
    const client = createClient({ url: gateway.url, token: TEST_ADMIN_TOKEN });
    try {
      let connected!: () => void;
      const opened = new Promise<void>((resolve) => (connected = resolve));
      const loop = (async () => {
        for await (const event of client.credentialChanged({ onConnected: connected })) void event;
        return 'ended';
      })();
      await opened;
      client.dispose();
      expect(await loop).toBe('ended');
    } finally {
      await gateway.stop();
    }
  });
});
