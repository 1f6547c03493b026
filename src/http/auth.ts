import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayConfig } from '../config.js';
import { bearerTokenOf, looksLikeJwt } from '../domain/access.js';
import type { Logger } from '../log.js';
import { AccessService } from '../services/access.js';
import type { Actor } from '../services/context.js';
import type { Services } from '../services/index.js';
import { OidcVerifier } from '../services/oidc.js';
import type { GraphQLContext } from '../graphql/context.js';

/** Close code of a WebSocket whose connection_init carried no valid token (graphql-ws uses 4401 for "Unauthorized"). */
export const WS_UNAUTHORIZED = 4401;

const CHALLENGE = 'Bearer realm="credgate"';

/**
 * Authentication for every surface: `Authorization: Bearer <token>` on HTTP and SSE, and
 * `connectionParams.authorization` on graphql-ws. A token is an API token (looked up by its
 * hash) or, with CREDGATE_OIDC_ISSUER set, a JWT verified against the issuer's key set.
 * Failed attempts are counted per client address; past the limit the address is answered 429.
 */
export class HttpAuth {
  private readonly oidc: OidcVerifier | null;
  private readonly failures: RateLimiterMemory;

  constructor(
    private readonly services: Services,
    config: Pick<GatewayConfig, 'oidc' | 'authFailuresPerMinute'>,
    log: Logger,
  ) {
    this.oidc = config.oidc ? new OidcVerifier(config.oidc, log.child({ component: 'oidc' })) : null;
    this.failures = new RateLimiterMemory({ points: config.authFailuresPerMinute, duration: 60, blockDuration: 60 });
  }

  /** The caller a bearer token stands for, or null. */
  async actorOfToken(token: string | null): Promise<Actor | null> {
    if (!token) return null;
    if (looksLikeJwt(token)) {
      if (!this.oidc) return null;
      const identity = await this.oidc.verify(token);
      return identity ? this.services.access.authenticateOidc(identity, createHash('sha256').update(token).digest('hex')) : null;
    }
    return this.services.access.authenticateToken(token);
  }

  /**
   * HTTP and SSE: the request's caller, or null when an answer (401, 429) was sent instead.
   * Nothing runs without a caller: the one answer without a token, the GraphiQL page, is served
   * before authentication (see `wantsGraphiQLPage`).
   */
  async authenticateRequest(req: IncomingMessage, res: ServerResponse): Promise<Actor | null> {
    const address = req.socket.remoteAddress ?? 'unknown';
    const blocked = await this.failures.get(address);
    if (blocked && blocked.remainingPoints <= 0) {
      tooMany(res, blocked.msBeforeNext);
      return null;
    }
    const header = req.headers.authorization;
    const actor = await this.actorOfToken(bearerTokenOf(header));
    if (actor) return actor;
    if (header !== undefined) {
      const limited = await this.countFailure(address);
      if (limited) {
        tooMany(res, limited.msBeforeNext);
        return null;
      }
    }
    res.writeHead(401, {
      'www-authenticate': header === undefined ? CHALLENGE : `${CHALLENGE}, error="invalid_token"`,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    }).end(JSON.stringify({
      errors: [{ message: header === undefined ? 'Authentication required: send Authorization: Bearer <token>' : 'The token is not valid (unknown, expired or revoked)', extensions: { code: 'UNAUTHENTICATED' } }],
    }));
    return null;
  }

  /** graphql-ws: the caller of a connection_init, or null (the socket is then closed with 4401, or 4429 when limited). */
  async authenticateConnection(connectionParams: Readonly<Record<string, unknown>> | undefined, request: IncomingMessage): Promise<{ actor: Actor } | { closeCode: number; reason: string }> {
    const address = request.socket.remoteAddress ?? 'unknown';
    const blocked = await this.failures.get(address);
    if (blocked && blocked.remainingPoints <= 0) return { closeCode: 4429, reason: 'Too many failed authentications' };
    const given = connectionParams?.authorization ?? connectionParams?.Authorization ?? request.headers.authorization;
    const text = typeof given === 'string' ? given : undefined;
    // `authorization` may be the header value ("Bearer …") or the bare token.
    const token = text === undefined ? null : (bearerTokenOf(text) ?? (/^[\x21-\x7e]{1,4096}$/.test(text) ? text : null));
    const actor = await this.actorOfToken(token);
    if (actor) return { actor };
    if (text !== undefined && (await this.countFailure(address))) return { closeCode: 4429, reason: 'Too many failed authentications' };
    return { closeCode: WS_UNAUTHORIZED, reason: 'Unauthorized' };
  }

  private async countFailure(address: string): Promise<RateLimiterRes | null> {
    try {
      await this.failures.consume(address);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    }
  }
}

function tooMany(res: ServerResponse, msBeforeNext: number): void {
  res.writeHead(429, {
    'retry-after': String(Math.max(1, Math.ceil(msBeforeNext / 1000))),
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  }).end(JSON.stringify({ errors: [{ message: 'Too many failed authentications from this address; try again later', extensions: { code: 'RATE_LIMITED' } }] }));
}

/**
 * A browser opening the GraphQL endpoint without a token: it gets the GraphiQL page (when GraphiQL
 * is on), whose header editor takes the token. The page holds no data; whatever the URL's query
 * says is never run for such a request.
 */
export function wantsGraphiQLPage(req: IncomingMessage, path: string, endpoint: string): boolean {
  return req.method === 'GET' && path === endpoint && req.headers.authorization === undefined && (req.headers.accept ?? '').includes('text/html');
}

/**
 * Ends a subscription as soon as its caller's token is revoked or expires, or the user is
 * disabled: on the revocation signal, at the expiry time, and by a check before every event.
 */
export function endSubscriptionsOnRevocation(access: AccessService): Plugin<GraphQLContext> {
  return {
    onSubscribe({ args }) {
      const actor = (args.contextValue as GraphQLContext).actor;
      if (!actor || actor.builtin) return undefined;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!(Symbol.asyncIterator in Object(result))) return;
          setResult(untilRevoked(result as AsyncIterableIterator<ExecutionResult>, actor, access));
        },
      };
    },
  };
}

function untilRevoked<T>(source: AsyncIterableIterator<T>, actor: Actor, access: AccessService): AsyncIterableIterator<T> {
  let ended = false;
  let wake: (() => void) | null = null;
  const revokedSignal = new Promise<void>((resolve) => (wake = resolve));
  const end = () => {
    if (ended) return;
    ended = true;
    stopListening();
    if (timer) clearTimeout(timer);
    wake?.();
    void source.return?.();
  };
  const stopListening = access.onRevoked((revoked) => {
    if (AccessService.concerns(revoked, actor)) end();
  });
  let timer: NodeJS.Timeout | undefined;
  if (actor.expiresAt) {
    // setTimeout holds at most ~24.8 days; a later expiry is caught by the check on each event.
    const ms = Date.parse(actor.expiresAt) - Date.now();
    if (ms <= 0) end();
    else if (ms < 2 ** 31 - 1) {
      timer = setTimeout(end, ms);
      timer.unref();
    }
  }
  const finished = (): IteratorResult<T> => ({ done: true, value: undefined });
  return {
    async next() {
      if (ended) return finished();
      const item = await Promise.race([source.next(), revokedSignal.then(finished)]);
      if (ended || item.done) {
        end();
        return finished();
      }
      if (!access.stillValid(actor)) {
        end();
        return finished();
      }
      return item;
    },
    async return() {
      end();
      return finished();
    },
    async throw(error?: unknown) {
      end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
