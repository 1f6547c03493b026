import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../services/context.js';
import type { Services } from '../services/index.js';

/** GET /export/credentials.csv (API.md, "CSV export"). Being built for issue 5. */
export async function exportCredentialsCsv(
  _req: IncomingMessage,
  res: ServerResponse,
  _services: Services,
  _actor: Actor,
): Promise<void> {
  res.writeHead(501, { 'content-type': 'text/plain' }).end('not implemented yet');
}
