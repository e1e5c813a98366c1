import type { User } from "../../lib/api";
import type { Session } from "../../lib/session";
import type { FlushOutcome, OutboxItem } from "./outbox";

export { outboxRevision } from "./outbox-revision";

/**
 * The outbox for the screens on the way to a lesson (the lesson, the learner frame, the parts they share). The
 * outbox's code (./sync.ts, ./outbox.ts, the profiles and the model's limits they use: ~7 KB gzipped) is loaded
 * once the screen is on its way, not before it: on 3G those bytes shared the link with the lesson's own and
 * came before it (issue 22). The learner frame asks for it as it mounts (`startSync`), so by the time
 * someone taps "Hoàn thành" it is there; until then a read waits for it. The service worker keeps it like every
 * learner chunk, so offline it loads from the phone.
 */
export const outboxCode = () => import("./sync");

/** This person's outbox items. */
export async function listOutbox(userId: string): Promise<OutboxItem[]> {
  return (await outboxCode()).outbox.list(userId);
}

/** Sends the outbox of the person using the app (./sync.ts `syncNow`). Never throws. */
export async function syncNow(session: Session): Promise<FlushOutcome | undefined> {
  try {
    return await (await outboxCode()).syncNow(session);
  } catch {
    // The code itself could not load (a release replaced it, no network before the service worker had it):
    // nothing was sent, and what waits stays waiting for the next try.
    return undefined;
  }
}

/** Starts the outbox's sending for this app run (./sync.ts `startSync`), once its code is here. */
export function startSync(session: Session) {
  void outboxCode()
    .then((code) => code.startSync(session))
    .catch(() => undefined);
}

/** A person is using the app again: their profile on this phone takes the new session (profiles.ts `settleActive`). */
export function settleActive(user: User) {
  void import("../profiles/profiles").then((profiles) => profiles.settleActive(user)).catch(() => undefined);
}
