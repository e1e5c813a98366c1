import type { Unit } from "@kns/core/model";
import { useNavigate, useParams } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { CourseStatus, lastActivityText, memberScore } from "./components/team-view";
import { Nudge } from "./components/nudge";
import { QrCode } from "../../components/qr-code";
import { UnitPicker } from "./components/unit-picker";
import { LoadError, NotFound, UnitFrame } from "./components/unit-frame";
import { useAdminApi, type TeamMember, type UnitWithChildren } from "./lib/admin-api";
import { describeError, isNotFound } from "./lib/errors";
import { dateTime, formatNumber } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { holdsMembers, isAdmin } from "./lib/roles";
import { adminMessages, reminderText } from "./messages";

/** /admin/units/:unitId/members/:userId — one member's progress per course, and what an admin can do for them. */
export default function MemberPage() {
  const params = useParams<{ unitId: string; userId: string }>();
  return (
    <UnitFrame unitId={params.unitId} subPage>
      {(unit) => <MemberDetail unit={unit()} userId={params.userId} />}
    </UnitFrame>
  );
}

function MemberDetail(props: { unit: UnitWithChildren; userId: string }) {
  const t = useMessages(adminMessages);
  const api = useAdminApi();
  const session = useSession();
  const team = createLoader(
    () => props.unit.id,
    (unitId) => api.members(unitId),
  );
  const member = createMemo(() => team.data()?.members.find((candidate) => candidate.id === props.userId));
  usePageTitle(() => member()?.fullName ?? t("member.title"));

  return (
    <Show
      when={team.data()}
      fallback={
        <Show when={team.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
          {(error) =>
            isNotFound(error()) ? <NotFound message={t("error.memberNotFound")} /> : <LoadError error={error()} onRetry={() => void team.reload()} />
          }
        </Show>
      }
    >
      <Show when={member()} fallback={<NotFound message={t("error.memberNotFound")} />}>
        {(person) => (
          <div class="member-page">
            <MemberSummary member={person()} courses={team.data()!.courses} />
            <Show when={isAdmin(session.user())} fallback={<MemberNudge member={person()} courses={team.data()!.courses} />}>
              <MemberActions member={person()} unit={props.unit} onChanged={() => void team.reload()} />
            </Show>
          </div>
        )}
      </Show>
    </Show>
  );
}

function MemberSummary(props: { member: TeamMember; courses: { id: string; title: string }[] }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const score = () => memberScore(props.member);
  return (
    <section class="panel" aria-labelledby="member-title">
      <h2 id="member-title">{props.member.fullName}</h2>
      <dl class="facts">
        <div>
          <dt>{t("member.phone")}</dt>
          <dd>{props.member.phone}</dd>
        </div>
        <div>
          <dt>{t("member.roles")}</dt>
          <dd>{props.member.roles.map((role) => t(`role.${role}`)).join(", ")}</dd>
        </div>
        <div>
          <dt>{t("member.state")}</dt>
          <dd>{!props.member.active ? t("member.inactive") : props.member.pending ? t("member.pending") : t("member.activeState")}</dd>
        </div>
        <div>
          <dt>{t("col.lastActivity")}</dt>
          <dd>{lastActivityText(t, props.member.lastActivityAt)}</dd>
        </div>
        <div>
          <dt>{t("col.score")}</dt>
          <dd>{score() === null ? "—" : t("format.percent", { value: formatNumber(score()!, language()) })}</dd>
        </div>
      </dl>
      <div class="table-scroll" tabindex="0" role="region" aria-label={t("member.coursesTitle")}>
        <table class="table">
          <caption>{t("member.coursesTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("col.course")}</th>
              <th scope="col">{t("col.status")}</th>
              <th scope="col" class="num">
                {t("col.score")}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.courses}>
              {(course) => {
                const progress = () => props.member.courses[course.id];
                return (
                  <tr>
                    <th scope="row">{course.title}</th>
                    <td>
                      <CourseStatus progress={progress()} />
                    </td>
                    <td class="num">
                      {progress()?.averageScore == null ? "—" : t("format.percent", { value: formatNumber(progress()!.averageScore!, language()) })}
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MemberNudge(props: { member: TeamMember; courses: { id: string; title: string }[] }) {
  const t = useMessages(adminMessages);
  const session = useSession();
  const open = () => props.courses.filter((course) => !props.member.courses[course.id]?.completed);
  const params = () => ({
    name: props.member.fullName,
    count: open().length,
    courses: open()
      .map((course) => course.title)
      .join(", "),
    link: `${window.location.origin}/`,
    sender: session.user()?.fullName ?? "",
  });
  return (
    <Show when={open().length} fallback={<p class="empty">{t("nudge.allDone", { name: props.member.fullName })}</p>}>
      <Nudge
        title={t("nudge.memberTitle", { name: props.member.fullName })}
        message={reminderText("nudge.memberMessage", params())}
        translation={t("nudge.memberMessage", params())}
      />
    </Show>
  );
}

/** Reset code, team change, team-leader role, deactivation: each confirmed and reported in place. */
function MemberActions(props: { member: TeamMember; unit: UnitWithChildren; onChanged: () => void }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const api = useAdminApi();
  const session = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = createSignal<string>();
  const [message, setMessage] = createSignal<{ text: string; error: boolean }>();
  const [resetCode, setResetCode] = createSignal<{ code: string; expiresAt: string }>();
  const [target, setTarget] = createSignal<Unit>();
  const [confirming, setConfirming] = createSignal<"deactivate" | "move">();
  const leader = () => props.member.roles.includes("team-leader");

  async function run(action: string, work: () => Promise<unknown>, done: string) {
    setBusy(action);
    setMessage(undefined);
    try {
      await work();
      setMessage({ text: done, error: false });
      return true;
    } catch (error) {
      setMessage({ text: describeError(error, t), error: true });
      return false;
    } finally {
      setBusy(undefined);
      setConfirming(undefined);
    }
  }

  const pending = () => Boolean(props.member.pending);
  const issueCode = () =>
    run("reset", async () => setResetCode(await (pending() ? api.activationCode(props.member.id) : api.resetCode(props.member.id))), t("member.resetIssued"));
  const activationLink = (code: string) => `${window.location.origin}/activate?code=${code}`;

  const toggleLeader = async () => {
    const roles: ("member" | "team-leader")[] = leader() ? ["member"] : ["member", "team-leader"];
    if (await run("role", () => api.updateMember(props.member.id, { roles }), leader() ? t("member.leaderRemoved") : t("member.leaderGiven")))
      props.onChanged();
  };

  const setActive = async (active: boolean) => {
    if (await run("active", () => api.updateMember(props.member.id, { active }), active ? t("member.reactivated") : t("member.deactivated"))) props.onChanged();
  };

  const move = async () => {
    const destination = target();
    if (!destination) return;
    const ok = await run("move", () => api.updateMember(props.member.id, { unitId: destination.id }), t("member.moved", { team: destination.name }));
    if (ok) navigate(`/admin/units/${encodeURIComponent(destination.id)}/members/${encodeURIComponent(props.member.id)}`);
  };

  return (
    <section class="panel member-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("member.actions")}</h2>
      <div role="status" aria-live="polite">
        <Show when={message()}>{(shown) => <p class={shown().error ? "alert" : "notice"}>{shown().text}</p>}</Show>
      </div>

      <div class="action-block">
        <h3>{pending() ? t("member.activationTitle") : t("member.resetTitle")}</h3>
        <p class="muted">{pending() ? t("member.activationIntro") : t("member.resetIntro")}</p>
        <Show when={resetCode()}>
          {(issued) => (
            <div class="reset-code">
              {/* Screen readers get the digits one by one: an aria-label on a <p> is not read out. */}
              <p class="reset-code__digits" aria-hidden="true">
                {issued().code}
              </p>
              <p class="visually-hidden">{t("member.resetCodeLabel", { code: issued().code.split("").join(" ") })}</p>
              <p>{t("member.resetExpires", { when: dateTime(issued().expiresAt, language()) })}</p>
              <Show when={pending()} fallback={<p class="muted">{t("member.resetHow", { link: `${window.location.origin}/reset-password` })}</p>}>
                <QrCode class="reset-code__qr" value={activationLink(issued().code)} label={t("member.activationQr", { name: props.member.fullName })} />
                <p class="muted">{t("member.activationHow", { link: `${window.location.origin}/activate` })}</p>
              </Show>
            </div>
          )}
        </Show>
        <Button variant="secondary" busy={busy() === "reset"} busyLabel={t("state.working")} onClick={() => void issueCode()}>
          {resetCode() ? t("member.resetAgain") : pending() ? t("member.activationIssue") : t("member.resetIssue")}
        </Button>
      </div>

      <div class="action-block">
        <h3>{t("member.roleTitle")}</h3>
        <p class="muted">{leader() ? t("member.isLeader") : t("member.notLeader")}</p>
        <Button variant="secondary" busy={busy() === "role"} busyLabel={t("state.working")} onClick={() => void toggleLeader()}>
          {leader() ? t("member.removeLeader") : t("member.makeLeader")}
        </Button>
      </div>

      <div class="action-block">
        <h3>{t("member.moveTitle")}</h3>
        <UnitPicker
          rootId={session.user()?.unitId ?? props.unit.id}
          legend={t("member.moveLegend")}
          hint={t("member.moveHint")}
          selectable={(unit) => holdsMembers(unit.kind) && unit.id !== props.unit.id}
          value={target()}
          onSelect={(unit) => {
            setTarget(unit);
            setConfirming(undefined);
          }}
        />
        <Show when={target()}>
          {(destination) => (
            <Show
              when={confirming() === "move"}
              fallback={
                <Button variant="secondary" onClick={() => setConfirming("move")}>
                  {t("member.moveTo", { team: destination().name })}
                </Button>
              }
            >
              <div class="confirm" role="group" aria-label={t("confirm.label")}>
                <p>{t("member.moveConfirm", { name: props.member.fullName, from: props.unit.name, to: destination().name })}</p>
                <div class="button-row">
                  <Button busy={busy() === "move"} busyLabel={t("state.working")} onClick={() => void move()}>
                    {t("confirm.yesMove")}
                  </Button>
                  <Button variant="secondary" onClick={() => setConfirming(undefined)}>
                    {t("action.cancel")}
                  </Button>
                </div>
              </div>
            </Show>
          )}
        </Show>
      </div>

      <div class="action-block">
        <h3>{t("member.accountTitle")}</h3>
        <Show
          when={props.member.active}
          fallback={
            <>
              <p class="muted">{t("member.inactiveIntro")}</p>
              <Button variant="secondary" busy={busy() === "active"} busyLabel={t("state.working")} onClick={() => void setActive(true)}>
                {t("member.reactivate")}
              </Button>
            </>
          }
        >
          <p class="muted">{t("member.deactivateIntro")}</p>
          <Show
            when={confirming() === "deactivate"}
            fallback={
              <Button variant="secondary" class="button--danger" onClick={() => setConfirming("deactivate")}>
                {t("member.deactivate")}
              </Button>
            }
          >
            <div class="confirm" role="group" aria-label={t("confirm.label")}>
              <p>{t("member.deactivateConfirm", { name: props.member.fullName })}</p>
              <div class="button-row">
                <Button class="button--danger-solid" busy={busy() === "active"} busyLabel={t("state.working")} onClick={() => void setActive(false)}>
                  {t("confirm.yesDeactivate")}
                </Button>
                <Button variant="secondary" onClick={() => setConfirming(undefined)}>
                  {t("action.cancel")}
                </Button>
              </div>
            </div>
          </Show>
        </Show>
      </div>
    </section>
  );
}
