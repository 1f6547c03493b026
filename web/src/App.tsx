import { useEffect, useRef, useState } from 'react';
import { CredgateGraphQLError, CredgateHttpError } from '@credgate/sdk';
import { loadAuthConfig, type AuthConfig } from './auth-config.js';
import { CredentialsPage, type Prefetch } from './CredentialsPage.js';
import { earlyRequests, pageClient } from './early.js';
import { dismissFirstPaint } from './first-paint.js';
import { CALLBACK_PATH } from './paths.js';
import { loadCaller, type Caller } from './permissions.js';
import { forgetToken, onTokenRefused, storedToken, storeToken } from './session.js';
import { SignIn } from './SignIn.js';

type Session =
  | { state: 'signed-out'; message?: string }
  | { state: 'checking' }
  /** Back from the OIDC issuer: the code is being redeemed. */
  | { state: 'completing' }
  | { state: 'signed-in'; caller: Caller };

const SESSION_ENDED = 'Your session has ended: the gateway no longer accepts your token (it was revoked or has expired). Sign in again.';

/** The gateway answers an unknown, expired or revoked token with 401 and a GraphQL error coded UNAUTHENTICATED. */
function refusal(error: unknown): string | null {
  const refused =
    (error instanceof CredgateHttpError && (error.status === 401 || error.status === 403)) ||
    (error instanceof CredgateGraphQLError && error.errors.some((entry) => entry.extensions?.code === 'UNAUTHENTICATED'));
  return refused ? 'The gateway did not accept that token.' : null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : 'unknown error');

export function App() {
  const client = pageClient;
  // The first page and the caller's check, asked for by the entry script before React loaded.
  const early = earlyRequests();
  // Used by the first table shown only: never after a sign-out (it may be another user's rows then).
  const prefetch = useRef<Prefetch | null>(early ? { key: early.key, page: early.page.promise } : null);
  const begun = useRef(false);
  const [session, setSession] = useState<Session>(() => {
    if (window.location.pathname === CALLBACK_PATH) return { state: 'completing' };
    const known = early?.caller.outcome;
    if (known?.ok) return { state: 'signed-in', caller: known.value };
    return storedToken() ? { state: 'checking' } : { state: 'signed-out' };
  });
  const [authConfig, setAuthConfig] = useState<AuthConfig | null>(null);
  const signedIn = useRef(false);
  signedIn.current = session.state === 'signed-in';

  const check = (pending?: Promise<Caller>) => {
    setSession({ state: 'checking' });
    (pending ?? loadCaller(client)).then(
      (caller) => setSession({ state: 'signed-in', caller }),
      (error: unknown) => {
        const refused = refusal(error);
        if (refused) forgetToken();
        setSession({ state: 'signed-out', message: refused ?? `The gateway could not be reached: ${messageOf(error)}` });
      },
    );
  };

  const signOut = (message?: string) => {
    forgetToken();
    prefetch.current = null;
    setSession({ state: 'signed-out', message });
  };

  useEffect(() => {
    // Once, also under StrictMode's second run in development: a code is redeemed only once.
    if (begun.current) return;
    begun.current = true;
    if (session.state === 'checking') check(early?.caller.promise);
    if (session.state === 'completing') {
      // Back from the issuer: redeem the code, then show the view the sign-in started from.
      loadAuthConfig()
        .then(async (config) => {
          if (!config.oidc) throw new Error('This gateway has no OIDC sign-in configured.');
          const { completeSignIn } = await import('./oidc.js');
          return completeSignIn(config.oidc, new URL(window.location.href));
        })
        .then(
          ({ token, returnTo }) => {
            storeToken(token);
            window.history.replaceState(null, '', `/${returnTo}`);
            check();
          },
          (error: unknown) => {
            window.history.replaceState(null, '', '/');
            setSession({ state: 'signed-out', message: `Sign-in failed. ${messageOf(error)}` });
          },
        );
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The token was refused mid-session (revoked, expired): back to the sign-in, which closes the streams.
  useEffect(
    () =>
      onTokenRefused(() => {
        if (signedIn.current) signOut(SESSION_ENDED);
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  useEffect(() => {
    if (session.state !== 'signed-out') return;
    dismissFirstPaint();
    loadAuthConfig().then(setAuthConfig, () => setAuthConfig({ oidc: null }));
  }, [session.state]);

  if (session.state === 'signed-in') {
    return (
      <CredentialsPage
        client={client}
        caller={session.caller}
        prefetch={prefetch.current}
        onSignOut={() => signOut()}
      />
    );
  }
  // The entry script's requests are out: their first rows are drawn without React (first-paint.ts).
  if (session.state === 'checking' && early) return null;
  return (
    <SignIn
      busy={session.state === 'checking' || session.state === 'completing'}
      message={session.state === 'signed-out' ? session.message : undefined}
      oidc={authConfig?.oidc ?? null}
      onToken={(token) => {
        storeToken(token);
        check();
      }}
      onOidc={async (oidc) => {
        try {
          const { beginSignIn } = await import('./oidc.js');
          await beginSignIn(oidc);
        } catch (error) {
          setSession({ state: 'signed-out', message: `The sign-in could not start: ${messageOf(error)}` });
        }
      }}
    />
  );
}
