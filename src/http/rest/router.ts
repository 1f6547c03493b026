import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log.js';
import type { Actor } from '../../services/context.js';
import type { Services } from '../../services/index.js';
import { readBodyWithin } from '../connection-limits.js';
import { restTypes, type RestTypeSegment } from './credential-schemas.js';
import { CredentialsRest, RestError, type RestAnswer } from './credentials.js';
import { openApiDocument } from './openapi.js';

/**
 * The REST surface under /api/v1: routes, methods, JSON bodies (declared as such, and within the
 * size limit) and Run:ai's error shape. Authentication happens before (app.ts), as for every route.
 */

export const OPENAPI_PATH = '/api/v1/openapi.json';
const CREDENTIALS = '/api/v1/asset/credentials';

export interface RestApiOptions {
  /** The largest body read (CREDGATE_MAX_REQUEST_BYTES); a larger one is answered 413 unread. */
  maxRequestBytes: number;
  log: Logger;
}

export interface RestApi {
  /** Whether a path is the API's (so unknown ones under it get a JSON 404). */
  handles(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, services: Services, actor: Actor): Promise<void>;
  /** Serves the OpenAPI document (no token needed: it holds no data); false for any other path. */
  serveDocument(req: IncomingMessage, res: ServerResponse): boolean;
}

function send(res: ServerResponse, answer: RestAnswer, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    // A body the handler did not read is not drained: the connection closes instead.
    ...(res.req.complete ? {} : { connection: 'close' }),
  });
  res.end(body);
}

function errorAnswer(error: RestError): RestAnswer {
  return { status: error.status, body: { code: error.status, message: error.message, ...error.extra } };
}

const isJson = (req: IncomingMessage) => {
  const [mediaType, ...parameters] = (req.headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
  return mediaType === 'application/json' && parameters.every((p) => p === '' || p === 'charset=utf-8');
};

export function createRestApi(options: RestApiOptions): RestApi {
  async function readJson(req: IncomingMessage): Promise<unknown> {
    // Only JSON: a form, multipart or text/plain body is what a page can send cross-site without a preflight.
    if (!isJson(req)) throw new RestError(415, 'Send the body as JSON with Content-Type: application/json');
    const body = await readBodyWithin(req, options.maxRequestBytes);
    if (body === null) return undefined;
    if (!Buffer.isBuffer(body)) throw new RestError(body.status, body.message);
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      // The parser's message quotes the body.
      throw new RestError(400, 'The body is not valid JSON');
    }
  }

  async function route(req: IncomingMessage, services: Services, actor: Actor, path: string, query: URLSearchParams): Promise<RestAnswer | { allow: string }> {
    const rest = new CredentialsRest(services);
    const parts = path.slice(CREDENTIALS.length).split('/').filter((p) => p !== '');
    if (path !== CREDENTIALS && !path.startsWith(`${CREDENTIALS}/`)) throw new RestError(404, 'No such API path');
    if (parts.length === 0) {
      if (req.method === 'GET' || req.method === 'HEAD') return rest.list(actor, null, query);
      return { allow: 'GET, HEAD' };
    }
    const segment = parts[0] as RestTypeSegment;
    if (!Object.hasOwn(restTypes, segment) || parts.length > 2) throw new RestError(404, 'No such API path; the credential kinds are access-key, password, docker-registry and generic-secret');
    if (parts.length === 1) {
      if (req.method === 'GET' || req.method === 'HEAD') return rest.list(actor, segment, query);
      if (req.method === 'POST') return rest.create(actor, segment, await readJson(req));
      return { allow: 'GET, HEAD, POST' };
    }
    const assetId = decodeURIComponent(parts[1]);
    if (req.method === 'GET' || req.method === 'HEAD') return rest.get(actor, segment, assetId, query);
    if (req.method === 'PUT') return rest.update(actor, segment, assetId, await readJson(req));
    if (req.method === 'DELETE') return rest.delete(actor, segment, assetId);
    return { allow: 'GET, HEAD, PUT, DELETE' };
  }

  return {
    handles: (path) => path === '/api/v1' || path.startsWith('/api/v1/'),
    serveDocument(req, res) {
      if ((req.url ?? '').split('?')[0] !== OPENAPI_PATH) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, errorAnswer(new RestError(405, 'Use GET')), { allow: 'GET, HEAD' });
        return true;
      }
      send(res, { status: 200, body: JSON.parse(openApiDocument()) });
      return true;
    },
    async handle(req, res, services, actor) {
      const url = new URL(req.url ?? '/', 'http://gateway');
      try {
        const answer = await route(req, services, actor, url.pathname.replace(/\/+$/, ''), url.searchParams);
        if ('allow' in answer) {
          send(res, errorAnswer(new RestError(405, `Use ${answer.allow}`)), { allow: answer.allow });
          return;
        }
        if (res.destroyed) return;
        send(res, answer);
      } catch (error) {
        if (error instanceof RestError) return send(res, errorAnswer(error));
        if (error instanceof URIError) return send(res, errorAnswer(new RestError(400, 'The path is not valid')));
        options.log.error({ err: { message: (error as Error).message }, path: url.pathname }, 'REST request failed');
        send(res, errorAnswer(new RestError(500, 'Unexpected error')));
      }
    },
  };
}
