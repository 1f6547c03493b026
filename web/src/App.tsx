import { useEffect, useMemo, useState } from 'react';
import { CredgateGraphQLError, CredgateHttpError, type CredgateClient } from '@credgate/sdk';
import { CredentialsPage, type Prefetch } from './CredentialsPage.js';
import { queryArgsOf, viewFromUrl } from './view.js';
import { loadCaller, type Caller } from './permissions.js';
import { forgetToken, gatewayClient, storedToken, storeToken } from './session.js';
import { SignIn } from './SignIn.js';

type Session = { state: 'signed-out'; message?: string } | { state: 'checking' } | { state: 'signed-in'; caller: Caller };

/** The gateway answers an unknown, expired or revoked token with 401 and a GraphQL error coded UNAUTHENTICATED. */
function refusal(error: unknown): string | null {
  const refused =
    (error instanceof CredgateHttpError && (error.status === 401 || error.status === 403)) ||
    (error instanceof CredgateGraphQLError && error.errors.some((entry) => entry.extensions?.code === 'UNAUTHENTICATED'));
  return refused ? 'The gateway did not accept that token.' : null;
}

export function App() {
  const client: CredgateClient = useMemo(() => gatewayClient({ onStreamBroken: () => {} }), []);
  // With a token already kept, the first page is asked for at once, alongside the caller's check.
  const [prefetch] = useState<Prefetch | null>(() => {
    if (!storedToken()) return null;
    const args = queryArgsOf(viewFromUrl(window.location.search));
    const page = client.credentials(args);
    page.catch(() => {});
    return { key: JSON.stringify(args), page };
  });
  const [session, setSession] = useState<Session>(() => (storedToken() ? { state: 'checking' } : { state: 'signed-out' }));

  const check = () => {
    setSession({ state: 'checking' });
    loadCaller(client).then(
      (caller) => setSession({ state: 'signed-in', caller }),
      (error: unknown) => {
        const refused = refusal(error);
        if (refused) forgetToken();
        setSession({ state: 'signed-out', message: refused ?? `The gateway could not be reached: ${error instanceof Error ? error.message : 'unknown error'}` });
      },
    );
  };

  useEffect(() => {
    if (storedToken()) check();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (session.state === 'signed-in') {
    return (
      <CredentialsPage
        client={client}
        caller={session.caller}
        prefetch={prefetch}
        onSignOut={() => {
          forgetToken();
          setSession({ state: 'signed-out' });
        }}
      />
    );
  }
  return (
    <SignIn
      busy={session.state === 'checking'}
      message={session.state === 'signed-out' ? session.message : undefined}
      onToken={(token) => {
        storeToken(token);
        check();
      }}
    />
  );
}
