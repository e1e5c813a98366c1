import { createEffect, createSignal, on, onCleanup, untrack, type Accessor } from "solid-js";

/**
 * The one way screens load data. Not createResource, on purpose: a resource read in the page suspends it (the
 * frame, the headings and the controls give way to the layout's fallback) and an error throws to a boundary,
 * while these screens keep their frame and controls, show loading and errors in place with a retry, and the
 * learner's screens show the copy stored on the phone first (`early`) and the network's answer when it comes,
 * which a resource can only do through `mutate` from outside its fetcher.
 */
interface Loader<T> {
  data: Accessor<T | undefined>;
  error: Accessor<unknown>;
  loading: Accessor<boolean>;
  /** Loads again for the current source; what is shown stays until the answer arrives. */
  reload(): Promise<void>;
  /** Replaces the data after a change the server confirmed, without another round trip. */
  set(value: T): void;
}

type Nothing = undefined | null | false | "";
/**
 * Shows a value before the final one. Typed loosely on purpose: a parameter typed with `T` would make
 * TypeScript fix `T` before it reads the fetcher's return type. The value must be a `T`.
 */
type Early = (value: unknown) => void;

/**
 * Loads for a source (an id, a key…). A source with nothing in it (no user yet, say) loads nothing; answers for
 * a source the screen has since left are dropped. When the source changes to another one, what was shown goes
 * (it belonged to the other one) unless `startAfresh` says the two are the same thing. A reload, or a change of
 * `refresh` (a revision counter: the outbox changed, a download finished), loads again and keeps what is shown.
 */
export function createLoader<S, T>(
  source: Accessor<S | Nothing>,
  fetcher: (source: S, early: Early) => Promise<T>,
  options: { startAfresh?: (before: S, after: S) => boolean; refresh?: Accessor<unknown> } = {},
): Loader<T> {
  const startAfresh = options.startAfresh ?? ((before, after) => JSON.stringify(before) !== JSON.stringify(after));
  const [data, setData] = createSignal<T>();
  const [error, setError] = createSignal<unknown>();
  const [loading, setLoading] = createSignal(false);
  let ticket = 0;
  let alive = true;
  onCleanup(() => {
    alive = false;
  });

  async function load(value: S | Nothing) {
    const mine = ++ticket;
    const current = () => alive && mine === ticket;
    if (!value) return void setLoading(false);
    setLoading(true);
    setError(undefined);
    try {
      const result = await fetcher(value, (partial) => current() && setData(() => partial as T));
      if (current()) setData(() => result);
    } catch (err) {
      if (current()) setError(() => err ?? new Error("failed"));
    } finally {
      if (current()) setLoading(false);
    }
  }

  const refresh = options.refresh ?? (() => undefined);
  createEffect(
    on([source, refresh], ([value], previous) => {
      const before = previous?.[0];
      if (before && (!value || startAfresh(before, value))) setData(undefined);
      void load(value);
    }),
  );

  return {
    data,
    error,
    loading,
    reload: () => load(untrack(source)),
    set: (value) => setData(() => value),
  };
}
