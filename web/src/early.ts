import type { Connection, Credential, CredgateClient } from '@credgate/sdk';
import { CALLBACK_PATH } from './paths.js';
import { loadCaller, type Caller } from './permissions.js';
import { gatewayClient, storedToken } from './session.js';
import { queryArgsOf, viewFromUrl } from './view.js';

/**
 * What the page asks the gateway before React has even loaded: with a token kept in this session,
 * the first page of the table and the caller's check go out from the tiny entry script (boot.ts),
 * alongside the download of the rest of the page.
 */

/** A promise whose outcome can also be read synchronously once it is known. */
export interface Settled<T> {
  promise: Promise<T>;
  outcome: { ok: true; value: T } | { ok: false; error: unknown } | null;
}

function settled<T>(promise: Promise<T>): Settled<T> {
  const holder: Settled<T> = { promise, outcome: null };
  promise.then(
    (value) => (holder.outcome = { ok: true, value }),
    (error: unknown) => (holder.outcome = { ok: false, error }),
  );
  return holder;
}

export interface Early {
  /** The query's arguments, as JSON: the page uses the answer only for the same view. */
  key: string;
  page: Settled<Connection<Credential>>;
  caller: Settled<Caller>;
}

/** The page's client for queries and mutations (the live streams have their own, see live.ts). */
export const pageClient: CredgateClient = gatewayClient({ onStreamBroken: () => {} });

let early: Early | null = null;

export function startEarly(): Early | null {
  if (!storedToken() || window.location.pathname === CALLBACK_PATH) return null;
  const args = queryArgsOf(viewFromUrl(window.location.search));
  early = { key: JSON.stringify(args), page: settled(pageClient.credentials(args)), caller: settled(loadCaller(pageClient)) };
  return early;
}

/** The entry script's requests (null without a kept token, or on the OIDC callback). */
export function earlyRequests(): Early | null {
  return early;
}
