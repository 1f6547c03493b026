import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Who may reach the gateway from a browser or over the network: the Host a request names
 * (against DNS rebinding), the Origin of the page that sent it (CORS, WebSocket, SSE, CSV) and
 * the media type of a POST (a page can send form, multipart and text/plain bodies without a
 * preflight). Every refusal is decided here and runs nothing.
 */

/** A refusal: an HTTP status, a GraphQL-style error code and a message that repeats nothing the client sent. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/**
 * The media type /graphql accepts in a POST body. Form, multipart and text/plain bodies are what
 * a page can send without a preflight; application/graphql-response+json is a response type
 * (GraphQL over HTTP) that yoga does not parse either.
 */
const POST_MEDIA_TYPES = new Set(['application/json']);

/** Request headers an allowlisted page may send (the preflight's answer). */
const CORS_REQUEST_HEADERS = 'authorization, content-type, accept, x-graphql-yoga-csrf, last-event-id';
/** Response headers an allowlisted page may read (the CSV export's). */
const CORS_EXPOSED_HEADERS = 'x-total-count, content-disposition';

export interface ExposureOptions {
  corsOrigins: readonly string[];
  /** `name` (any port) or `name:port`, lower case; the defaults come from `defaultAllowedHosts`. */
  allowedHosts: readonly string[];
}

/** The bound host, localhost, 127.0.0.1 and [::1], each with the port the server listens on. */
export function defaultAllowedHosts(boundHost: string, port: number): string[] {
  const names = ['localhost', '127.0.0.1', '[::1]'];
  if (!isWildcardAddress(boundHost)) names.unshift(boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost);
  return [...new Set(names.map((name) => `${name.toLowerCase()}:${port}`))];
}

export function isWildcardAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** `host[:port]` of a Host header or an origin, lower case, with an explicit default port dropped. */
function authority(hostAndPort: string, scheme: 'http' | 'https'): string {
  const lower = hostAndPort.toLowerCase();
  const defaultPort = scheme === 'https' ? ':443' : ':80';
  return lower.endsWith(defaultPort) ? lower.slice(0, -defaultPort.length) : lower;
}

function hostName(hostAndPort: string): string {
  return hostAndPort.startsWith('[') ? hostAndPort.slice(0, hostAndPort.indexOf(']') + 1) : hostAndPort.split(':')[0];
}

export class ExposurePolicy {
  private readonly origins: ReadonlySet<string>;
  private readonly hosts: ReadonlySet<string>;

  constructor(options: ExposureOptions) {
    this.origins = new Set(options.corsOrigins);
    this.hosts = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  }

  hostAllowed(host: string | undefined): boolean {
    if (!host) return false;
    const lower = host.toLowerCase();
    return this.hosts.has(lower) || this.hosts.has(authority(lower, 'http')) || this.hosts.has(hostName(lower));
  }

  /**
   * An allowlisted origin, or the gateway's own: a page served by the gateway names, in its
   * Origin, the host its request is sent to (which is an allowed host). `null` never passes.
   */
  originAllowed(origin: string, host: string | undefined): boolean {
    if (this.origins.has(origin)) return true;
    if (!host) return false;
    const match = /^(https?):\/\/([^/]+)$/.exec(origin.toLowerCase());
    if (!match) return false;
    const scheme = match[1] as 'http' | 'https';
    return authority(match[2], scheme) === authority(host, 'http') || authority(match[2], scheme) === authority(host, 'https');
  }

  /** Host and Origin of any request or WebSocket upgrade; `null` when it may go on. */
  refusal(request: IncomingMessage): Refusal | null {
    if (!this.hostAllowed(request.headers.host)) {
      return {
        status: 421,
        code: 'HOST_NOT_ALLOWED',
        message: 'This gateway does not answer to the host name this request was sent to (protection against DNS rebinding). An administrator can add the name to CREDGATE_ALLOWED_HOSTS.',
      };
    }
    const origin = request.headers.origin;
    // No Origin: not a browser's cross-site request (curl, the SDK, another server).
    if (origin !== undefined && !this.originAllowed(origin, request.headers.host)) {
      return {
        status: 403,
        code: 'ORIGIN_NOT_ALLOWED',
        message: 'Requests from this web page\'s origin are not allowed. An administrator can allow a trusted origin in CREDGATE_CORS_ORIGINS.',
      };
    }
    return null;
  }

  /**
   * CORS headers for an allowlisted origin (a request that got past `refusal`). The gateway's own
   * pages need none; a foreign origin never gets here, so nothing is reflected and `null` is never sent.
   */
  corsHeaders(request: IncomingMessage): Record<string, string> {
    const origin = request.headers.origin;
    const headers: Record<string, string> = { vary: 'Origin' };
    if (origin === undefined || !this.origins.has(origin)) return headers;
    headers['access-control-allow-origin'] = origin;
    headers['access-control-allow-credentials'] = 'true';
    headers['access-control-expose-headers'] = CORS_EXPOSED_HEADERS;
    if (request.method === 'OPTIONS') {
      headers['access-control-allow-methods'] = 'GET, POST';
      headers['access-control-allow-headers'] = CORS_REQUEST_HEADERS;
      headers['access-control-max-age'] = '600';
    }
    return headers;
  }
}

/** A POST to /graphql must carry a JSON body; the types a page can send without a preflight are refused. */
export function postMediaTypeRefusal(request: IncomingMessage): Refusal | null {
  if (request.method !== 'POST') return null;
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (POST_MEDIA_TYPES.has(mediaType)) return null;
  return {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'POST /graphql takes a JSON body: send Content-Type: application/json.',
  };
}

function refusalBody(refusal: Refusal): string {
  return JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
}

/**
 * Answers a refused request. The connection is closed when the body was not read, so an unread
 * upload is neither buffered nor drained.
 */
export function refuse(response: ServerResponse, refusal: Refusal, headers: Record<string, string> = {}): void {
  const body = refusalBody(refusal);
  response.writeHead(refusal.status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(response.req.complete ? {} : { connection: 'close' }),
  });
  response.end(body);
}

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request', 429: 'Too Many Requests' };

/** Refuses a WebSocket upgrade with a plain HTTP answer, before any graphql-ws message. */
export function refuseUpgrade(socket: Duplex, refusal: Refusal, headers: Record<string, string>): void {
  const body = refusalBody(refusal);
  const lines = [
    `HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status] ?? 'Error'}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  socket.once('finish', () => socket.destroy());
}
