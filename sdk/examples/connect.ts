import { createClient } from '@credgate/sdk';

export const credgate = createClient({
  url: process.env.CREDGATE_URL ?? 'http://127.0.0.1:4000',
  // Or `getToken: async () => vault.read('credgate-token')`, called before every request.
  token: process.env.CREDGATE_TOKEN ?? '',
});
