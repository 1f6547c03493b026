import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify';
import { columnTitleOf, parseColumns, type CredentialColumn, type Cursor } from '../domain/credential-filter.js';
import { ValidationError } from '../domain/errors.js';
import { checkedCredentialQuery } from '../graphql/credential-list.js';
import type { CredentialQuery } from '../services/credential-query.js';
import type { Actor } from '../services/context.js';
import type { Services } from '../services/index.js';
import { validationCollector } from '../domain/validation.js';

/** The most rows one export holds (API.md); X-Export-Truncated says when more matched. */
export const MAX_EXPORT_ROWS = 20_000;

/** Rows the CSV stream may hold before the database cursor is closed to wait for the client. */
const QUEUED_ROWS = 2_000;
const QUEUED_BYTES = 1024 * 1024;

function sendBadRequest(res: ServerResponse, error: ValidationError): void {
  res
    .writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify({ error: { code: 'BAD_USER_INPUT', message: error.message, fieldErrors: error.fieldErrors } }));
}

function jsonParameter(url: URL, name: string, what: string): unknown {
  const text = url.searchParams.get(name);
  if (text === null || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw ValidationError.of([name], `must be JSON of the GraphQL ${what} input`);
  }
}

/**
 * GET /export/credentials.csv (API.md, "CSV export"): the table with the query's where, search,
 * orderBy and a column choice. Rows stream from the database as the client reads them, so memory
 * stays flat whatever the row count; cells that a spreadsheet would run as formulas are neutralised.
 */
export async function exportCredentialsCsv(req: IncomingMessage, res: ServerResponse, services: Services, actor: Actor): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: 'use GET' } }));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://gateway');
  let query: CredentialQuery;
  let columns: CredentialColumn[];
  try {
    const collector = validationCollector();
    const where = collector.attempt(() => jsonParameter(url, 'where', 'CredentialWhere'));
    const orderBy = collector.attempt(() => jsonParameter(url, 'orderBy', '[CredentialOrder!]'));
    columns = collector.attempt(() => parseColumns(url.searchParams.get('columns'))) ?? [];
    const checked = collector.fieldErrors.length === 0
      ? collector.attempt(() => checkedCredentialQuery({ where, orderBy, search: url.searchParams.get('search') ?? undefined }, { services, actor }))
      : undefined;
    collector.throwIfAny();
    query = checked!;
  } catch (error) {
    if (error instanceof ValidationError) return sendBadRequest(res, error);
    throw error;
  }

  const total = services.credentialQuery.count(query);
  const stamp = services.deps.now().replace(/[:.]/g, '-');
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="credentials-${stamp}.csv"`,
    'x-total-count': String(total),
    'x-export-truncated': String(total > MAX_EXPORT_ROWS),
    'access-control-expose-headers': 'X-Total-Count, X-Export-Truncated, Content-Disposition',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }

  // Rows come as arrays in column order with formulas already neutralised: the stringifier only quotes.
  const csv = stringify({
    header: true,
    columns: columns.map((column) => columnTitleOf[column]),
    record_delimiter: 'windows',
    writableHighWaterMark: QUEUED_ROWS,
    readableHighWaterMark: QUEUED_BYTES,
  });
  let clientGone = false;
  res.once('close', () => {
    clientGone = !res.writableFinished;
  });
  csv.pipe(res);

  let written = 0;
  let after: Cursor | undefined;
  while (written < MAX_EXPORT_ROWS && !clientGone) {
    // The statement stays open only while rows go out synchronously: it is closed (by leaving
    // the loop) before waiting for the client, so writers are never blocked by a slow download.
    let mustWait = false;
    let finished = true;
    for (const row of services.credentialQuery.exportRows(query, { limit: MAX_EXPORT_ROWS - written, after, columns })) {
      written += 1;
      if (!csv.write(row.cells)) {
        after = services.credentialQuery.exportCursor(row.values);
        mustWait = true;
        finished = false;
        break;
      }
    }
    if (finished) break;
    if (mustWait) {
      await new Promise<void>((resolve) => {
        const done = () => {
          csv.off('drain', done);
          res.off('close', done);
          resolve();
        };
        csv.once('drain', done);
        res.once('close', done);
      });
    }
  }
  if (clientGone) {
    csv.destroy();
    return;
  }
  csv.end();
}
