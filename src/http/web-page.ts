import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` writes the Credentials page (web/vite.config.ts). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * The page's policy: everything from the gateway itself and nothing else: no inline script or
 * style, no other origin, no plugins, no framing. The page talks only to this gateway (GraphQL,
 * SSE, CSV) and downloads the CSV through a blob: URL, which is a navigation, not a fetch.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Vite's asset names: one level under /assets, a content hash in the name; nothing that could climb out. */
const ASSET_PATH = /^\/assets\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:js|css|svg|png|woff2|ico|json)$/;

/** Paths that answer with the page itself (the table's state is in the query string). */
const PAGE_PATHS = new Set(['/', '/index.html']);
/** Files at the top of web/dist (from web/public), under their own names. */
const ROOT_FILES = new Set(['/favicon.svg']);

function pageHeaders(contentType: string, cacheControl: string, length: number): Record<string, string | number> {
  return {
    'content-type': contentType,
    'content-length': length,
    'cache-control': cacheControl,
    'content-security-policy': PAGE_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}

function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string | number>, body: Buffer | string): void {
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Answers the Credentials page's own files, without a token: the page at `/`, and its hashed
 * assets under `/assets/` (cached for a year, immutable: a new build has new names). Everything
 * the page shows comes from the API, which asks for the token. Returns false for any other path.
 */
export function serveWebPage(req: IncomingMessage, res: ServerResponse, dist: string = WEB_DIST): boolean {
  const path = (req.url ?? '/').split('?')[0];
  const isPage = PAGE_PATHS.has(path);
  const isAsset = !isPage && (ASSET_PATH.test(path) || ROOT_FILES.has(path));
  if (!isPage && !isAsset) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('Method not allowed');
    return true;
  }
  const file = isPage ? join(dist, 'index.html') : ROOT_FILES.has(path) ? join(dist, path.slice(1)) : join(dist, 'assets', path.slice('/assets/'.length));
  readFile(file).then(
    (body) => {
      const type = isPage ? 'text/html; charset=utf-8' : CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      // The page is small and names the current assets: always revalidated. Assets never change under a name.
      const caching = isPage ? 'no-cache' : ROOT_FILES.has(path) ? 'public, max-age=86400' : 'public, max-age=31536000, immutable';
      send(req, res, 200, pageHeaders(type, caching, body.length), body);
    },
    (error: NodeJS.ErrnoException) => {
      const missingPage = isPage && error.code === 'ENOENT';
      const text = missingPage ? 'The Credentials page is not built: run `npm run build:web` (npm start and npm test build it).' : 'Not found';
      send(req, res, missingPage ? 503 : 404, pageHeaders('text/plain; charset=utf-8', 'no-store', Buffer.byteLength(text)), text);
    },
  );
  return true;
}
