// metav1.Status builders with the codes, reasons and message formats of kube-apiserver.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A failed request: carries the Status the client receives. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'error');
  }
  get code(): number {
    return this.status.code;
  }
}

export function failure(code: number, reason: string | undefined, message: string, details?: StatusDetails): Status {
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message } as Status;
  if (reason) status.reason = reason;
  if (details) status.details = details;
  status.code = code;
  return status;
}

function fail(code: number, reason: string | undefined, message: string, details?: StatusDetails): ApiError {
  return new ApiError(failure(code, reason, message, details));
}

export const notFound = (resource: string, name: string): ApiError =>
  fail(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });

export const alreadyExists = (resource: string, name: string): ApiError =>
  fail(409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource });

export const conflict = (resource: string, name: string, why: string): ApiError =>
  fail(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, { name, kind: resource });

export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

export const staleResourceVersion = (resource: string, name: string): ApiError =>
  conflict(resource, name, OBJECT_MODIFIED);

export const forbidden = (resource: string, name: string, why: string): ApiError =>
  fail(403, 'Forbidden', `${resource} "${name}" is forbidden: ${why}`, { name, kind: resource });

export const badRequest = (message: string): ApiError => fail(400, 'BadRequest', message);

export const expired = (message: string): ApiError => fail(410, 'Expired', message);

export const tooOldResourceVersion = (requested: number, oldest: number): ApiError =>
  expired(`too old resource version: ${requested} (${oldest})`);

export const methodNotAllowed = (): ApiError =>
  fail(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

export const unsupportedMediaType = (contentType: string): ApiError =>
  fail(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`);

export const unauthorized = (): Status => failure(401, 'Unauthorized', 'Unauthorized');

export const pathNotFound = (): ApiError => fail(404, 'NotFound', 'the server could not find the requested resource', {});

/** A field.Error of apimachinery: `<field>: <Type>: <detail>`. */
export interface FieldError {
  field: string;
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueNotSupported' | 'FieldValueDuplicate' | 'FieldValueTypeInvalid';
  body: string;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export const fieldInvalid = (field: string, value: unknown, detail: string): FieldError => ({
  field,
  type: 'FieldValueInvalid',
  body: `Invalid value: ${formatValue(value)}${detail ? `: ${detail}` : ''}`,
});
export const fieldRequired = (field: string, detail = ''): FieldError => ({
  field,
  type: 'FieldValueRequired',
  body: `Required value${detail ? `: ${detail}` : ''}`,
});
export const fieldForbidden = (field: string, detail: string): FieldError => ({
  field,
  type: 'FieldValueForbidden',
  body: `Forbidden${detail ? `: ${detail}` : ''}`,
});
export const fieldTooLong = (field: string, max: number): FieldError => ({
  field,
  type: 'FieldValueTooLong',
  body: `Too long: may not be more than ${max} bytes`,
});
export const fieldNotSupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  field,
  type: 'FieldValueNotSupported',
  body: `Unsupported value: ${formatValue(value)}${supported.length ? `: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : ''}`,
});

export function formatFieldErrors(errors: FieldError[]): string {
  const parts = errors.map((e) => (e.field ? `${e.field}: ${e.body}` : e.body));
  return parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
}

/** 422 Invalid: `Secret "foo" is invalid: <errors>` with the Kind (not the resource) in message and details. */
export function invalid(kind: string, name: string, errors: FieldError[], group = ''): ApiError {
  const qualified = group ? `${kind}.${group}` : kind;
  const details: StatusDetails = { name, group: group || undefined, kind, causes: errors.map((e) => ({ reason: e.type, message: e.body, field: e.field })) };
  if (!details.group) delete details.group;
  return fail(422, 'Invalid', `${qualified} "${name}" is invalid: ${formatFieldErrors(errors)}`, details);
}

/** The Status a fault rule answers with for an HTTP code. */
export function statusForCode(code: number, resource: string, name: string, message?: string): Status {
  switch (code) {
    case 400:
      return failure(400, 'BadRequest', message ?? 'the server rejected our request for an unknown reason');
    case 401:
      return failure(401, 'Unauthorized', message ?? 'Unauthorized');
    case 403:
      return failure(403, 'Forbidden', `${resource} "${name}" is forbidden: ${message ?? 'access denied'}`, { name, kind: resource });
    case 404:
      return failure(404, 'NotFound', message ?? `${resource} "${name}" not found`, { name, kind: resource });
    case 409:
      return failure(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${message ?? OBJECT_MODIFIED}`, { name, kind: resource });
    case 410:
      return failure(410, 'Expired', message ?? 'too old resource version');
    case 422:
      return failure(422, 'Invalid', message ?? `${resource} "${name}" is invalid`, { name, kind: resource });
    case 429:
      return failure(429, 'TooManyRequests', message ?? 'Too many requests, please try again later.', { retryAfterSeconds: 1 });
    case 500: {
      const msg = message ?? 'an error on the server ("unknown") has prevented the request from succeeding';
      return failure(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
    }
    case 503:
      return failure(503, 'ServiceUnavailable', message ?? 'the server is currently unable to handle the request');
    case 504:
      return failure(504, 'Timeout', message ?? 'the server was unable to return a response in the time allotted, but may still be processing the request', { retryAfterSeconds: 1 });
    default:
      return failure(code, undefined, message ?? `an error on the server has prevented the request from succeeding`);
  }
}
