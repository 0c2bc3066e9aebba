/**
 * Reads what is left of `iterator` in the background and drops it. After an answer's last event
 * only the end of the body is left: reading it lets the connection go back to the pool, where
 * `return()` would make undici destroy the body (and the connection, if its last bytes had not
 * arrived yet) and build an AbortError with its stack, once per stream.
 */
export function drainInBackground(iterator: AsyncIterator<unknown>): void {
  void (async () => {
    try {
      while (!(await iterator.next()).done);
    } catch {
      // The answer is complete; a late failure of its connection concerns nobody.
    }
  })();
}

/**
 * `iterator` as an iterable whose `return()` drains instead of closing: for a parser whose loop
 * ends at the answer's last event (`for await … return`), so leaving the loop does not close the
 * body. Stopping the request early is the caller's business (it aborts the request's signal).
 */
export function drainingOnReturn<T>(iterator: AsyncIterator<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => iterator.next(),
      return: async (value?: unknown) => {
        drainInBackground(iterator);
        return { done: true, value: value as T };
      },
    }),
  };
}
