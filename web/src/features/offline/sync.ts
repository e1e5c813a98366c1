import type { Session } from "../../lib/session";
import { keyValue } from "./kv";
import { createOutbox, type FlushOutcome } from "./outbox";
import { outboxChanged, outboxRevision } from "./outbox-revision";

/** The app's one outbox (IndexedDB database `kns-outbox`, items keyed by user id). */
export const outbox = createOutbox(keyValue("kns-outbox"), {
  onChange: outboxChanged,
});

export { outboxRevision };

const RETRY_MS = 30_000;
let started: Session | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Sends the outbox of the person using the app. Never throws: what could not go stays waiting. The outboxes
 * of people set aside on this phone wait too, until they come back: only their PIN opens their session.
 */
export async function syncNow(session: Session): Promise<FlushOutcome | undefined> {
  const user = session.user();
  let mine: FlushOutcome | undefined;
  if (user) mine = await outbox.flush(user.id, session.api).catch(() => undefined);
  scheduleRetry(session, mine);
  return mine;
}

/** A weak network often fails one request and passes the next: try again a little later while online. */
function scheduleRetry(session: Session, outcome: FlushOutcome | undefined) {
  clearTimeout(retryTimer);
  if (outcome?.stopped === "server" || (outcome?.stopped === "offline" && navigator.onLine)) {
    retryTimer = setTimeout(() => void syncNow(session), RETRY_MS);
  }
}

let lastUser: string | undefined;

/**
 * Once per app run: send on start, whenever the phone gets its network back, and when the app comes back to
 * view. Called by every learner screen; it also sends at once when another person starts using the phone.
 */
export function startSync(session: Session) {
  const user = session.user()?.id;
  if (started === session) {
    if (user && user !== lastUser) {
      lastUser = user;
      void syncNow(session);
    }
    return;
  }
  started = session;
  lastUser = user;
  window.addEventListener("online", () => void syncNow(session));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && navigator.onLine) void syncNow(session);
  });
  void syncNow(session);
}
