import { createStore, del, get, keys, set, update, type UseStore } from "idb-keyval";

/**
 * A small key-value store: IndexedDB on the phone (survives reloads and closing the app), memory where
 * IndexedDB is missing (tests, some private modes), so the app still runs and simply forgets on reload.
 */
export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Keys that start with `prefix`. */
  keys(prefix?: string): Promise<string[]>;
  /** Read-modify-write in one IndexedDB transaction, so two tabs cannot lose each other's change. */
  update<T>(key: string, change: (current: T | undefined) => T | undefined): Promise<void>;
}

export function memoryStore(): KeyValue {
  const data = new Map<string, unknown>();
  const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));
  return {
    get: async <T>(key: string) => copy(data.get(key) as T | undefined),
    set: async (key, value) => void data.set(key, copy(value)),
    del: async (key) => void data.delete(key),
    keys: async (prefix = "") => [...data.keys()].filter((key) => key.startsWith(prefix)),
    update: async <T>(key: string, change: (current: T | undefined) => T | undefined) => {
      const next = change(copy(data.get(key) as T | undefined));
      if (next === undefined) data.delete(key);
      else data.set(key, copy(next));
    },
  };
}

function idbStore(database: string): KeyValue {
  const store: UseStore = createStore(database, "kv");
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
    keys: async (prefix = "") => (await keys<IDBValidKey>(store)).map(String).filter((key) => key.startsWith(prefix)),
    update: async <T>(key: string, change: (current: T | undefined) => T | undefined) => {
      let removed = false;
      await update<T | undefined>(
        key,
        (current) => {
          const next = change(current);
          removed = next === undefined;
          return next;
        },
        store,
      );
      if (removed) await del(key, store);
    },
  };
}

const opened = new Map<string, KeyValue>();

/** One store per database name (separate databases: idb-keyval makes one object store per database). */
export function keyValue(database: string): KeyValue {
  let store = opened.get(database);
  if (!store) {
    store = typeof indexedDB === "undefined" ? memoryStore() : idbStore(database);
    opened.set(database, store);
  }
  return store;
}
