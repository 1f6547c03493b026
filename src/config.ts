import { resolve } from 'node:path';
import type { OidcOptions } from './services/oidc.js';
import { costLimitsFromEnv, type CostLimits } from './http/cost-limits.js';

export interface ClusterConfig {
  name: string;
  kubeconfig: string;
  context?: string;
  manageNamespaces?: boolean;
}

export interface GatewayConfig {
  port: number;
  host: string;
  dataDir: string;
  masterKeys?: string[];
  adminToken?: string;
  /** Accept OIDC JWTs from this issuer (CREDGATE_OIDC_*); see src/services/oidc.ts. */
  oidc?: OidcOptions;
  /**
   * The Credentials page's OIDC sign-in (authorisation code with PKCE) as a public client:
   * CREDGATE_OIDC_CLIENT_ID and CREDGATE_OIDC_SCOPES (default `openid profile email`). Unset: the
   * page offers API tokens only. See src/http/web-page.ts.
   */
  oidcSignIn?: { clientId: string; scopes: string[] };
  /** Failed authentications one client address may make per minute before it is answered 429. */
  authFailuresPerMinute: number;
  clustersFile?: string;
  logLevel: string;
  development: boolean;
  seedDemo: boolean;
  /** Start the Kubernetes API emulator in-process when no clusters are configured. */
  embeddedKube: boolean;
  /** Cap on Kubernetes API writes per second per cluster (CREDGATE_KUBE_WRITES_PER_SECOND); unset: none. */
  kubeWritesPerSecond?: number;
  /** Apply pending database migrations at start (CREDGATE_MIGRATE, default true; `--no-migrate`); false refuses a database that needs them. */
  migrate: boolean;
  /** Browser origins (`https://host[:port]`) allowed for CORS, WebSocket and SSE besides the gateway's own. */
  corsOrigins: string[];
  /**
   * Host headers answered (`name` for any port, `name:port` for one), against DNS rebinding.
   * Unset: the bound host, localhost, 127.0.0.1 and [::1], each with the listening port.
   */
  allowedHosts?: string[];
  /** Serve GraphiQL at /graphql. Unset: only in development. */
  graphiql?: boolean;
  /** Answer introspection (`__schema`, `__type`). Unset: only in development. */
  introspection?: boolean;
  /** Largest request body /graphql reads, in bytes; a larger one is refused with 413. */
  maxRequestBytes: number;
  /** Largest WebSocket message, in bytes; a larger one closes the socket with 1009 before it is buffered. */
  wsMaxMessageBytes: number;
  /** Operations one WebSocket may have open at once (subscriptions, and queries still running). */
  maxSubscriptionsPerConnection: number;
  /** Subscriptions open at once in the process: WebSocket operations and SSE streams together. */
  maxSubscriptions: number;
  /** SSE streams one client (remote address) may have open at once. */
  maxSseStreamsPerClient: number;
  /** WebSocket ping interval; a peer that has not answered a ping by the next one is cut off. */
  wsKeepAliveMs: number;
  /** Time a new WebSocket has to send graphql-ws's `connection_init`. */
  wsInitTimeoutMs: number;
  /** Time a client has to send a whole HTTP request (headers and body). */
  requestTimeoutMs: number;
  /** Time a client has to send an HTTP request's headers. */
  headersTimeoutMs: number;
  /** Time an idle keep-alive HTTP connection stays open. */
  keepAliveTimeoutMs: number;
  /** Bounds on one operation's depth, aliases, tokens, directives, estimated cost and input depth (CREDGATE_MAX_*). */
  costLimits: CostLimits;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new ConfigError(`CREDGATE_PORT must be a port number (0-65535), got "${value}"`);
  }
  return parsed;
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new ConfigError(`${name} must be a positive whole number, got "${value}"`);
  return parsed;
}

function flag(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** Each entry must be a serialized origin: a page's `scheme://host[:port]`, nothing else (`null` and `*` are never allowed). */
function origins(value: string | undefined): string[] {
  return list(value).map((entry) => {
    let origin: string | undefined;
    try {
      const url = new URL(entry);
      const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      if ((url.protocol === 'http:' || url.protocol === 'https:') && bare) origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (origin === undefined) {
      throw new ConfigError(`CREDGATE_CORS_ORIGINS takes origins such as https://console.example.com (scheme, host, optional port), got "${entry}"`);
    }
    return origin;
  });
}

function hosts(value: string | undefined): string[] | undefined {
  const entries = list(value).map((entry) => entry.toLowerCase());
  if (entries.length === 0) return undefined;
  for (const entry of entries) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(entry)) {
      throw new ConfigError(`CREDGATE_ALLOWED_HOSTS takes host names with an optional port (gateway.example.com, 10.0.0.5:4000, [::1]:4000), got "${entry}"`);
    }
  }
  return entries;
}

const MiB = 1024 * 1024;
/** A credential's values may total 1 MiB (a Secret's limit); its request needs room for JSON escaping and the rest. */
const REQUEST_BYTES = 2 * MiB;

/** Reads the gateway's configuration from environment variables (API.md, "Configuration"). */
function oidcFromEnv(env: NodeJS.ProcessEnv): OidcOptions | undefined {
  if (!env.CREDGATE_OIDC_ISSUER) return undefined;
  if (!env.CREDGATE_OIDC_AUDIENCE) throw new ConfigError('CREDGATE_OIDC_AUDIENCE is required with CREDGATE_OIDC_ISSUER (the client id tokens are issued for)');
  return {
    issuer: env.CREDGATE_OIDC_ISSUER,
    audience: env.CREDGATE_OIDC_AUDIENCE,
    userClaim: env.CREDGATE_OIDC_USER_CLAIM || 'sub',
    groupsClaim: env.CREDGATE_OIDC_GROUPS_CLAIM || 'groups',
  };
}

function oidcSignInFromEnv(env: NodeJS.ProcessEnv): GatewayConfig['oidcSignIn'] {
  if (!env.CREDGATE_OIDC_CLIENT_ID) return undefined;
  if (!env.CREDGATE_OIDC_ISSUER) throw new ConfigError('CREDGATE_OIDC_CLIENT_ID needs CREDGATE_OIDC_ISSUER (the issuer the page signs in with)');
  const scopes = (env.CREDGATE_OIDC_SCOPES || 'openid profile email').split(/[\s,]+/).filter((scope) => scope !== '');
  if (!scopes.includes('openid')) throw new ConfigError('CREDGATE_OIDC_SCOPES must include openid');
  return { clientId: env.CREDGATE_OIDC_CLIENT_ID, scopes };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return {
    port: port(env.CREDGATE_PORT, 4000),
    host: env.CREDGATE_HOST || '127.0.0.1',
    dataDir: resolve(env.CREDGATE_DATA_DIR || './data'),
    // Several comma-separated keys: the first encrypts, all of them decrypt (key rotation).
    masterKeys: env.CREDGATE_MASTER_KEY ? env.CREDGATE_MASTER_KEY.split(',').map((k) => k.trim()) : undefined,
    adminToken: env.CREDGATE_ADMIN_TOKEN || undefined,
    oidc: oidcFromEnv(env),
    oidcSignIn: oidcSignInFromEnv(env),
    authFailuresPerMinute: positiveInteger('CREDGATE_AUTH_FAILURES_PER_MINUTE', env.CREDGATE_AUTH_FAILURES_PER_MINUTE, 30),
    clustersFile: env.CREDGATE_CLUSTERS || undefined,
    logLevel: env.CREDGATE_LOG_LEVEL || 'info',
    development: env.NODE_ENV !== 'production',
    seedDemo: env.CREDGATE_DEMO !== 'false',
    embeddedKube: env.CREDGATE_EMBEDDED_KUBE !== 'false',
    migrate: flag('CREDGATE_MIGRATE', env.CREDGATE_MIGRATE) ?? true,
    kubeWritesPerSecond: env.CREDGATE_KUBE_WRITES_PER_SECOND ? positiveInteger('CREDGATE_KUBE_WRITES_PER_SECOND', env.CREDGATE_KUBE_WRITES_PER_SECOND, 1) : undefined,
    corsOrigins: origins(env.CREDGATE_CORS_ORIGINS),
    allowedHosts: hosts(env.CREDGATE_ALLOWED_HOSTS),
    graphiql: flag('CREDGATE_GRAPHIQL', env.CREDGATE_GRAPHIQL),
    introspection: flag('CREDGATE_INTROSPECTION', env.CREDGATE_INTROSPECTION),
    maxRequestBytes: positiveInteger('CREDGATE_MAX_REQUEST_BYTES', env.CREDGATE_MAX_REQUEST_BYTES, REQUEST_BYTES),
    wsMaxMessageBytes: positiveInteger('CREDGATE_WS_MAX_MESSAGE_BYTES', env.CREDGATE_WS_MAX_MESSAGE_BYTES, REQUEST_BYTES),
    maxSubscriptionsPerConnection: positiveInteger('CREDGATE_MAX_SUBSCRIPTIONS_PER_CONNECTION', env.CREDGATE_MAX_SUBSCRIPTIONS_PER_CONNECTION, 100),
    maxSubscriptions: positiveInteger('CREDGATE_MAX_SUBSCRIPTIONS', env.CREDGATE_MAX_SUBSCRIPTIONS, 10_000),
    maxSseStreamsPerClient: positiveInteger('CREDGATE_MAX_SSE_STREAMS_PER_CLIENT', env.CREDGATE_MAX_SSE_STREAMS_PER_CLIENT, 100),
    wsKeepAliveMs: positiveInteger('CREDGATE_WS_KEEPALIVE_MS', env.CREDGATE_WS_KEEPALIVE_MS, 12_000),
    wsInitTimeoutMs: positiveInteger('CREDGATE_WS_INIT_TIMEOUT_MS', env.CREDGATE_WS_INIT_TIMEOUT_MS, 10_000),
    requestTimeoutMs: positiveInteger('CREDGATE_REQUEST_TIMEOUT_MS', env.CREDGATE_REQUEST_TIMEOUT_MS, 30_000),
    headersTimeoutMs: positiveInteger('CREDGATE_HEADERS_TIMEOUT_MS', env.CREDGATE_HEADERS_TIMEOUT_MS, 10_000),
    keepAliveTimeoutMs: positiveInteger('CREDGATE_KEEPALIVE_TIMEOUT_MS', env.CREDGATE_KEEPALIVE_TIMEOUT_MS, 5_000),
    costLimits: costLimitsFromEnv(env),
  };
}
