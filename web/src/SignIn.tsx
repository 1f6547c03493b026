import { useState, type FormEvent } from 'react';
import type { AuthConfig } from './auth-config.js';

type Oidc = NonNullable<AuthConfig['oidc']>;

/**
 * Sign-in with an API token (kept for this browser session only) and, when the gateway has OIDC
 * sign-in configured, with the issuer's login (authorisation code with PKCE, see oidc.ts).
 */
export function SignIn({ busy, message, oidc, onToken, onOidc }: { busy: boolean; message?: string; oidc: Oidc | null; onToken: (token: string) => void; onOidc: (oidc: Oidc) => void }) {
  const [token, setToken] = useState('');
  const [leaving, setLeaving] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    setToken('');
    if (value) onToken(value);
  };
  return (
    <main className="sign-in">
      <h1>Sign in to credgate</h1>
      {message ? (
        <p className="form-errors" role="alert">
          {message}
        </p>
      ) : null}
      {oidc ? (
        <section className="sign-in-oidc" aria-labelledby="oidc-heading">
          <h2 id="oidc-heading">With your organisation's account</h2>
          <button
            type="button"
            className="primary"
            disabled={busy || leaving}
            onClick={() => {
              setLeaving(true);
              Promise.resolve(onOidc(oidc)).finally(() => setLeaving(false));
            }}
          >
            {leaving ? 'Going to the sign-in…' : 'Sign in with single sign-on'}
          </button>
          <p className="hint">
            At <code>{new URL(oidc.issuer).host}</code>
          </p>
        </section>
      ) : null}
      <form onSubmit={submit} autoComplete="off">
        {oidc ? <h2>With an API token</h2> : null}
        <label htmlFor="token">API token</label>
        <input id="token" type="password" autoComplete="off" value={token} onChange={(event) => setToken(event.target.value)} aria-describedby="token-hint" />
        <p className="hint" id="token-hint">
          Kept for this browser session only.
        </p>
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
