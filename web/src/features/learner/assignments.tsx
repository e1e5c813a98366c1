import type { Assignment } from "@kns/core/model";
import { daysBetween, vietnamDay } from "@kns/core/model";
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { useMessages } from "../../i18n";
import { homeMessages } from "../../i18n/home";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { loadAssignments } from "../offline/library";
import { usePhonePercent } from "./learner-page";

/** 30/06 (or 30/06/2027 when not this year): how due dates are said in Vietnam. */
function shortDate(day: string, today: string) {
  const [year, month, date] = day.split("-");
  return today.startsWith(year!) ? `${date}/${month}` : `${date}/${month}/${year}`;
}

/**
 * "Assigned to you, due 30/06": the courses campaigns ask of the learner, first on the home screen. Read from
 * the phone's copy at once and refreshed from the network, so it shows offline; a course finished on the phone
 * but not yet synced counts as done.
 */
export function Assignments() {
  const t = useMessages(homeMessages);
  const session = useSession();
  const assignments = createLoader(
    () => session.user()?.id,
    (id, early) => loadAssignments(id, session.api, early),
  );
  const phonePercent = usePhonePercent();
  const today = () => vietnamDay(new Date());
  const done = (item: Assignment) => item.completed || phonePercent(item.courseId, 0) === 100;
  const items = () => {
    const all = assignments.data()?.data.items ?? [];
    // One line per course: a course two campaigns ask for shows the nearest due date.
    const seen = new Set<string>();
    return all.filter((item) => !seen.has(item.courseId) && seen.add(item.courseId));
  };
  const dueNote = (item: Assignment) => {
    if (done(item)) return t("home.assignedDone");
    const left = daysBetween(today(), item.dueOn);
    if (left < 0) return t("home.assignedOverdue", { date: shortDate(item.dueOn, today()) });
    if (left === 0) return t("home.assignedToday");
    return t("home.assignedDue", { date: shortDate(item.dueOn, today()), days: left });
  };

  return (
    <Show when={items().length}>
      <section class="assignments" aria-labelledby="assignments-title">
        <h2 id="assignments-title">{t("home.assignedTitle")}</h2>
        <ul class="assignments__list" role="list">
          <For each={items()}>
            {(item) => (
              <li
                class="assignments__item"
                classList={{ "assignments__item--done": done(item), "assignments__item--late": !done(item) && item.dueOn < today() }}
              >
                <A href={`/courses/${encodeURIComponent(item.courseId)}`} class="assignments__link">
                  {item.courseTitle}
                </A>
                <span class="assignments__due">{dueNote(item)}</span>
                <span class="assignments__campaign">{t("home.assignedBy", { campaign: item.title })}</span>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
