import type { Unit, UnitKind } from "@kns/core/model";
import { A, useParams } from "@solidjs/router";
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { FormField } from "../../components/form-field";
import { useMessages, usePageTitle } from "../../i18n";
import { ApiError } from "../../lib/api";
import { useSession } from "../../lib/session";
import { UnitPicker } from "./components/unit-picker";
import { UnitFrame } from "./components/unit-frame";
import { useAdminApi, type UnitWithChildren } from "./lib/admin-api";
import { describeError } from "./lib/errors";
import { adminMessages } from "./messages";

const KINDS: UnitKind[] = ["province", "district", "commune", "village", "team"];
/** What usually sits under each level; only a starting choice, every kind stays available. */
const USUAL_CHILD: Record<UnitKind, UnitKind> = {
  nation: "province",
  province: "commune",
  district: "commune",
  commune: "team",
  village: "team",
  team: "team",
};
const CODE = /^[A-Za-z0-9-]{2,40}$/;
const ID = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** /admin/units/:unitId/manage — rename the unit, add units under it, move it under another parent. */
export default function ManageUnit() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit, reload) => <ManagePanels unit={unit()} reload={reload} />}</UnitFrame>;
}

function ManagePanels(props: { unit: UnitWithChildren; reload: () => Promise<void> }) {
  const t = useMessages(adminMessages);
  const session = useSession();
  usePageTitle(() => t("manage.pageTitle", { unit: props.unit.name }));
  const movable = () => props.unit.id !== session.user()?.unitId && props.unit.parentId !== null;
  return (
    <div class="manage">
      <RenameForm unit={props.unit} reload={props.reload} />
      <Show when={props.unit.kind !== "team"}>
        <CreateChildForm unit={props.unit} reload={props.reload} />
        <ChildrenList unit={props.unit} />
      </Show>
      <Show when={movable()} fallback={<p class="muted panel">{t("manage.cannotMoveOwn")}</p>}>
        <MoveForm unit={props.unit} reload={props.reload} />
      </Show>
    </div>
  );
}

function ChildrenList(props: { unit: UnitWithChildren }) {
  const t = useMessages(adminMessages);
  return (
    <section class="panel" aria-labelledby="children-list-title">
      <h2 id="children-list-title">{t("manage.childrenTitle")}</h2>
      <Show when={props.unit.children.length} fallback={<p class="muted">{t("dashboard.noChildren")}</p>}>
        <ul class="result-list">
          <For each={props.unit.children}>
            {(child) => (
              <li class="result-list__row">
                <span>
                  <span class="result-list__name">{child.name}</span>
                  <span class="cell-note">{t("unit.kindAndCode", { kind: t(`unitKind.${child.kind}`), code: child.code })}</span>
                </span>
                <span class="result-list__actions">
                  <A href={`/admin/units/${encodeURIComponent(child.id)}`}>{t("manage.viewChild")}</A>
                  <A href={`/admin/units/${encodeURIComponent(child.id)}/manage`} aria-label={t("manage.manageChildLabel", { name: child.name })}>
                    {t("manage.manageChild")}
                  </A>
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function RenameForm(props: { unit: UnitWithChildren; reload: () => Promise<void> }) {
  const t = useMessages(adminMessages);
  const api = useAdminApi();
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    setNotice(undefined);
    if (!name || name.length > 120) return setError(t("manage.nameRule"));
    setError(undefined);
    if (name === props.unit.name) return;
    setBusy(true);
    try {
      await api.updateUnit(props.unit.id, { name });
      await props.reload();
      setNotice(t("manage.renamed", { name }));
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="rename-title">
      <h2 id="rename-title">{t("manage.renameTitle")}</h2>
      <form class="form form--tight" novalidate onSubmit={submit}>
        <FormField name="name" label={t("manage.name")} value={props.unit.name} maxLength={120} required error={error()} onInput={() => setError(undefined)} />
        <Button type="submit" variant="secondary" busy={busy()} busyLabel={t("state.saving")}>
          {t("manage.rename")}
        </Button>
      </form>
      <p role="status" class="notice-region">
        {notice()}
      </p>
    </section>
  );
}

function CreateChildForm(props: { unit: UnitWithChildren; reload: () => Promise<void> }) {
  const t = useMessages(adminMessages);
  const api = useAdminApi();
  const kindId = `kind-${createUniqueId()}`;
  const [errors, setErrors] = createSignal<{ code?: string; name?: string }>({});
  const [alert, setAlert] = createSignal<string>();
  const [created, setCreated] = createSignal<Unit>();
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const code = String(data.get("code") ?? "")
      .trim()
      .toUpperCase();
    const name = String(data.get("name") ?? "").trim();
    const kind = String(data.get("kind") ?? "team") as UnitKind;
    const problems = { code: CODE.test(code) ? undefined : t("manage.codeRule"), name: name && name.length <= 120 ? undefined : t("manage.nameRule") };
    setErrors(problems);
    setAlert(undefined);
    setCreated(undefined);
    if (problems.code || problems.name) return form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
    // The id follows the code (as the seeded units do), so pressing again after a dropped connection finds
    // the unit already made instead of making a second one.
    const id = code.toLowerCase();
    setBusy(true);
    try {
      const unit = await api.createChild(props.unit.id, { code, name, kind, ...(ID.test(id) ? { id } : {}) });
      form.reset();
      setCreated(unit);
      await props.reload();
    } catch (err) {
      if (err instanceof ApiError && (err.code === "unit.code_taken" || err.code === "unit.id_taken")) setErrors({ code: describeError(err, t) });
      else setAlert(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="create-title">
      <h2 id="create-title">{t("manage.createTitle", { parent: props.unit.name })}</h2>
      <Alert message={alert()} />
      <form class="form form--tight" novalidate onSubmit={submit} onInput={() => setErrors({})}>
        <FormField name="name" label={t("manage.name")} hint={t("manage.nameHint")} maxLength={120} required error={errors().name} />
        <FormField
          name="code"
          label={t("manage.code")}
          hint={t("manage.codeHint", { example: `${props.unit.code}-` })}
          autocapitalize="characters"
          autocomplete="off"
          spellcheck={false}
          maxLength={40}
          required
          error={errors().code}
        />
        <div class="field">
          <label class="field__label" for={kindId}>
            {t("manage.kind")}
          </label>
          <select id={kindId} name="kind" class="field__input">
            <For each={KINDS}>
              {(kind) => (
                <option value={kind} selected={kind === USUAL_CHILD[props.unit.kind]}>
                  {t(`unitKind.${kind}`)}
                </option>
              )}
            </For>
          </select>
        </div>
        <Button type="submit" busy={busy()} busyLabel={t("state.saving")}>
          {t("manage.create")}
        </Button>
      </form>
      <div role="status" class="notice-region">
        <Show when={created()}>
          {(unit) => (
            <p class="notice">
              {t("manage.created", { name: unit().name })} <A href={`/admin/units/${encodeURIComponent(unit().id)}`}>{t("manage.viewChild")}</A>
            </p>
          )}
        </Show>
      </div>
    </section>
  );
}

function MoveForm(props: { unit: UnitWithChildren; reload: () => Promise<void> }) {
  const t = useMessages(adminMessages);
  const api = useAdminApi();
  const session = useSession();
  const [target, setTarget] = createSignal<Unit>();
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [alert, setAlert] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();

  // Not itself or anything under it (that would make a loop), not a team, not where it already is.
  const selectable = (unit: Unit) => !unit.path.startsWith(props.unit.path) && unit.kind !== "team" && unit.id !== props.unit.parentId;

  async function move() {
    const destination = target();
    if (!destination) return;
    setBusy(true);
    setAlert(undefined);
    try {
      await api.updateUnit(props.unit.id, { parentId: destination.id });
      setNotice(t("manage.moved", { name: props.unit.name, parent: destination.name }));
      setTarget(undefined);
      await props.reload();
    } catch (err) {
      setAlert(describeError(err, t));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="move-title">
      <h2 id="move-title">{t("manage.moveTitle")}</h2>
      <p class="muted">{t("manage.moveIntro")}</p>
      <Alert message={alert()} />
      <UnitPicker
        rootId={session.user()?.unitId ?? props.unit.id}
        legend={t("manage.moveLegend", { name: props.unit.name })}
        selectable={selectable}
        canOpen={(unit) => !unit.path.startsWith(props.unit.path)}
        value={target()}
        onSelect={(unit) => {
          setTarget(unit);
          setConfirming(false);
          setNotice(undefined);
        }}
      />
      <Show when={target()}>
        {(destination) => (
          <Show
            when={confirming()}
            fallback={
              <Button variant="secondary" onClick={() => setConfirming(true)}>
                {t("manage.moveTo", { parent: destination().name })}
              </Button>
            }
          >
            <div class="confirm" role="group" aria-label={t("confirm.label")}>
              <p>{t("manage.moveConfirm", { name: props.unit.name, parent: destination().name })}</p>
              <div class="button-row">
                <Button busy={busy()} busyLabel={t("state.saving")} onClick={() => void move()}>
                  {t("confirm.yesMove")}
                </Button>
                <Button variant="secondary" onClick={() => setConfirming(false)}>
                  {t("action.cancel")}
                </Button>
              </div>
            </div>
          </Show>
        )}
      </Show>
      <p role="status" class="notice-region">
        {notice()}
      </p>
    </section>
  );
}
