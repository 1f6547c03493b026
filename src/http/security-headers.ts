import type { ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';

/**
 * Headers every response carries, set before any route answers (a route's own headers, such
 * as GraphiQL's Content-Security-Policy, replace them). API answers are data: a browser must
 * not sniff them into HTML, frame them, cache them or leak the URL that fetched them.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': API_CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export function setSecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}

/** yoga sets `Cache-Control: no-cache` on event streams; an API answer is never stored. */
export function neverStored(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.set('cache-control', SECURITY_HEADERS['cache-control']);
    },
  };
}
