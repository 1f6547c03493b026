/** The gateway's sign-in settings for this page (GET /auth/config, no token needed; src/http/web-page.ts). */
export interface AuthConfig {
  oidc: { issuer: string; clientId: string; scopes: string[]; audience: string } | null;
}

let asked: Promise<AuthConfig> | null = null;

/** Asked once per page load; a failure is asked again next time. */
export function loadAuthConfig(): Promise<AuthConfig> {
  asked ??= fetch('/auth/config', { headers: { accept: 'application/json' } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`The gateway answered ${response.status}`);
      return (await response.json()) as AuthConfig;
    })
    .catch((error: unknown) => {
      asked = null;
      throw error;
    });
  return asked;
}
