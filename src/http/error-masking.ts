import { randomUUID } from 'node:crypto';
import {
  GraphQLError,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { createGraphQLError, isAsyncIterable, mapAsyncIterator, maskError, type MaskError, type Plugin } from 'graphql-yoga';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { isStorageFailure, STORAGE_UNAVAILABLE_MESSAGE } from '../db/storage.js';
import { schema } from '../graphql/schema.js';
import type { Logger } from '../log.js';

/**
 * graphql-js repeats the offending input in some error messages (a variable that does not
 * coerce, a literal of the wrong type, a syntax error's token). A password sent in the
 * wrong shape must not come back in an error, so those parts are cut from every message.
 */
export function withoutInputValues(message: string): string {
  const variable = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" got invalid value/.exec(message);
  if (variable) {
    const paths = [...message.matchAll(/ at "(\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)"; /g)];
    const at = paths.length > 0 ? ` at "${paths[paths.length - 1][1]}"` : '';
    return `Variable "$${variable[1]}" got an invalid value${at}; check it against the input type in the schema.`;
  }
  if (message.startsWith('Syntax Error:')) {
    // Whatever graphql-js quotes from the document (a token, a string) may be a value.
    const quote = message.indexOf('"');
    return quote < 0 ? message : `${message.slice(0, quote).replace(/[\s:]+$/, '')}.`;
  }
  const found = message.indexOf(', found ');
  if (found >= 0) return `${message.slice(0, found)}.`;
  const represent = /^([\s\S]*? cannot represent [\s\S]*?value):/.exec(message);
  if (represent) return `${represent[1]}.`;
  return message;
}

/** Every name the schema defines (types, fields, arguments, enum values, directives): the only words an error may quote. */
function schemaNames(graphQLSchema: GraphQLSchema): Set<string> {
  // yoga's own request parameters, which its errors name.
  const names = new Set<string>(['query', 'variables', 'operationName', 'extensions']);
  for (const type of Object.values(graphQLSchema.getTypeMap())) {
    names.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        names.add(field.name);
        for (const arg of field.args) names.add(arg.name);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) names.add(field.name);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) names.add(value.name);
    }
  }
  for (const directive of graphQLSchema.getDirectives()) {
    names.add(directive.name);
    for (const arg of directive.args) names.add(arg.name);
  }
  return names;
}

const namesOfSchema = schemaNames(schema);

/** `Query.credentials`, `$where`, `@include`, `[CredentialOrder!]`: text made only of schema names. */
function isSchemaText(quoted: string): boolean {
  const parts = quoted.replace(/^[$@]/, '').replace(/[[\]!]/g, '').split('.');
  return parts.every((part) => namesOfSchema.has(part));
}

/**
 * A request-level error (parse, validation, variables, the request body) describes the request,
 * and graphql-js and yoga quote from it: an unknown field, argument, enum value, fragment or
 * operation name, a body parameter. Anything quoted that is not a name of the schema came from
 * the request and is cut, whatever the mode.
 */
export function withoutRequestText(message: string): string {
  return message.replace(/"([^"]*)"/g, (whole, quoted: string) => (isSchemaText(quoted) ? whole : '"…"'));
}

/** The error without input values or request text in its message, and without the original error yoga attaches. */
function sanitized(error: GraphQLError): GraphQLError {
  let message = withoutInputValues(error.message);
  // Errors with a path come from resolvers: the gateway's own messages.
  if (!error.path) message = withoutRequestText(message);
  const hasOriginal = error.extensions !== undefined && 'originalError' in error.extensions;
  if (message === error.message && !hasOriginal) return error;
  const { originalError: _dropped, ...extensions } = error.extensions ?? {};
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.nodes ? undefined : error.source,
    positions: error.nodes ? undefined : error.positions,
    path: error.path,
    extensions,
  });
}

export function maskErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map(sanitized);
}

/** The same result with input values cut from its error messages (also used by the WebSocket server). */
export function mask<T extends ExecutionResult>(result: T): T {
  if (!result.errors?.length) return result;
  return { ...result, errors: maskErrors(result.errors) };
}

export function maskInputValuesInErrors(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map((r) => mask(r as ExecutionResult)));
      else if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) setResult(mask(result as ExecutionResult));
    },
  };
}

/** Unexpected errors as masked, with what was thrown: the log line names it, the caller never sees it. */
const unexpectedCauses = new WeakMap<GraphQLError, unknown>();

/** What the log keeps of an unexpected error: its class, its message up to the first quote (quotes may hold values), where it was thrown. */
function describeCause(cause: unknown): { name: string; message: string; at?: string } {
  let error = cause;
  while (error instanceof GraphQLError && error.originalError) error = error.originalError;
  if (!(error instanceof Error)) return { name: typeof error, message: '' };
  const quote = error.message.search(/["'`]/);
  const message = (quote < 0 ? error.message : error.message.slice(0, quote)).slice(0, 200).trim();
  const at = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '))?.trim();
  return { name: error.name, message, at };
}

export interface ErrorReporting {
  /** Sanitises every answer yoga sends (HTTP, SSE) and logs each failed one once. */
  plugin: Plugin;
  /** The same for a WebSocket result. */
  mask<T extends ExecutionResult>(result: T): T;
  /** The same for errors a WebSocket operation is refused with. */
  maskErrors(errors: readonly GraphQLError[]): GraphQLError[];
}

/**
 * One log line per failed request, whatever the number of errors in it (yoga logs each error;
 * its error log is turned off in app.ts). Unexpected errors carry a fresh `requestId` in their
 * extensions, and the line carries the same id. The line never holds the request's text or
 * variables: only counts, codes and the unexpected errors' classes and origins.
 */
export function errorReporting(log: Logger): ErrorReporting {
  const reported = new WeakSet<GraphQLError>();
  const report = (errors: readonly GraphQLError[]): GraphQLError[] => {
    if (errors.every((error) => reported.has(error))) return [...errors];
    const requestId = randomUUID();
    const codes: Record<string, number> = {};
    const causes: ReturnType<typeof describeCause>[] = [];
    const answered = errors.map((error) => {
      const cause = unexpectedCauses.get(error);
      let result = sanitized(error);
      if (unexpectedCauses.has(error)) {
        if (causes.length < 3) causes.push(describeCause(cause));
        result = new GraphQLError(result.message, { nodes: result.nodes, path: result.path, extensions: { ...result.extensions, requestId } });
      }
      const code = typeof result.extensions?.code === 'string' ? result.extensions.code : 'NONE';
      codes[code] = (codes[code] ?? 0) + 1;
      reported.add(result);
      return result;
    });
    const line = { requestId, errors: errors.length, codes, ...(causes.length > 0 ? { unexpected: causes } : {}) };
    if (causes.length > 0) log.error(line, 'graphql request failed');
    else log.info(line, 'graphql request answered with errors');
    return answered;
  };
  const reportResult = <T extends ExecutionResult>(result: T): T =>
    result.errors?.length ? { ...result, errors: report(result.errors) } : result;
  // yoga turns extensions.http into the response status and leaves it out of HTTP bodies; a WebSocket has no status.
  const forWebSocket = (errors: readonly GraphQLError[]): GraphQLError[] =>
    report(errors).map((error) => {
      if (error.extensions?.http === undefined) return error;
      const { http: _status, ...extensions } = error.extensions;
      const result = new GraphQLError(error.message, { nodes: error.nodes, source: error.nodes ? undefined : error.source, positions: error.nodes ? undefined : error.positions, path: error.path, extensions });
      reported.add(result);
      return result;
    });
  return {
    plugin: {
      // yoga parses a GET's `variables` and `extensions` with JSON.parse and lets a SyntaxError through (a 500): it is the caller's mistake.
      onRequestParse({ requestParser, setRequestParser }) {
        if (!requestParser) return;
        setRequestParser(async (request) => {
          try {
            return await requestParser(request);
          } catch (error) {
            if (!(error instanceof SyntaxError)) throw error;
            throw createGraphQLError('A request parameter (variables or extensions) is not valid JSON.', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
        });
      },
      onResultProcess({ result, setResult }) {
        if (Array.isArray(result)) setResult(result.map((r) => reportResult(r as ExecutionResult)) as never);
        else if (isAsyncIterable(result)) setResult(mapAsyncIterator(result, (r) => reportResult(r as ExecutionResult)) as never);
        else if (result && typeof result === 'object') setResult(reportResult(result as ExecutionResult) as never);
      },
    },
    mask: (result) => (result.errors?.length ? { ...result, errors: forWebSocket(result.errors) } : result),
    maskErrors: forWebSocket,
  };
}

const codeOf = (error: DomainError): string =>
  error instanceof ValidationError ? 'BAD_USER_INPUT'
  : error instanceof NotFoundError ? 'NOT_FOUND'
  : error instanceof ForbiddenError ? 'FORBIDDEN'
  : 'CONFLICT';

/**
 * Queries have no error unions: a typed domain error a query meets (a workload that cannot be
 * rendered, an unknown scope) reaches the caller as itself, with a code and the field errors.
 * Anything unexpected is still masked as yoga does.
 */
export const exposeDomainErrors: MaskError = (error, message) => {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (isStorageFailure(original)) {
    // The storage refused a write (full, busy, failing): typed and retryable, never the SQL or its values.
    return new GraphQLError(STORAGE_UNAVAILABLE_MESSAGE, {
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'STORAGE_UNAVAILABLE', http: { status: 503 } },
    });
  }
  if (original instanceof DomainError) {
    const graphQLError = error instanceof GraphQLError ? error : undefined;
    return new GraphQLError(original.message, {
      nodes: graphQLError?.nodes,
      path: graphQLError?.path,
      extensions: {
        code: codeOf(original),
        ...(original instanceof ValidationError ? { fieldErrors: original.fieldErrors } : {}),
      },
    });
  }
  // Never the original error, in development too: its message may quote the request.
  const masked = maskError(error, message, false);
  if (masked !== error) unexpectedCauses.set(masked as GraphQLError, error);
  return masked;
};
