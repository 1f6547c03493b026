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

/**
 * Characters that make a spreadsheet read a line as a formula: = + - @ (and their full-width
 * forms, which Excel's East Asian input turns into formulas too), TAB, CR and NUL, which
 * spreadsheets skip before looking (OWASP CSV Injection, ASVS 1.2.10). The apostrophe is in the
 * set so that the neutralising apostrophe can always be told apart and removed.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\0', "'", '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const MAY_START_FORMULA = /(?:^|[\r\n])[=+\-@\t\r\0'\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Neutralises what a spreadsheet would evaluate: every line of the cell (its start, and each
 * character after a CR or LF) that starts with one of FORMULA_START gets an apostrophe in front,
 * so `x\n=1+1` is written `x\n'=1+1`. The text is otherwise intact: a reader gets the value back
 * by removing the apostrophe at the start of every line that starts with one.
 */
export function neutraliseFormulas(cell: string): string {
  if (!MAY_START_FORMULA.test(cell)) return cell;
  let neutralised = '';
  let lineStart = true;
  for (const char of cell) {
    if (lineStart && FORMULA_START.has(char)) neutralised += "'";
    neutralised += char;
    lineStart = char === '\r' || char === '\n';
  }
  return neutralised;
}

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
 * stays flat whatever the row count; cells that a spreadsheet would run as formulas are neutralised
 * (neutraliseFormulas).
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

  // Rows come as arrays of shown text in column order; the stringifier quotes every cell holding a
  // comma, quote, CR or LF (RFC 4180), after the cells' formulas are neutralised here.
  const csv = stringify({
    header: true,
    columns: columns.map((column) => columnTitleOf[column]),
    record_delimiter: 'windows',
    // With a record delimiter set, csv-stringify quotes only cells holding CRLF; a bare CR or LF
    // would then end the row for spreadsheets and Python's csv module (RFC 4180: quote them all).
    quote_record_delimiter: true,
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
      const cells = row.cells;
      for (let i = 0; i < cells.length; i++) cells[i] = neutraliseFormulas(cells[i]);
      if (!csv.write(cells)) {
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
