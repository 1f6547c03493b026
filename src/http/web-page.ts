import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayConfig } from '../config.js';

/** Where `npm run build:web` writes the Credentials page (web/vite.config.ts). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** What the page needs to sign in with OIDC before it has a token; nothing in it is secret. */
export interface PageOidc {
  issuer: string;
  /** The public client the page signs in as (CREDGATE_OIDC_CLIENT_ID). */
  clientId: string;
  scopes: string[];
  /** The audience the gateway verifies (CREDGATE_OIDC_AUDIENCE): the page sends the token that names it. */
  audience: string;
}

export function pageOidcOf(config: Pick<GatewayConfig, 'oidc' | 'oidcSignIn'>): PageOidc | null {
  if (!config.oidc || !config.oidcSignIn) return null;
  return { issuer: config.oidc.issuer, clientId: config.oidcSignIn.clientId, scopes: config.oidcSignIn.scopes, audience: config.oidc.audience };
}

/**
 * The page's policy: everything from the gateway itself and nothing else: no inline script or
 * style, no other origin, no plugins, no framing. The page talks only to this gateway (GraphQL,
 * SSE, CSV) and downloads the CSV through a blob: URL, which is a navigation, not a fetch. With
 * OIDC sign-in, it also reads the issuer's discovery document and redeems the code at its token
 * endpoint, so the issuer's origin may be fetched (the sign-in itself is a navigation).
 */
export function pageContentSecurityPolicy(oidc: PageOidc | null = null): string {
  const connect = ["'self'", ...(oidc ? [new URL(oidc.issuer).origin] : [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${connect}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The policy without OIDC sign-in. */
export const PAGE_CONTENT_SECURITY_POLICY = pageContentSecurityPolicy();

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Text files the build also writes as `<name>.br` and `<name>.gz` (web/vite.config.ts). */
const COMPRESSED = new Set(['.html', '.js', '.css', '.svg', '.json']);

/** Vite's asset names: one level under /assets, a content hash in the name; nothing that could climb out. */
const ASSET_PATH = /^\/assets\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:js|css|svg|png|woff2|ico|json)$/;

/**
 * Paths that answer with the page itself (the table's state is in the query string);
 * /auth/callback is where the OIDC issuer sends the browser back with the code.
 */
const PAGE_PATHS = new Set(['/', '/index.html', '/auth/callback']);
/** Files at the top of web/dist (from web/public), under their own names. */
const ROOT_FILES = new Set(['/favicon.svg']);
/** The page's sign-in settings, asked for before it has a token. */
export const AUTH_CONFIG_PATH = '/auth/config';

/**
 * The encoding of a precompressed file to send, from Accept-Encoding: brotli, then gzip, then
 * none. A coding listed with q=0 is refused; anything unparsable counts as not offered.
 */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding || acceptEncoding.length > 1_000) return null;
  const offered = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(param)).find(Boolean);
    if (!q || Number(q[1]) > 0) offered.add(coding.trim());
  }
  if (offered.has('br')) return 'br';
  if (offered.has('gzip')) return 'gzip';
  return null;
}

const EXTENSION_OF = { br: '.br', gzip: '.gz' } as const;

interface WebPage {
  csp: string;
  authConfig: string;
  dist: string;
}

function headersOf(page: WebPage, contentType: string, cacheControl: string, length: number): Record<string, string | number> {
  return {
    'content-type': contentType,
    'content-length': length,
    'cache-control': cacheControl,
    'content-security-policy': page.csp,
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

/** The file and its precompressed form when the client accepts one and the build wrote it. */
async function readBest(file: string, encoding: 'br' | 'gzip' | null): Promise<{ body: Buffer; encoding: 'br' | 'gzip' | null }> {
  if (encoding && COMPRESSED.has(extname(file))) {
    try {
      return { body: await readFile(file + EXTENSION_OF[encoding]), encoding };
    } catch {
      // not precompressed (a build without the compression step): the file itself
    }
  }
  return { body: await readFile(file), encoding: null };
}

const pages = new WeakMap<object, WebPage>();
const DEFAULT_CONFIG = {};

function webPageFor(config: Pick<GatewayConfig, 'oidc' | 'oidcSignIn'> | undefined, dist: string): WebPage {
  const key = config ?? DEFAULT_CONFIG;
  let page = pages.get(key);
  if (!page || page.dist !== dist) {
    const oidc = config ? pageOidcOf(config) : null;
    page = { csp: pageContentSecurityPolicy(oidc), authConfig: JSON.stringify({ oidc }), dist };
    pages.set(key, page);
  }
  return page;
}

/**
 * Answers the Credentials page's own files, without a token: the page at `/` (and at the OIDC
 * callback), its hashed assets under `/assets/` (cached for a year, immutable: a new build has new
 * names), precompressed when the client accepts it, and its sign-in settings at /auth/config.
 * Everything the page shows comes from the API, which asks for the token. Returns false for any
 * other path.
 */
export function serveWebPage(req: IncomingMessage, res: ServerResponse, config?: Pick<GatewayConfig, 'oidc' | 'oidcSignIn'>, dist: string = WEB_DIST): boolean {
  const path = (req.url ?? '/').split('?')[0];
  const isPage = PAGE_PATHS.has(path);
  const isAuthConfig = path === AUTH_CONFIG_PATH;
  const isAsset = !isPage && (ASSET_PATH.test(path) || ROOT_FILES.has(path));
  if (!isPage && !isAsset && !isAuthConfig) return false;
  const page = webPageFor(config, dist);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const text = 'Method not allowed';
    send(req, res, 405, { ...headersOf(page, 'text/plain; charset=utf-8', 'no-store', Buffer.byteLength(text)), allow: 'GET, HEAD' }, text);
    return true;
  }
  if (isAuthConfig) {
    send(req, res, 200, headersOf(page, 'application/json; charset=utf-8', 'no-store', Buffer.byteLength(page.authConfig)), page.authConfig);
    return true;
  }
  const file = isPage ? join(dist, 'index.html') : ROOT_FILES.has(path) ? join(dist, path.slice(1)) : join(dist, 'assets', path.slice('/assets/'.length));
  readBest(file, chooseEncoding(req.headers['accept-encoding'])).then(
    ({ body, encoding }) => {
      const type = isPage ? 'text/html; charset=utf-8' : CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      // The page is small and names the current assets: always revalidated. Assets never change under a name.
      const caching = isPage ? 'no-cache' : ROOT_FILES.has(path) ? 'public, max-age=86400' : 'public, max-age=31536000, immutable';
      const headers = headersOf(page, type, caching, body.length);
      if (COMPRESSED.has(extname(file))) headers.vary = [res.getHeader('vary'), 'Accept-Encoding'].filter(Boolean).join(', ');
      if (encoding) headers['content-encoding'] = encoding;
      send(req, res, 200, headers, body);
    },
    (error: NodeJS.ErrnoException) => {
      const missingPage = isPage && error.code === 'ENOENT';
      const text = missingPage ? 'The Credentials page is not built: run `npm run build:web` (npm start and npm test build it).' : 'Not found';
      send(req, res, missingPage ? 503 : 404, headersOf(page, 'text/plain; charset=utf-8', 'no-store', Buffer.byteLength(text)), text);
    },
  );
  return true;
}
