import { CredgateGraphQLError, CredgateHttpError, CredgateNetworkError } from '@credgate/sdk';
import { credgate } from './connect.js';

try {
  // Queries retry network failures, 5xx and 429 with capped exponential backoff; mutations never retry.
  console.log(await credgate.me());
} catch (error) {
  if (error instanceof CredgateNetworkError) console.error('gateway unreachable:', error.url);
  else if (error instanceof CredgateHttpError) console.error('HTTP', error.status, error.body);
  else if (error instanceof CredgateGraphQLError) console.error(error.errors.map((e) => e.message));
  else throw error;
}
