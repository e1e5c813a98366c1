import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";

export interface Load<T> {
  data: Accessor<T | undefined>;
  error: Accessor<unknown>;
  loading: Accessor<boolean>;
  /** Loads again for the same source, keeping what is shown until the new answer arrives. */
  reload(): Promise<void>;
}

/**
 * Loads data for a source (an id, a key…) without Suspense and without throwing into the page: screens
 * show their own loading and error states, keep the last data on a reload, and ignore a late answer for
 * a source that has since changed. A falsy source (no user yet, say) loads nothing. The fetcher may pass an
 * early value (the stored copy) before its final one.
 */
type Nothing = undefined | null | false | "" | 0;
/**
 * Shows a value before the final one. Typed loosely on purpose: a parameter typed with `T` would make
 * TypeScript fix `T` before it reads the fetcher's return type. The value must be a `T`.
 */
type Show = (value: unknown) => void;

export function useLoad<S, T>(source: Accessor<S | Nothing>, fetcher: (source: S, early: Show) => Promise<T>): Load<T> {
  const [data, setData] = createSignal<T>();
  const [error, setError] = createSignal<unknown>();
  const [loading, setLoading] = createSignal(false);
  let ticket = 0;
  let alive = true;
  onCleanup(() => {
    alive = false;
  });

  async function run(value: S | Nothing) {
    const mine = ++ticket;
    if (!value) return;
    setLoading(true);
    try {
      // A fetcher may show something first (the copy on the phone) and the final answer later.
      const early: Show = (partial) => {
        if (alive && mine === ticket) setData(() => partial as T);
      };
      const result = await fetcher(value, early);
      if (alive && mine === ticket) {
        setData(() => result);
        setError(undefined);
      }
    } catch (err) {
      if (alive && mine === ticket) setError(() => err ?? new Error("failed"));
    } finally {
      if (alive && mine === ticket) setLoading(false);
    }
  }

  createEffect(on(source, (value) => void run(value)));
  return { data, error, loading, reload: () => run(source()) };
}
