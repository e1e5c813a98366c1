/**
 * `fn` over every item of `source`, up to `concurrency` calls at a time, results yielded in the order of the
 * items (not the order the calls finish in). Made for reading many small partitions one after another (a
 * subtree's units): the round trips overlap, while whoever consumes the results sees them exactly as a plain
 * loop would have produced them.
 *
 * Memory stays bounded: an item is started only when fewer than `concurrency` results are waiting, so a slow
 * consumer (a file being written) holds back the reads instead of piling up results. The window is at most
 * `concurrency` calls started and not yet consumed, plus the one result the consumer is working on.
 *
 * If a call fails, the generator throws that error at that item's turn, after waiting for the calls already
 * started (so no read outlives the loop that asked for it); the same happens when the consumer stops early.
 */
export async function* mapOrdered<T, R>(
  source: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): AsyncGenerator<R> {
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<T>)[Symbol.iterator]();
  const window: Promise<R>[] = [];
  let index = 0;
  let exhausted = false;
  const fill = async () => {
    while (!exhausted && window.length < concurrency) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const call = fn(next.value, index++);
      // Awaited at its turn; until then a rejection must not count as unhandled.
      call.catch(() => undefined);
      window.push(call);
    }
  };
  try {
    await fill();
    while (window.length) {
      const result = await window.shift()!;
      // Refill before handing the result over, so the window's reads run while the consumer works on it.
      await fill();
      yield result;
    }
  } finally {
    await Promise.allSettled(window);
    if (!exhausted) await iterator.return?.();
  }
}
