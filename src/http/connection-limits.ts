import type { IncomingMessage, ServerOptions } from 'node:http';
import { Readable } from 'node:stream';
import { GraphQLError } from 'graphql';
import type { GatewayConfig } from '../config.js';
import type { Refusal } from './exposure.js';

/**
 * Bounds on what one client can hold open or make the gateway buffer: request bodies,
 * subscriptions (WebSocket operations and SSE streams share one process-wide budget), SSE
 * streams per client, and timeouts that close idle or slow connections.
 */

export type ConnectionLimits = Pick<
  GatewayConfig,
  | 'maxRequestBytes'
  | 'maxSubscriptions'
  | 'maxSubscriptionsPerConnection'
  | 'maxSseStreamsPerClient'
  | 'requestTimeoutMs'
  | 'headersTimeoutMs'
  | 'keepAliveTimeoutMs'
>;

/** Node's HTTP server limits: a client that sends its request slowly, or idles, is cut off. */
export function httpServerOptions(limits: ConnectionLimits): ServerOptions {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two timeouts above only this often (30 s by default).
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeout / 2))),
  };
}

export function isEventStreamRequest(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').toLowerCase().includes('text/event-stream');
}

export class SubscriptionBudget {
  private open = 0;
  private readonly streamsByClient = new Map<string, number>();
  private readonly operationsByConnection = new WeakMap<object, Set<string>>();

  constructor(private readonly limits: ConnectionLimits) {}

  get openSubscriptions(): number {
    return this.open;
  }

  /** Takes a place for an SSE stream; the returned function gives it back (call it once the response closes). */
  openStream(client: string): Refusal | (() => void) {
    const ofClient = this.streamsByClient.get(client) ?? 0;
    if (ofClient >= this.limits.maxSseStreamsPerClient) {
      return {
        status: 429,
        code: 'TOO_MANY_STREAMS',
        message: `This client already has ${ofClient} event streams open, the most allowed (CREDGATE_MAX_SSE_STREAMS_PER_CLIENT). Close one, or subscribe to several credentials in one stream.`,
      };
    }
    if (this.open >= this.limits.maxSubscriptions) {
      return {
        status: 429,
        code: 'TOO_MANY_SUBSCRIPTIONS',
        message: `The gateway is serving ${this.open} subscriptions, the most it allows (CREDGATE_MAX_SUBSCRIPTIONS). Try again later.`,
      };
    }
    this.open += 1;
    this.streamsByClient.set(client, ofClient + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
      const left = (this.streamsByClient.get(client) ?? 1) - 1;
      if (left > 0) this.streamsByClient.set(client, left);
      else this.streamsByClient.delete(client);
    };
  }

  /**
   * Takes a place for a graphql-ws operation (`connection` is graphql-ws's context of the socket).
   * Every operation counts while it runs, a subscription until it completes.
   */
  openOperation(connection: object, id: string): GraphQLError | null {
    let operations = this.operationsByConnection.get(connection);
    if (!operations) {
      operations = new Set();
      this.operationsByConnection.set(connection, operations);
    }
    if (operations.size >= this.limits.maxSubscriptionsPerConnection) {
      return new GraphQLError(
        `This connection already has ${operations.size} operations open, the most allowed (CREDGATE_MAX_SUBSCRIPTIONS_PER_CONNECTION). Complete one first, or open another connection.`,
        { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
      );
    }
    if (this.open >= this.limits.maxSubscriptions) {
      return new GraphQLError(
        `The gateway is serving ${this.open} subscriptions, the most it allows (CREDGATE_MAX_SUBSCRIPTIONS). Try again later.`,
        { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
      );
    }
    operations.add(id);
    this.open += 1;
    return null;
  }

  /** Gives an operation's place back; safe to call more than once. */
  closeOperation(connection: object, id: string): void {
    if (this.operationsByConnection.get(connection)?.delete(id)) this.open -= 1;
  }

  /** Gives back every place the connection still holds (it closed). */
  closeConnection(connection: object): void {
    const operations = this.operationsByConnection.get(connection);
    if (!operations) return;
    this.open -= operations.size;
    this.operationsByConnection.delete(connection);
  }
}

function tooLarge(maxBytes: number): Refusal {
  return {
    status: 413,
    code: 'REQUEST_TOO_LARGE',
    message: `The request body is larger than ${maxBytes} bytes, the most this gateway reads (CREDGATE_MAX_REQUEST_BYTES).`,
  };
}

/**
 * Reads a request body of at most `maxBytes`: a declared larger length is refused before a
 * byte is read, an undeclared one as soon as it passes the limit. `null` if the client went away.
 */
export function readBodyWithin(request: IncomingMessage, maxBytes: number): Promise<Buffer | Refusal | null> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(tooLarge(maxBytes));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: Buffer | Refusal | null) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.pause();
        finish(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onClose = () => finish(null);
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('close', onClose);
  });
}

/**
 * Hands a body already read to yoga: @whatwg-node/server takes a readable `body` property of the
 * request as the body (as it does for frameworks that read it first) instead of the socket.
 */
export function withReadBody(request: IncomingMessage, body: Buffer): IncomingMessage & { body: Readable } {
  return Object.assign(request, { body: Readable.from([body]) });
}
