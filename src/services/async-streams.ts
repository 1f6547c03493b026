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

/**
 * Past items first, then the live ones that came after them. `live` must already be listening
 * when `past` is read, so that nothing falls between the two; items seen in both are given once.
 */
export function replayThenLive<T>(past: T[], live: Source<T>, order: (item: T) => number): AsyncIterableIterator<T> {
  let index = 0;
  const last = past.length > 0 ? order(past[past.length - 1]) : -Infinity;
  const rest = filterAsync(live, (item) => order(item) > last);
  return {
    next: () => (index < past.length ? Promise.resolve({ done: false, value: past[index++] }) : rest.next()),
    return: () => rest.return!(),
    throw: (error?: unknown) => rest.throw!(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
