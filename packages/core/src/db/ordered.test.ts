import { describe, expect, it } from "vitest";
import { mapOrdered } from "./ordered";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A call that counts how many calls run at once, finishing after `ms`. */
function tracked() {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const call = async (item: number, ms: number) => {
    started.push(item);
    running++;
    most = Math.max(most, running);
    await sleep(ms);
    running--;
    return item * 10;
  };
  return { call, started, most: () => most, running: () => running };
}

async function collect<R>(source: AsyncIterable<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const value of source) out.push(value);
  return out;
}

describe("mapOrdered", () => {
  it("yields in the items' order when later calls finish first", async () => {
    const { call } = tracked();
    const items = Array.from({ length: 20 }, (_, i) => i);
    // The first items are the slowest: in completion order they would come last.
    const out = await collect(mapOrdered(items, 8, (item) => call(item, (20 - item) * 2)));
    expect(out).toEqual(items.map((i) => i * 10));
  });

  it("keeps exactly `concurrency` calls in flight while there are items, and never more", async () => {
    const { call, most, running } = tracked();
    const out = await collect(
      mapOrdered(
        Array.from({ length: 50 }, (_, i) => i),
        6,
        (item) => call(item, 3 + (item % 4)),
      ),
    );
    expect(out).toHaveLength(50);
    expect(most()).toBe(6);
    expect(running()).toBe(0);
  });

  it("with a concurrency of 1, runs one call at a time", async () => {
    const { call, most } = tracked();
    await collect(mapOrdered([1, 2, 3, 4], 1, (item) => call(item, 2)));
    expect(most()).toBe(1);
  });

  it("starts no more than the window ahead of a consumer that is not reading", async () => {
    const { call, started } = tracked();
    const results = mapOrdered(
      Array.from({ length: 100 }, (_, i) => i),
      4,
      (item) => call(item, 1),
    );
    expect((await results.next()).value).toBe(0);
    // The consumer holds item 0; the window has the next 4 started, and nothing else however long it waits.
    await sleep(30);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect((await results.next()).value).toBe(10);
    await sleep(10);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    await results.return(undefined);
  });

  it("reads an async source lazily and closes it when the consumer stops early", async () => {
    let pulled = 0;
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    const { call, running } = tracked();
    const out: number[] = [];
    for await (const value of mapOrdered(source(), 5, (item) => call(item, 1))) {
      out.push(value);
      if (out.length === 3) break;
    }
    expect(out).toEqual([0, 10, 20]);
    expect(pulled).toBeLessThanOrEqual(3 + 5);
    expect(closed).toBe(true);
    // The calls already started were waited for: none runs after the loop.
    expect(running()).toBe(0);
  });

  it("yields the results before a failed item, then throws its error after the calls in flight settle", async () => {
    const { call, running } = tracked();
    const out: number[] = [];
    const failing = mapOrdered(
      Array.from({ length: 10 }, (_, i) => i),
      4,
      async (item) => {
        if (item === 3) {
          await sleep(1);
          throw new Error("item 3 failed");
        }
        return call(item, 5);
      },
    );
    await expect(
      (async () => {
        for await (const value of failing) out.push(value);
      })(),
    ).rejects.toThrow("item 3 failed");
    expect(out).toEqual([0, 10, 20]);
    expect(running()).toBe(0);
  });

  it("refuses a concurrency that is not a positive integer", async () => {
    await expect(collect(mapOrdered([1], 0, async (x) => x))).rejects.toThrow(RangeError);
  });
});
