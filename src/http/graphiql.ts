import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/**
 * GraphiQL from the installed @graphql-yoga/render-graphiql: its scripts, styles, fonts and
 * editor workers are inlined into one page, so it loads on an air-gapped install and fetches
 * nothing but the API. The page is rendered once; its single inline script is allowed by hash.
 */

/** The header editor starts with the header every request needs; the token is the caller's to paste. */
export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'credgate GraphiQL',
  headers: JSON.stringify({ Authorization: 'Bearer <your API token>' }, null, 2),
  defaultHeaders: JSON.stringify({ Authorization: 'Bearer <your API token>' }, null, 2),
  isHeadersEditorEnabled: true,
  defaultEditorToolsVisibility: 'headers',
  // A token left in localStorage outlives the session and is readable by any script on the origin.
  shouldPersistHeaders: false,
  // GraphiQL posts JSON, which passes the CSRF check already; the header also covers GET queries.
  additionalHeaders: { 'x-graphql-yoga-csrf': 'graphiql' },
};

export interface GraphiQLPage {
  html: string;
  contentSecurityPolicy: string;
}

let page: GraphiQLPage | undefined;

export function graphiqlPage(): GraphiQLPage {
  if (page) return page;
  const html = renderGraphiQL(GRAPHIQL_OPTIONS);
  const open = html.indexOf('<script>');
  const close = html.lastIndexOf('</script>');
  if (open < 0 || close < open) throw new Error('GraphiQL page: expected an inline script');
  const script = html.slice(open + '<script>'.length, close);
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  page = {
    html,
    contentSecurityPolicy: [
      "default-src 'none'",
      `script-src 'sha256-${hash}'`,
      // The editors run in workers created from blob: URLs by the inline script.
      'worker-src blob:',
      // Monaco and GraphiQL set styles at run time.
      "style-src 'unsafe-inline'",
      "img-src 'self' data:",
      'font-src data:',
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
  return page;
}

/** The page as the whole answer to a request (the unauthenticated browser's: see auth.ts wantsGraphiQLPage). */
export function serveGraphiQLPage(res: ServerResponse): void {
  const { html, contentSecurityPolicy } = graphiqlPage();
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'content-security-policy': contentSecurityPolicy,
  }).end(html);
}

/** Renders the page for yoga (whose own renderer loads its scripts from a CDN). */
export const renderLocalGraphiQL = (): string => graphiqlPage().html;

/** Gives yoga's GraphiQL answer its own Content-Security-Policy (the API's forbids scripts). */
export function graphiqlContentSecurityPolicy(): Plugin {
  return {
    onResponse({ response }) {
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        response.headers.set('content-security-policy', graphiqlPage().contentSecurityPolicy);
      }
    },
  };
}
