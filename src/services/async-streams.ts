/**
 * Small async-iterator combinators whose `return()` takes effect at once. (An async generator
 * waiting for its source would only run its `finally` at the next event, so a subscriber who
 * left would keep its listener until then.)
 */
type Source<T> = AsyncIterator<T>;

const done = <T>(): IteratorResult<T> => ({ done: true, value: undefined });

export function mapAsync<T, U>(source: Source<T>, map: (item: T) => U | Promise<U>): AsyncIterableIterator<U> {
  return {
    async next() {
      const item = await source.next();
      return item.done ? done<U>() : { done: false, value: await map(item.value) };
    },
    async return() {
      await source.return?.();
      return done<U>();
    },
    async throw(error?: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export function filterAsync<T>(source: Source<T>, keep: (item: T) => boolean): AsyncIterableIterator<T> {
  return {
    async next() {
      for (;;) {
        const item = await source.next();
        if (item.done || keep(item.value)) return item;
      }
    },
    async return() {
      await source.return?.();
      return done<T>();
    },
    async throw(error?: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
