import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { FormField } from "../../components/form-field";
import { useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { LearnerPage } from "../../features/learner/learner-page";
import { learnerMessages } from "../../features/learner/messages";
import { hasPin, otherProfiles, PinError, removeProfile, removeSignedOutProfile, setAside, switchTo } from "../../features/profiles/profiles";
import { pinInput, SetPinForm } from "../../features/profiles/set-pin-form";
import { focusFirstInvalid } from "../../lib/form";

/** Asks a set-aside person for their PIN, to switch to them or to remove them from the phone. */
function EnterPinForm(props: { userId: string; name: string; action: "switch" | "remove"; onDone: () => void; onLocked: () => void; onCancel: () => void }) {
  const t = useMessages(learnerMessages);
  const session = useSession();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const pin = String(new FormData(form).get("pin") ?? "");
    if (!/^\d{4,6}$/.test(pin)) {
      setError(t("pin.format"));
      return focusFirstInvalid(form);
    }
    setBusy(true);
    setError(undefined);
    try {
      if (props.action === "switch") await switchTo(session, props.userId, pin);
      else await removeProfile(props.userId, pin);
      props.onDone();
    } catch (err) {
      if (err instanceof PinError && err.code === "pin.locked") return props.onLocked();
      setError(err instanceof PinError ? t("pin.wrong", { count: err.triesLeft }) : t("error.serverBusy"));
      focusFirstInvalid(form);
      form.querySelector<HTMLInputElement>("input")?.select();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form pin-form" novalidate onSubmit={submit}>
      <FormField name="pin" label={t("pin.of", { name: props.name })} error={error()} {...pinInput} autofocus />
      <Button type="submit" busy={busy()} busyLabel={t("pin.checking")}>
        {props.action === "switch" ? t("profiles.switchTo", { name: props.name }) : t("profiles.removeConfirm")}
      </Button>
      <Button variant="secondary" onClick={() => props.onCancel()}>
        {t("action.cancel")}
      </Button>
    </form>
  );
}

/** Something asked for one of the people in the list, named as they were when it was asked. */
type PersonTask = { kind: "sign-in" | "switch" | "remove"; userId: string; name: string };
type Task = { kind: "set-pin" } | { kind: "add" } | PersonTask;

/**
 * Shared phones: who is using the app now, the others kept on this phone, switching with a PIN, adding
 * someone. Open without being signed in too, so the next person can pick themselves after a sign-out.
 * Someone whose set-aside session was dropped (too many wrong PINs) stays listed, to sign in with their password.
 */
export default function ProfilesPage() {
  const t = useMessages(learnerMessages);
  const session = useSession();
  const navigate = useNavigate();
  usePageTitle(() => t("profiles.title"));
  const [task, setTask] = createSignal<Task>();
  /** What the person asked for while their PIN still had to be set; it continues once it is. */
  const [pending, setPending] = createSignal<Task>();
  const [status, setStatus] = createSignal<string>();
  const others = () => otherProfiles(session.user()?.id);
  const mustSetPinFirst = () => Boolean(session.user() && !hasPin(session.user()!.id));
  const taskFor = (userId: string): PersonTask | undefined => {
    const current = task();
    return current && "userId" in current && current.userId === userId ? current : undefined;
  };

  function start(next: Task) {
    setStatus(undefined);
    // Before the phone goes to someone else, the current person needs a PIN to come back to their profile.
    if ((next.kind === "add" || next.kind === "sign-in" || next.kind === "switch") && mustSetPinFirst()) {
      setTask({ kind: "set-pin" });
      setPending(next);
      return;
    }
    if (next.kind === "add" || next.kind === "sign-in") {
      void handOver();
      return;
    }
    setTask(next);
  }

  /** The sign-in screen for the next person; whoever uses the phone now is set aside first. */
  async function handOver() {
    await setAside(session);
    navigate("/sign-in");
  }

  function removeSignedOut(done: PersonTask) {
    removeSignedOutProfile(done.userId);
    setTask(undefined);
    setStatus(t("profiles.removed", { name: done.name }));
  }

  return (
    <LearnerPage>
      <div class="page profiles">
        <h1>{t("profiles.title")}</h1>
        <p class="lead">{t("profiles.intro")}</p>
        <Alert message={status()} />

        <Show when={session.user()}>
          {(user) => (
            <section class="profile-current" aria-labelledby="profile-current-title">
              <h2 id="profile-current-title">{t("profiles.current")}</h2>
              <p class="profile-name">{user().fullName}</p>
              <p class="muted">{hasPin(user().id) ? t("profiles.hasPin") : t("profiles.noPin")}</p>
              <Show
                when={task()?.kind === "set-pin"}
                fallback={
                  <Button variant="secondary" onClick={() => setTask({ kind: "set-pin" })}>
                    {hasPin(user().id) ? t("pin.change") : t("pin.set")}
                  </Button>
                }
              >
                <SetPinForm
                  user={user()}
                  intro={pending() ? t("pin.needed") : undefined}
                  onCancel={() => {
                    setTask(undefined);
                    setPending(undefined);
                  }}
                  onDone={() => {
                    setTask(undefined);
                    setStatus(undefined);
                    const next = pending();
                    setPending(undefined);
                    if (next) start(next);
                    else setStatus(t("pin.saved"));
                  }}
                />
              </Show>
            </section>
          )}
        </Show>

        <section aria-labelledby="profile-others-title">
          <h2 id="profile-others-title">{t("profiles.others")}</h2>
          <Show when={others().length} fallback={<p class="muted">{t("profiles.none")}</p>}>
            <ul class="profile-list" role="list">
              <For each={others().map((p) => p.user.id)}>
                {(id) => (
                  <Show when={others().find((p) => p.user.id === id)}>
                    {(profile) => {
                      const named = (kind: "sign-in" | "switch" | "remove") => ({ kind, userId: id, name: profile().user.fullName });
                      return (
                        <li class="profile-item">
                          <p class="profile-name">{profile().user.fullName}</p>
                          <Show when={profile().needsPassword}>
                            <p class="notice notice--warning">{t("profiles.needsPassword")}</p>
                          </Show>
                          <Switch
                            fallback={
                              <div class="button-row">
                                <Show
                                  when={profile().needsPassword}
                                  fallback={<Button onClick={() => start(named("switch"))}>{t("profiles.switchTo", { name: profile().user.fullName })}</Button>}
                                >
                                  <Button onClick={() => start(named("sign-in"))}>{t("profiles.signInAgain")}</Button>
                                </Show>
                                <Button variant="secondary" onClick={() => start(named("remove"))}>
                                  {t("profiles.remove")}
                                </Button>
                              </div>
                            }
                          >
                            <Match when={profile().needsPassword && taskFor(id)?.kind === "remove" && taskFor(id)} keyed>
                              {(removing) => (
                                <div class="button-row">
                                  <Button onClick={() => removeSignedOut(removing)}>{t("profiles.removeConfirm")}</Button>
                                  <Button variant="secondary" onClick={() => setTask(undefined)}>
                                    {t("action.cancel")}
                                  </Button>
                                </div>
                              )}
                            </Match>
                            <Match when={!profile().needsPassword && taskFor(id)} keyed>
                              {({ kind, userId, name }) => (
                                <EnterPinForm
                                  userId={userId}
                                  name={name}
                                  action={kind === "remove" ? "remove" : "switch"}
                                  onCancel={() => setTask(undefined)}
                                  onLocked={() => {
                                    setTask(undefined);
                                    setStatus(t("pin.locked", { name }));
                                  }}
                                  onDone={() => {
                                    setTask(undefined);
                                    if (kind === "remove") setStatus(t("profiles.removed", { name }));
                                    else navigate("/");
                                  }}
                                />
                              )}
                            </Match>
                          </Switch>
                        </li>
                      );
                    }}
                  </Show>
                )}
              </For>
            </ul>
          </Show>
        </section>

        <section aria-labelledby="profile-add-title">
          <h2 id="profile-add-title">{t("profiles.addTitle")}</h2>
          <p class="muted">{t("profiles.addHint")}</p>
          <Show
            when={session.user()}
            fallback={
              <A class="button button--primary" href="/sign-in">
                {t("profiles.signIn")}
              </A>
            }
          >
            <Button onClick={() => start({ kind: "add" })}>{t("profiles.add")}</Button>
          </Show>
        </section>
      </div>
    </LearnerPage>
  );
}
