import { createSignal } from "solid-js";

/**
 * Changes of the outbox, heard by the screens that show it. Apart from the outbox's code (./sync.ts) so that a
 * screen can follow them without loading that code first (./outbox-later.ts). Other tabs of the app hear about
 * outbox changes too, so every open screen shows the same states.
 */
const channel = typeof BroadcastChannel === "undefined" ? undefined : new BroadcastChannel("kns-outbox");
const [revision, setRevision] = createSignal(0);
const bump = () => setRevision((n) => n + 1);
channel?.addEventListener("message", bump);

/** Read inside a computation to re-run it whenever any outbox item changes. */
export const outboxRevision = revision;

/** An outbox item changed here: this tab's screens and the other tabs' re-read. */
export function outboxChanged() {
  bump();
  channel?.postMessage("changed");
}
