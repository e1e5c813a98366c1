import { CHANNELS, type ChannelName, type NotificationPreferences } from "@kns/core/model";
import { createSignal, For, Show } from "solid-js";
import { Alert } from "../../components/alert";
import { useMessages } from "../../i18n";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { fromBase64Url } from "../base64url";
import { notifyMessages } from "./messages";

/**
 * The version of the consent wording below (`notify.consent` in messages.vi.ts / messages.en.ts): the server
 * records it with the time the person agreed. Change it whenever that wording changes.
 */
export const CONSENT_VERSION = "2026-12";

type PushProblem = "notify.pushUnsupported" | "notify.pushBlocked";

const pushSupported = () => typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

/**
 * Subscribes this browser to push with the deployment's VAPID key and registers the subscription with the
 * server. The permission prompt comes from the person's own tap, as browsers require.
 */
async function subscribeThisBrowser(vapidPublicKey: string, post: (subscription: PushSubscriptionJSON) => Promise<unknown>): Promise<PushProblem | undefined> {
  if (!pushSupported()) return "notify.pushUnsupported";
  if ((await Notification.requestPermission()) !== "granted") return "notify.pushBlocked";
  const registration = await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64Url(vapidPublicKey) }));
  await post(subscription.toJSON());
  return undefined;
}

async function unsubscribeThisBrowser(remove: (endpoint: string) => Promise<unknown>) {
  if (!pushSupported()) return;
  const subscription = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
  if (!subscription) return;
  await remove(subscription.endpoint);
  await subscription.unsubscribe();
}

/** A section of the account screen: the three channels, each on only with the person's consent. */
export default function NotificationSettings() {
  const t = useMessages(notifyMessages);
  const session = useSession();
  const prefs = createLoader(
    () => session.user()?.id,
    () => session.api.request<NotificationPreferences>("/me/notifications"),
  );
  const [busy, setBusy] = createSignal<ChannelName>();
  const [problem, setProblem] = createSignal<string>();
  const [pushProblem, setPushProblem] = createSignal<PushProblem | undefined>(
    !pushSupported() ? "notify.pushUnsupported" : Notification.permission === "denied" ? "notify.pushBlocked" : undefined,
  );

  const unavailableReason = (channel: ChannelName, current: NotificationPreferences) => {
    if (!current.available[channel] || (channel === "push" && !current.vapidPublicKey)) return t("notify.unavailable");
    const push = channel === "push" ? pushProblem() : undefined;
    return push ? t(push) : undefined;
  };

  async function toggle(channel: ChannelName, input: HTMLInputElement, current: NotificationPreferences) {
    const enabled = input.checked;
    setBusy(channel);
    setProblem(undefined);
    try {
      if (channel === "push") {
        if (enabled) {
          const refused = await subscribeThisBrowser(current.vapidPublicKey ?? "", (subscription) =>
            session.api.request("/me/push-subscriptions", { method: "POST", body: subscription }),
          );
          setPushProblem(refused);
          if (refused) return;
        } else {
          await unsubscribeThisBrowser((endpoint) => session.api.request("/me/push-subscriptions", { method: "DELETE", body: { endpoint } }));
        }
      }
      prefs.set(
        await session.api.request<NotificationPreferences>(`/me/notifications/${channel}`, {
          method: "PUT",
          body: { enabled, consentVersion: CONSENT_VERSION },
        }),
      );
    } catch {
      setProblem(t("notify.failed"));
    } finally {
      setBusy(undefined);
      // A refused or failed change leaves the switch as the server has it.
      input.checked = prefs.data()?.channels[channel].enabled ?? false;
    }
  }

  return (
    <section aria-labelledby="notify-title">
      <h2 id="notify-title">{t("notify.title")}</h2>
      <p class="muted">{t("notify.intro")}</p>
      <p class="consent">{t("notify.consent")}</p>
      <Alert message={problem()} />
      <Show when={prefs.data()} fallback={<p class="muted">{t("app.loading")}</p>}>
        {(current) => (
          <For each={CHANNELS}>
            {(channel) => {
              const reason = () => unavailableReason(channel, current());
              const setting = () => current().channels[channel];
              return (
                <div>
                  <label class="checkbox">
                    <input
                      type="checkbox"
                      role="switch"
                      aria-checked={setting().enabled}
                      checked={setting().enabled}
                      // A channel that became unavailable can still be turned off.
                      disabled={(Boolean(reason()) && !setting().enabled) || busy() !== undefined}
                      aria-describedby={`notify-${channel}-hint`}
                      onChange={(event) => void toggle(channel, event.currentTarget, current())}
                    />
                    <span>
                      {t(`notify.channel.${channel}`)}
                      <Show when={busy() === channel}> – {t("notify.saving")}</Show>
                    </span>
                  </label>
                  <p class="muted" id={`notify-${channel}-hint`}>
                    {reason() ?? t(`notify.channel.${channel}Hint`)}
                    <Show when={channel === "push" && setting().enabled && setting().devices}>
                      {(devices) => <> {t("notify.devices", { count: devices() })}</>}
                    </Show>
                  </p>
                </div>
              );
            }}
          </For>
        )}
      </Show>
    </section>
  );
}
