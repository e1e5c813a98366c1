import type { PublicKey } from "@kns/core/model";
import { readStorage, writeStorage } from "../../lib/storage";

const KEY = "kns.verifyKey";

/**
 * The key certificates are signed with, kept on the phone so a certificate can be checked with no network.
 * The service worker also keeps the last answer (stale-while-revalidate), for a page opened offline.
 */
export async function publicKey(): Promise<string | undefined> {
  const stored = readStorage(KEY) ?? undefined;
  try {
    const response = await fetch("/api/v1/verify/public-key", { headers: { accept: "application/json" } });
    if (response.ok) {
      const body = (await response.json()) as Partial<PublicKey>;
      if (typeof body.publicKey === "string") {
        if (body.publicKey !== stored) writeStorage(KEY, body.publicKey);
        return body.publicKey;
      }
    }
  } catch {
    // Offline: the stored key does the job.
  }
  return stored;
}
