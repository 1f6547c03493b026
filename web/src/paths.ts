/** Where the OIDC issuer sends the browser back with the code (served as the page, src/http/web-page.ts). */
export const CALLBACK_PATH = '/auth/callback';
