import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../log.js';
import type { OidcIdentity } from './access.js';

export interface OidcOptions {
  /** The issuer URL; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  /** The audience a token must name (the client id the gateway is registered under). */
  audience: string;
  /** The claim naming the user (default `sub`). */
  userClaim: string;
  /** The claim listing the user's groups (default `groups`). */
  groupsClaim: string;
  /** How long after a key set fetch an unknown key id waits before fetching again (jose's cooldown; 30 s by default). */
  jwksCooldownMs?: number;
}

const DISCOVERY_TIMEOUT_MS = 5_000;
const MAX_GROUPS = 200;

/**
 * Verifies OIDC JWTs with jose against the issuer's discovery document and key set. The key set
 * is fetched once and again when a token names a key it does not hold (key rotation).
 */
export class OidcVerifier {
  private keySet: Promise<JWTVerifyGetKey> | null = null;

  constructor(
    private readonly options: OidcOptions,
    private readonly log: Logger,
  ) {}

  /** The identity a valid token names, or null (bad signature, wrong issuer or audience, expired, no user claim). */
  async verify(token: string): Promise<OidcIdentity | null> {
    let getKey: JWTVerifyGetKey;
    try {
      getKey = await this.keys();
    } catch (error) {
      // Ask again next time: the issuer may be back.
      this.keySet = null;
      this.log.warn({ issuer: this.options.issuer, error: (error as Error).message }, 'cannot read the OIDC discovery document');
      return null;
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, getKey, { issuer: this.options.issuer, audience: this.options.audience, clockTolerance: 30 }));
    } catch {
      return null;
    }
    const user = payload[this.options.userClaim];
    if (typeof user !== 'string' || user.trim() === '' || user.length > 200) return null;
    const claimed = payload[this.options.groupsClaim];
    const groups = Array.isArray(claimed) ? claimed.filter((g): g is string => typeof g === 'string' && g.length <= 256).slice(0, MAX_GROUPS) : [];
    const exp = typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : null;
    return { user: user.trim(), groups, expiresAt: exp };
  }

  private keys(): Promise<JWTVerifyGetKey> {
    this.keySet ??= (async () => {
      const base = this.options.issuer.replace(/\/+$/, '');
      const response = await fetch(`${base}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), redirect: 'error' });
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      const discovery = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
      if (discovery.issuer !== this.options.issuer) throw new Error('the discovery document names another issuer');
      if (typeof discovery.jwks_uri !== 'string') throw new Error('the discovery document has no jwks_uri');
      return createRemoteJWKSet(new URL(discovery.jwks_uri), {
        timeoutDuration: DISCOVERY_TIMEOUT_MS,
        ...(this.options.jwksCooldownMs !== undefined ? { cooldownDuration: this.options.jwksCooldownMs } : {}),
      });
    })();
    return this.keySet;
  }
}
