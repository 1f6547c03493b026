import { useState, type FormEvent } from 'react';

/** Sign-in with an API token; the token is kept in this browser session only. */
export function SignIn({ busy, message, onToken }: { busy: boolean; message?: string; onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    setToken('');
    if (value) onToken(value);
  };
  return (
    <main className="sign-in">
      <h1>Sign in to credgate</h1>
      <form onSubmit={submit} autoComplete="off">
        {message ? (
          <p className="form-errors" role="alert">
            {message}
          </p>
        ) : null}
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
