import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Refuses `__schema` and `__type` (graphql-js's own rule) at validation, so it holds for every
 * transport: HTTP and SSE go through yoga, the WebSocket server validates with yoga's enveloped
 * `validate`. `__typename` stays: clients need it.
 */
export function refuseIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
