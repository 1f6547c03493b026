import { createSourceEventStream, execute, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { mapAsync } from '../services/async-streams.js';
import type { GraphQLContext } from '../graphql/context.js';

/**
 * One status change reaches every subscriber as the same event object. Subscribers that sent
 * the same document and variables as the same caller get the same result, so it is executed
 * once per event instead of once per subscriber: with a thousand dashboards open, fan-out
 * costs one execution and a thousand writes.
 */
export function shareSubscriptionResults(): Plugin<GraphQLContext> {
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 0;
  const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
        let documentId = documentIds.get(args.document);
        if (documentId === undefined) {
          documentId = nextDocumentId++;
          documentIds.set(args.document, documentId);
        }
        const actor = (args.contextValue as GraphQLContext).actor.id;
        const key = `${documentId}|${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}|${actor}`;
        return mapAsync(source as AsyncIterator<unknown>, (event) => {
          if (event === null || typeof event !== 'object') return execute({ ...args, rootValue: event });
          let perEvent = results.get(event);
          if (!perEvent) {
            perEvent = new Map();
            results.set(event, perEvent);
          }
          let result = perEvent.get(key);
          if (!result) {
            result = Promise.resolve(execute({ ...args, rootValue: event }));
            perEvent.set(key, result);
          }
          return result;
        });
      });
    },
  };
}
