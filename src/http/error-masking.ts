import { GraphQLError, type ExecutionResult } from 'graphql';
import { maskError, type MaskError, type Plugin } from 'graphql-yoga';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';

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

export function maskErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) => {
    const message = withoutInputValues(error.message);
    if (message === error.message) return error;
    return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions: error.extensions });
  });
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
export const exposeDomainErrors: MaskError = (error, message, isDev) => {
  const original = error instanceof GraphQLError ? error.originalError : error;
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
  return maskError(error, message, isDev);
};
