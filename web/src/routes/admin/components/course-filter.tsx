import type { CourseCard } from "@kns/core/model";
import { createUniqueId, For } from "solid-js";
import { useMessages } from "../../../i18n";
import { adminMessages } from "../messages";

/** Which course the figures are about; kept in the address (`?course=`) so drilling down keeps the choice. */
export function CourseFilter(props: { courses: CourseCard[]; value: string | undefined; onChange: (courseId: string | undefined) => void }) {
  const t = useMessages(adminMessages);
  const id = `course-filter-${createUniqueId()}`;
  return (
    <div class="field course-filter no-print">
      <label class="field__label" for={id}>
        {t("course.filter")}
      </label>
      <select id={id} class="field__input" value={props.value ?? ""} onChange={(event) => props.onChange(event.currentTarget.value || undefined)}>
        <option value="">{t("course.all")}</option>
        <For each={props.courses}>{(course) => <option value={course.id}>{course.title}</option>}</For>
      </select>
    </div>
  );
}
