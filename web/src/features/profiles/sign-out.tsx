import { createSignal, Match, Show, Switch } from "solid-js";
import { Button } from "../../components/button";
import { ConfirmStep } from "../../components/confirm-step";
import { useMessages } from "../../i18n";
import { useSession } from "../../lib/session";
import { useWaitingCount } from "../learner/learner-page";
import { learnerMessages } from "../learner/messages";
import { listDownloads } from "../offline/downloads";
import { forgetShownLesson } from "../offline/stored-lesson";
import { outbox } from "../offline/sync";
import { forgetProfile, hasPin, setAside } from "./profiles";
import { SetPinForm } from "./set-pin-form";

/**
 * Signing out on a shared phone, where the network may be gone. Someone with a PIN is set aside, not forgotten:
 * their downloads, resume points and unsent work stay, and their name and PIN bring them back offline (their
 * session is sealed to the PIN, features/profiles). Someone without one is offered to set it now. Before either,
 * the unsent work is counted out loud; signing out completely (the old way) stays one tap further.
 * Nothing to keep (no PIN, no downloads, nothing unsent): it signs out at once, as before.
 */
export function SignOut() {
  const t = useMessages(learnerMessages);
  const session = useSession();
  const waiting = useWaitingCount();
  const [step, setStep] = createSignal<"ask" | "set-pin">();
  const [busy, setBusy] = createSignal<"park" | "forget">();
  const pin = () => Boolean(session.user() && hasPin(session.user()!.id));

  /** Asks when there is something to keep or to warn about; otherwise signs out as it always did. */
  async function start() {
    const user = session.user();
    const [downloads, items] = user ? await Promise.all([listDownloads(user.id).catch(() => []), outbox.list(user.id).catch(() => [])]) : [[], []];
    if (pin() || downloads.length > 0 || items.some((item) => item.state === "waiting")) setStep("ask");
    else await forget();
  }

  /** Set aside behind the PIN; the sign-in guard then shows the sign-in screen with "choose a person". */
  async function park() {
    setBusy("park");
    try {
      await setAside(session);
    } finally {
      setBusy(undefined);
    }
  }

  async function forget() {
    const user = session.user();
    setBusy("forget");
    if (user) {
      forgetProfile(user.id);
      forgetShownLesson(user.id);
    }
    await session.signOut();
  }

  return (
    <div class="sign-out">
      <Switch>
        <Match when={step() === "set-pin" && session.user()}>
          {(user) => (
            <section class="sign-out__pin" aria-labelledby="sign-out-pin-title">
              <h2 id="sign-out-pin-title">{t("signOut.pinTitle")}</h2>
              <SetPinForm user={user()} intro={t("signOut.pinIntro")} submitLabel={t("signOut.pinSubmit")} onDone={park} onCancel={() => setStep("ask")} />
            </section>
          )}
        </Match>
        <Match when={step() === "ask"}>
          <ConfirmStep
            question={t("signOut.question")}
            details={
              <>
                <Show when={waiting() > 0}>
                  <p class="sign-out__waiting">{t("signOut.waiting", { count: waiting() })}</p>
                </Show>
                <p>{pin() ? t("signOut.keepWithPin") : t("signOut.offerPin")}</p>
                <p class="muted">{waiting() > 0 ? t("signOut.forgetWaiting", { count: waiting() }) : t("signOut.forgetNote")}</p>
              </>
            }
          >
            <Show when={pin()} fallback={<Button onClick={() => setStep("set-pin")}>{t("signOut.setPinFirst")}</Button>}>
              <Button busy={busy() === "park"} busyLabel={t("signOut.busy")} onClick={() => void park()}>
                {t("signOut.park")}
              </Button>
            </Show>
            <Button variant="secondary" busy={busy() === "forget"} busyLabel={t("signOut.busy")} onClick={() => void forget()}>
              {t("signOut.forget")}
            </Button>
            <Button variant="secondary" onClick={() => setStep(undefined)}>
              {t("action.cancel")}
            </Button>
          </ConfirmStep>
        </Match>
        <Match when={!step()}>
          <Button variant="secondary" busy={Boolean(busy())} busyLabel={t("signOut.busy")} onClick={() => void start()}>
            {t("signOut.start")}
          </Button>
        </Match>
      </Switch>
    </div>
  );
}
