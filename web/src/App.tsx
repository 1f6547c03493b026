import { useEffect, useMemo, useState } from 'react';
import { CredgateHttpError, type CredgateClient } from '@credgate/sdk';
import { CredentialsPage } from './CredentialsPage.js';
import { loadPermissions, type Permissions } from './permissions.js';
import { forgetToken, gatewayClient, storedToken, storeToken } from './session.js';
import { SignIn } from './SignIn.js';

type Session = { state: 'signed-out'; message?: string } | { state: 'checking' } | { state: 'signed-in'; permissions: Permissions };

function refusal(error: unknown): string | null {
  if (error instanceof CredgateHttpError && (error.status === 401 || error.status === 403)) return 'The gateway did not accept that token.';
  return null;
}

export function App() {
  const client: CredgateClient = useMemo(() => gatewayClient({ onStreamBroken: () => {} }), []);
  const [session, setSession] = useState<Session>(() => (storedToken() ? { state: 'checking' } : { state: 'signed-out' }));

  const check = () => {
    setSession({ state: 'checking' });
    loadPermissions(client).then(
      (permissions) => setSession({ state: 'signed-in', permissions }),
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
        permissions={session.permissions}
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
