import { CredgateAuthenticationError, CredgateGraphQLError, CredgateHttpError, CredgateNetworkError, httpError, type GraphQLErrorEntry } from './errors.js';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface RetryOptions {
  /** Attempts after the first one. Default 3. */
  retries?: number;
  /** Delay before the first retry, doubled each time. Default 200 ms. */
  initialDelayMs?: number;
  /** Upper bound of one delay. Default 5,000 ms. */
  maxDelayMs?: number;
}

export interface TransportOptions {
  endpoint: string;
  fetch: FetchLike;
  headers: () => Promise<Record<string, string>>;
  retry: Required<RetryOptions>;
}

export interface GraphQLRequest {
  query: string;
  variables?: unknown;
  operationName: string;
  /** Only idempotent operations (queries) are retried; a mutation is sent exactly once. */
  idempotent: boolean;
  signal?: AbortSignal;
}

interface GraphQLResponseBody {
  data?: unknown;
  errors?: GraphQLErrorEntry[];
}

export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 3, initialDelayMs: 200, maxDelayMs: 5_000 };

/** 5xx (except 501, which will not change) and 429 are worth another try. */
function retryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

function isRetryable(error: unknown): boolean {
  if (error instanceof CredgateNetworkError) return true;
  return error instanceof CredgateHttpError && retryableStatus(error.status);
}

export function backoffDelay(attempt: number, retry: Required<RetryOptions>, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds)) {
    return Math.min(retryAfterSeconds * 1000, retry.maxDelayMs);
  }
  const exponential = Math.min(retry.initialDelayMs * 2 ** attempt, retry.maxDelayMs);
  // Full jitter keeps many clients from retrying in lockstep after an outage.
  return exponential / 2 + Math.random() * (exponential / 2);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

class RetryAfter {
  constructor(
    readonly error: unknown,
    readonly seconds?: number,
  ) {}
}

/**
 * Sends `request` once, or for an idempotent request retries network failures, 5xx and 429 with
 * capped exponential backoff (honouring Retry-After). Throws the last typed error.
 */
export async function withRetry<T>(
  idempotent: boolean,
  retry: Required<RetryOptions>,
  attemptOnce: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce();
    } catch (caught) {
      const failure = caught instanceof RetryAfter ? caught : new RetryAfter(caught);
      if (!idempotent || attempt >= retry.retries || !isRetryable(failure.error) || signal?.aborted) throw failure.error;
      await sleep(backoffDelay(attempt, retry, failure.seconds), signal);
    }
  }
}

/** fetch with network failures turned into CredgateNetworkError and HTTP errors into CredgateHttpError. */
export async function fetchOk(fetchFn: FetchLike, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new CredgateNetworkError(url, error);
  }
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    const retryAfter = response.headers.get('retry-after');
    throw new RetryAfter(httpError(response.status, body, url), retryAfter === null ? undefined : Number(retryAfter));
  }
  return response;
}

export async function executeGraphQL<TData>(options: TransportOptions, request: GraphQLRequest): Promise<TData> {
  const { endpoint } = options;
  return withRetry(
    request.idempotent,
    options.retry,
    async () => {
      const headers = {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(await options.headers()),
      };
      const init: RequestInit = {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: request.query, variables: request.variables ?? {}, operationName: request.operationName }),
        signal: request.signal,
      };
      let response: Response;
      try {
        response = await options.fetch(endpoint, init);
      } catch (error) {
        if (request.signal?.aborted) throw error;
        throw new CredgateNetworkError(endpoint, error);
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw new CredgateNetworkError(endpoint, error);
      }
      let body: GraphQLResponseBody | undefined;
      try {
        body = JSON.parse(text) as GraphQLResponseBody;
      } catch {
        body = undefined;
      }
      // A refused token is answered 401 with a GraphQL body too: it is the token, not the operation.
      if (response.status === 401) throw new CredgateAuthenticationError(text, endpoint);
      // GraphQL over HTTP answers invalid operations with 4xx and a GraphQL body: report the errors, not the status.
      if (body && Array.isArray(body.errors) && body.errors.length > 0) {
        if (!response.ok && retryableStatus(response.status)) {
          throw new RetryAfter(new CredgateHttpError(response.status, text, endpoint), retryAfterOf(response));
        }
        throw new CredgateGraphQLError(body.errors, request.operationName);
      }
      if (!response.ok) throw new RetryAfter(new CredgateHttpError(response.status, text, endpoint), retryAfterOf(response));
      if (!body || body.data === undefined || body.data === null) {
        throw new CredgateHttpError(response.status, text, endpoint);
      }
      return body.data as TData;
    },
    request.signal,
  );
}

function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  return value === null ? undefined : Number(value);
}
