import type { SearchIndex } from "@kns/core/model";
import { ApiError, NetworkError, type ApiClient } from "../../lib/api";
import { keyValue } from "../offline/kv";

/**
 * The learner's search index (GET /search/index), kept with their catalogue in the phone's store (`kns-offline`,
 * `<userId>/search-index`) so search works offline over every course they know. Asked for once per person
 * while the app runs; the browser sends the index's ETag along and an unchanged index comes back as a 304
 * without a body.
 */
const store = keyValue("kns-offline");
const indexKey = (userId: string) => `${userId}/search-index`;

export interface LoadedIndex {
  index: SearchIndex;
  /** The stored copy, because the network did not answer. */
  offline: boolean;
}

interface Saved {
  index: SearchIndex;
  savedAt: string;
}

const asked = new Map<string, Promise<LoadedIndex>>();

/** The index from the network, stored for next time; the stored copy when there is no answer. */
async function fetchIndex(userId: string, api: ApiClient, read: () => Promise<Saved | undefined>): Promise<LoadedIndex> {
  try {
    const answer = await api.request<SearchIndex>("/search/index");
    const index = { courses: Array.isArray(answer?.courses) ? answer.courses : [] };
    await store.set(indexKey(userId), { index, savedAt: new Date().toISOString() } satisfies Saved).catch(() => undefined);
    return { index, offline: false };
  } catch (error) {
    const unreachable = error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
    const saved = unreachable ? await read() : undefined;
    if (!saved) throw error;
    return { index: saved.index, offline: true };
  }
}

/**
 * The index: `early` gets the stored copy at once unless the network has already answered, so a search typed
 * on a weak network is answered from the phone while the fresh index comes.
 */
export function loadSearchIndex(userId: string, api: ApiClient, early?: (stored: LoadedIndex) => void): Promise<LoadedIndex> {
  let reading: Promise<Saved | undefined> | undefined;
  const read = () => (reading ??= store.get<Saved>(indexKey(userId)).catch(() => undefined));
  let pending = asked.get(userId);
  if (!pending) {
    const loading = fetchIndex(userId, api, read);
    // An offline answer or a failure is worth asking again for at the next search.
    loading.then(
      (loaded) => loaded.offline && asked.delete(userId),
      () => asked.delete(userId),
    );
    asked.set(userId, loading);
    pending = loading;
  }
  if (early) {
    const answered = pending.then(
      () => undefined,
      () => undefined,
    );
    void Promise.race([answered, read()]).then((saved) => saved && early({ index: saved.index, offline: false }));
  }
  return pending;
}
