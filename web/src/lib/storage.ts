/**
 * localStorage that never throws: private modes and full storage make it fail, and the app must still run
 * (it then simply forgets between visits).
 */
export function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStorage(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Nothing to do: the value lives in memory for this visit.
  }
}
