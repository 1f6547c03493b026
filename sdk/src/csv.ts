import type { CredentialColumn, CredentialOrder, CredentialWhere } from './generated/graphql.js';
import { fetchOk, withRetry, type TransportOptions } from './transport.js';

export interface CredentialsCsvArgs {
  where?: CredentialWhere | null;
  search?: string | null;
  orderBy?: CredentialOrder[] | null;
  /** Which columns, in the table's order; all by default. */
  columns?: CredentialColumn[] | null;
  signal?: AbortSignal;
}

export interface CredentialsCsv {
  /** The CSV body as it arrives (UTF-8). Read it or cancel it; it holds the connection open until then. */
  stream: ReadableStream<Uint8Array>;
  /** How many credentials matched (X-Total-Count), also when the export was cut. */
  totalCount: number | null;
  /** True when the export stopped at the row limit (X-Export-Truncated). */
  truncated: boolean;
  /** Reads the whole stream as text. */
  text(): Promise<string>;
}

/** GET /export/credentials.csv with the same filter, search and sort as the `credentials` query. */
export async function downloadCredentialsCsv(transport: TransportOptions, baseUrl: string, args: CredentialsCsvArgs): Promise<CredentialsCsv> {
  const params = new URLSearchParams();
  if (args.where) params.set('where', JSON.stringify(args.where));
  if (args.orderBy?.length) params.set('orderBy', JSON.stringify(args.orderBy));
  if (args.search) params.set('search', args.search);
  if (args.columns?.length) params.set('columns', args.columns.join(','));
  const query = params.toString();
  const url = `${baseUrl}/export/credentials.csv${query ? `?${query}` : ''}`;
  // A GET is idempotent: retried until the response starts, never once the body is streaming.
  const response = await withRetry(
    true,
    transport.retry,
    async () => fetchOk(transport.fetch, url, { method: 'GET', headers: { accept: 'text/csv', ...(await transport.headers()) }, signal: args.signal }),
    args.signal,
  );
  const total = response.headers.get('x-total-count');
  const body = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
  return {
    stream: body,
    totalCount: total === null || total === '' || !Number.isFinite(Number(total)) ? null : Number(total),
    truncated: response.headers.get('x-export-truncated')?.toLowerCase() === 'true',
    text: () => new Response(body).text(),
  };
}
