import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/connection.js';
import { installationSettings } from '../db/schema.js';
import { storageHealth } from '../db/storage.js';
import { metricsFor } from '../metrics.js';
import { ForbiddenError } from '../domain/errors.js';
import type { Actor } from '../services/context.js';
import type { Services } from '../services/index.js';

/**
 * GET /readyz: ready when the database answers and takes writes. Normally one read; while a write
 * has failed (disk full, busy, I/O error) it tries a write that changes nothing, so readiness comes
 * back as soon as the storage does, even when nothing else is waiting to be written.
 */
export function serveReadyz(db: Db, res: ServerResponse): void {
  const health = storageHealth(db);
  let ready = false;
  let status = 'database unavailable';
  try {
    db.$client.prepare('select 1').get();
    if (health.failing) {
      // A real write (one small row, rewritten), so that SQLite has to reach the disk.
      db.insert(installationSettings).values({ key: 'readiness_probe', value: new Date().toISOString() })
        .onConflictDoUpdate({ target: installationSettings.key, set: { value: new Date().toISOString() } }).run();
    }
    ready = !health.failing;
    status = ready ? 'ready' : 'storage unavailable';
  } catch {
    status = health.failing ? 'storage unavailable' : 'database unavailable';
  }
  res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(ready ? { status } : { status, code: health.code ?? undefined }));
}

/**
 * GET /metrics (Prometheus text format): ids, states, verbs and codes only, never a value (src/metrics.ts).
 * They describe the whole installation, so only a system administrator reads them (a scraper
 * authenticates with such a user's API token); anyone else is refused 403, and audited.
 */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, services: Services, actor: Actor): Promise<void> {
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET', 'content-type': 'application/json' }).end('{"error":"method not allowed"}');
    return;
  }
  try {
    services.access.requireSystemAdministrator(actor, 'metrics.read');
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'FORBIDDEN' } }] }));
    return;
  }
  const { contentType, body } = await metricsFor(services.deps.db).render();
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}
