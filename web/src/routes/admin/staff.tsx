import { nameProblem, normalisePhone, type ErrorCode, type StaffAppointed, type StaffList, type StaffMember, type StaffRole } from "@kns/core/model";
import { useParams } from "@solidjs/router";
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { ConfirmStep } from "../../components/confirm-step";
import { FormField } from "../../components/form-field";
import { QrCode } from "../../components/qr-code";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { ApiError } from "../../lib/api";
import { dateTime } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { LoadError, UnitFrame } from "./components/unit-frame";
import type { UnitWithChildren } from "./lib/admin-api";
import { describeError } from "./lib/errors";
import { staffMessages, type StaffKey, type StaffTranslate } from "./staff-messages";
import "./staff.css";

const at = (id: string) => encodeURIComponent(id);

/** The staff endpoints (packages/api/src/routes/admin-staff.ts). */
function useStaffApi() {
  const { api } = useSession();
  return {
    list: (unitId: string) => api.request<StaffList>(`/admin/units/${at(unitId)}/staff`),
    appoint: (unitId: string, body: { phone: string; fullName: string; role: StaffRole }) =>
      api.request<StaffAppointed>(`/admin/units/${at(unitId)}/staff`, { method: "POST", body }),
    remove: (unitId: string, userId: string, role: StaffRole) =>
      api.request<void>(`/admin/units/${at(unitId)}/staff/${at(userId)}?role=${role}`, { method: "DELETE" }),
  };
}

const STAFF_ERRORS: Partial<Record<ErrorCode, StaffKey>> = {
  "staff.role_not_allowed": "staff.error.roleNotAllowed",
  "staff.role_above_own": "staff.error.roleAboveOwn",
  "staff.remove_self": "staff.error.removeSelf",
  "staff.last_national_admin": "staff.error.lastNationalAdmin",
  "staff.too_many_roles": "staff.error.tooMany",
};

function explain(error: unknown, t: StaffTranslate) {
  const own = error instanceof ApiError ? STAFF_ERRORS[error.code as ErrorCode] : undefined;
  return own ? t(own) : describeError(error, t);
}

/** /admin/units/:unitId/staff — who holds which role at the unit; appoint (with the activation code, once) and remove. */
export default function Staff() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit) => <StaffPanel unit={unit()} />}</UnitFrame>;
}

interface Issued {
  name: string;
  code: string;
  expiresAt: string;
}

function StaffPanel(props: { unit: UnitWithChildren }) {
  const t = useMessages(staffMessages);
  const api = useStaffApi();
  usePageTitle(() => t("staff.pageTitle", { unit: props.unit.name }));
  const staff = createLoader(
    () => props.unit.id,
    (id) => api.list(id),
  );
  const [notice, setNotice] = createSignal<string>();
  const [issued, setIssued] = createSignal<Issued>();

  return (
    <>
      <section class="panel" aria-labelledby="staff-title">
        <h2 id="staff-title">{t("staff.title")}</h2>
        <p class="muted">{t("staff.intro", { unit: props.unit.name })}</p>
        <p role="status" class="notice-region">
          {notice()}
        </p>
        <Show
          when={staff.data()}
          fallback={
            <Show when={staff.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
              <LoadError error={staff.error()} onRetry={() => void staff.reload()} />
            </Show>
          }
        >
          {(data) => (
            <Show when={data().items.length} fallback={<p class="empty">{t("staff.none")}</p>}>
              <ul class="staff-list" aria-label={t("staff.caption", { unit: props.unit.name })}>
                <For each={data().items}>
                  {(member) => (
                    <StaffRow
                      member={member}
                      unit={props.unit}
                      removable={!member.self && data().grantable.includes(member.role)}
                      onRemoved={async (text) => {
                        // The list first, then the message: "removed" is never read out beside the person still listed.
                        await staff.reload();
                        setNotice(text);
                      }}
                    />
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </section>
      <Show when={issued()}>{(code) => <ActivationSlip issued={code()} onDone={() => setIssued(undefined)} />}</Show>
      <Show when={staff.data()}>
        {(data) => (
          <AppointForm
            unit={props.unit}
            grantable={data().grantable}
            onAppointed={async (text, code) => {
              setIssued(code);
              await staff.reload();
              setNotice(text);
            }}
          />
        )}
      </Show>
    </>
  );
}

function StaffRow(props: { member: StaffMember; unit: UnitWithChildren; removable: boolean; onRemoved: (notice: string) => Promise<void> }) {
  const t = useMessages(staffMessages);
  const api = useStaffApi();
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [alert, setAlert] = createSignal<string>();
  const role = () => t(`role.${props.member.role}`);

  async function remove() {
    setBusy(true);
    setAlert(undefined);
    try {
      await api.remove(props.unit.id, props.member.userId, props.member.role);
      await props.onRemoved(t("staff.removed", { name: props.member.fullName, role: role() }));
    } catch (error) {
      setAlert(explain(error, t));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <li class="staff-list__item">
      <div class="staff-list__who">
        <p class="staff-list__name">
          {props.member.fullName}
          <Show when={props.member.self}>
            <span class="staff-tag">{t("staff.you")}</span>
          </Show>
        </p>
        <p class="muted">
          {role()} · {props.member.phone}
          <Show when={props.member.pending}>
            {" · "}
            <span class="staff-tag staff-tag--pending">{t("staff.pending")}</span>
          </Show>
        </p>
      </div>
      <Alert message={alert()} />
      <Show when={props.removable}>
        <Show
          when={confirming()}
          fallback={
            <Button variant="secondary" aria-label={t("staff.removeLabel", { name: props.member.fullName, role: role() })} onClick={() => setConfirming(true)}>
              {t("staff.remove")}
            </Button>
          }
        >
          <ConfirmStep question={t("staff.removeConfirm", { name: props.member.fullName, role: role(), unit: props.unit.name })}>
            <Button busy={busy()} busyLabel={t("state.working")} onClick={() => void remove()}>
              {t("staff.removeYes")}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t("action.cancel")}
            </Button>
          </ConfirmStep>
        </Show>
      </Show>
    </li>
  );
}

function ActivationSlip(props: { issued: Issued; onDone: () => void }) {
  const t = useMessages(staffMessages);
  const { language } = useI18n();
  const link = (code: string) => `${window.location.origin}/activate?code=${code}`;
  return (
    <section class="panel reset-code" aria-labelledby="slip-title">
      <h2 id="slip-title">{t("staff.codeTitle", { name: props.issued.name })}</h2>
      <p class="muted">{t("staff.codeOnce")}</p>
      {/* Screen readers get the digits one by one: an aria-label on a <p> is not read out. */}
      <p class="reset-code__digits" aria-hidden="true" data-testid="activation-code">
        {props.issued.code}
      </p>
      <p class="visually-hidden">{t("staff.codeLabel", { code: props.issued.code.split("").join(" ") })}</p>
      <p>{t("staff.codeExpires", { when: dateTime(props.issued.expiresAt, language()) })}</p>
      <QrCode class="reset-code__qr" value={link(props.issued.code)} label={t("staff.codeQr", { name: props.issued.name })} />
      <p class="muted">{t("staff.codeHow", { link: `${window.location.origin}/activate` })}</p>
      <Button variant="secondary" onClick={() => props.onDone()}>
        {t("staff.codeDone")}
      </Button>
    </section>
  );
}

function AppointForm(props: { unit: UnitWithChildren; grantable: StaffRole[]; onAppointed: (notice: string, code?: Issued) => Promise<void> }) {
  const t = useMessages(staffMessages);
  const api = useStaffApi();
  const roleId = `role-${createUniqueId()}`;
  const [errors, setErrors] = createSignal<{ phone?: string; name?: string }>({});
  const [alert, setAlert] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const phone = normalisePhone(String(data.get("phone") ?? ""));
    const fullName = String(data.get("fullName") ?? "").trim();
    const role = String(data.get("role") ?? props.grantable[0]) as StaffRole;
    const problems = { phone: phone ? undefined : t("staff.phoneRule"), name: nameProblem(fullName) ? t("staff.nameRule") : undefined };
    setErrors(problems);
    setAlert(undefined);
    if (!phone || problems.name) return form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
    setBusy(true);
    try {
      const appointed = await api.appoint(props.unit.id, { phone, fullName, role });
      form.reset();
      const roleName = t(`role.${role}`);
      await props.onAppointed(
        t(appointed.activationCode ? "staff.appointed" : "staff.appointedExisting", { name: fullName, role: roleName }),
        appointed.activationCode ? { name: fullName, code: appointed.activationCode, expiresAt: appointed.expiresAt ?? "" } : undefined,
      );
    } catch (error) {
      setAlert(explain(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="appoint-title">
      <h2 id="appoint-title">{t("staff.appointTitle")}</h2>
      <Show when={props.grantable.length} fallback={<p class="muted">{t("staff.cannotAppoint")}</p>}>
        <p class="muted">{t("staff.appointIntro")}</p>
        <Alert message={alert()} />
        <form class="form form--tight" novalidate onSubmit={submit} onInput={() => setErrors({})}>
          <FormField
            name="phone"
            type="tel"
            inputmode="tel"
            autocomplete="off"
            label={t("staff.phone")}
            hint={t("staff.phoneHint")}
            required
            error={errors().phone}
          />
          <FormField name="fullName" autocomplete="off" label={t("staff.name")} hint={t("staff.nameHint")} maxLength={100} required error={errors().name} />
          <div class="field">
            <label class="field__label" for={roleId}>
              {t("staff.roleLabel")}
            </label>
            <select id={roleId} name="role" class="field__input">
              <For each={props.grantable}>{(role) => <option value={role}>{t(`role.${role}`)}</option>}</For>
            </select>
          </div>
          <Button type="submit" busy={busy()} busyLabel={t("state.saving")}>
            {t("staff.appoint")}
          </Button>
        </form>
      </Show>
    </section>
  );
}
