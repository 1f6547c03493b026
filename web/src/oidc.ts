import * as oauth from 'oauth4webapi';
import type { AuthConfig } from './auth-config.js';
import { CALLBACK_PATH } from './paths.js';

/**
 * OIDC sign-in as a public client: authorisation code with PKCE (S256), state and nonce, through
 * oauth4webapi (which checks the discovery document's issuer, the callback's state and error, and
 * the ID token's issuer, audience, times and nonce). Loaded only when the issuer's sign-in is used.
 *
 * What waits in sessionStorage between the redirect and the callback is this tab's verifier,
 * state and nonce; it is read once and removed whatever the outcome.
 */

type OidcSettings = NonNullable<AuthConfig['oidc']>;

const PENDING_KEY = 'credgate.oidc.pending';

interface Pending {
  issuer: string;
  verifier: string;
  state: string;
  nonce: string;
  /** The view's query string when sign-in began, restored afterwards. */
  returnTo: string;
}

/** The refusal the page shows when the issuer's answer does not belong to this tab's sign-in. */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
}

/** Plain http is allowed for an issuer on this machine only (a developer's or a test's issuer). */
function httpOptions(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
  return issuer.protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(issuer: URL): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(issuer, { ...httpOptions(issuer), signal: AbortSignal.timeout(10_000) });
  return oauth.processDiscoveryResponse(issuer, response);
}

const redirectUri = () => `${window.location.origin}${CALLBACK_PATH}`;

/** Sends the browser to the issuer's login; it comes back to /auth/callback. */
export async function beginSignIn(settings: OidcSettings): Promise<void> {
  const issuer = new URL(settings.issuer);
  const as = await discover(issuer);
  if (!as.authorization_endpoint || !as.token_endpoint) throw new Error('The issuer names no authorisation or token endpoint.');
  const pending: Pending = {
    issuer: settings.issuer,
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo: window.location.pathname === CALLBACK_PATH ? '' : window.location.search,
  };
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', settings.scopes.join(' '));
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  window.location.assign(url.href);
}

/** The claims of a JWT, unverified: only to choose which token names the gateway's audience (the gateway verifies it). */
function claimsOf(token: string | undefined): { iss?: unknown; aud?: unknown } | null {
  const parts = token?.split('.');
  if (!parts || parts.length !== 3) return null;
  try {
    return JSON.parse(atob(parts[1].replaceAll('-', '+').replaceAll('_', '/'))) as { iss?: unknown; aud?: unknown };
  } catch {
    return null;
  }
}

function names(claims: { iss?: unknown; aud?: unknown } | null, issuer: string, audience: string): boolean {
  if (!claims || claims.iss !== issuer) return false;
  return claims.aud === audience || (Array.isArray(claims.aud) && claims.aud.includes(audience));
}

/**
 * Finishes the sign-in at /auth/callback: checks the state, redeems the code with the verifier,
 * checks the ID token's nonce, and returns the token the gateway verifies (the access token when it
 * is a JWT for the gateway's audience, else the ID token when that names it) and the view to go back to.
 */
export async function completeSignIn(settings: OidcSettings, callback: URL): Promise<{ token: string; returnTo: string }> {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  let pending: Pending;
  try {
    pending = JSON.parse(stored ?? 'null') as Pending;
  } catch {
    pending = null as unknown as Pending;
  }
  if (!pending || pending.issuer !== settings.issuer) throw new SignInRefused('This browser did not start that sign-in. Sign in again.');
  const issuer = new URL(settings.issuer);
  const as = await discover(issuer);
  const client: oauth.Client = { client_id: settings.clientId };
  let parameters: URLSearchParams;
  try {
    parameters = oauth.validateAuthResponse(as, client, callback, pending.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) throw new SignInRefused(`The issuer refused the sign-in: ${error.error}.`);
    throw new SignInRefused('The sign-in answer does not belong to this browser\'s sign-in (state). Sign in again.');
  }
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), parameters, redirectUri(), pending.verifier, {
    ...httpOptions(issuer),
    signal: AbortSignal.timeout(10_000),
  });
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  const token = [result.access_token, result.id_token].find((candidate) => names(claimsOf(candidate), settings.issuer, settings.audience));
  if (!token) throw new SignInRefused('The issuer\'s tokens are not meant for this gateway (audience). Ask an administrator to check CREDGATE_OIDC_AUDIENCE and CREDGATE_OIDC_CLIENT_ID.');
  const returnTo = /^\?[^#]*$/.test(pending.returnTo) ? pending.returnTo : '';
  return { token, returnTo };
}
