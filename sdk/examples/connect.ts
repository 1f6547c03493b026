import { readFileSync } from 'node:fs';
import { createClient } from '@credgate/sdk';

export const credgate = createClient({
  url: process.env.CREDGATE_URL ?? 'http://127.0.0.1:4000',
  // An API token (cgt_…): a service's own (createAccessToken), or on the gateway's host the
  // administrator's, written on first start to <data dir>/admin-token.
  // Or `getToken: async () => vault.read('credgate-token')`, called before every request (an OIDC JWT, say).
  token: process.env.CREDGATE_TOKEN ?? readFileSync('data/admin-token', 'utf8').trim(),
});
