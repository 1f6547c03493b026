import { CredgateAuthenticationError, CredgateGraphQLError, CredgateHttpError, CredgateNetworkError } from '@credgate/sdk';
import { credgate } from './connect.js';

try {
  // Queries retry network failures, 5xx and 429 with capped exponential backoff; mutations never retry.
  console.log(await credgate.me());
} catch (error) {
  if (error instanceof CredgateNetworkError) console.error('gateway unreachable:', error.url);
  // 401: no token, or an unknown, expired or revoked one (or a disabled user). Retrying will not help.
  else if (error instanceof CredgateAuthenticationError) console.error('get a new token');
  else if (error instanceof CredgateHttpError) console.error('HTTP', error.status, error.body);
  else if (error instanceof CredgateGraphQLError) console.error(error.errors.map((e) => e.message));
  else throw error;
}
