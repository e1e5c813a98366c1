import { createEffect, createSignal, on, untrack } from "solid-js";

export interface Loader<T> {
  data(): T | undefined;
  error(): unknown;
  loading(): boolean;
  /** Loads again for the current source; the shown data stays until the answer arrives. */
  reload(): Promise<void>;
  /** Replaces the data after a change the server confirmed, without another round trip. */
  set(value: T): void;
}

/**
 * Data for a screen, without Suspense: the page keeps its header and controls while a part of it loads, and an
 * error becomes a message in place instead of unmounting the page. Answers that arrive for an older source
 * (the person already moved on to another unit) are dropped.
 */
export function createLoader<Source, T>(
  source: () => Source | undefined | false,
  fetcher: (source: Source) => Promise<T>,
  options: { startAfresh?: (before: Source, after: Source) => boolean } = {},
): Loader<T> {
  const startAfresh = options.startAfresh ?? ((before, after) => JSON.stringify(before) !== JSON.stringify(after));
  const [data, setData] = createSignal<T>();
  const [error, setError] = createSignal<unknown>();
  const [loading, setLoading] = createSignal(false);
  let run = 0;

  async function load(value: Source) {
    const mine = ++run;
    setLoading(true);
    setError(undefined);
    try {
      const result = await fetcher(value);
      if (mine === run) setData(() => result);
    } catch (err) {
      if (mine === run) setError(() => err);
    } finally {
      if (mine === run) setLoading(false);
    }
  }

  createEffect(
    on(source, (value, previous) => {
      if (value === undefined || value === false) return;
      if (previous !== undefined && previous !== false && startAfresh(previous, value)) setData(undefined);
      void load(value);
    }),
  );

  return {
    data,
    error,
    loading,
    reload: async () => {
      const value = untrack(source);
      if (value !== undefined && value !== false) await load(value);
    },
    set: (value) => setData(() => value),
  };
}
