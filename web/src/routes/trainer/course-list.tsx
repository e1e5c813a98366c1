import { CONTENT_LIMITS as L } from "@kns/core/model";
import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { FormField } from "../../components/form-field";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { ApiError, NetworkError } from "../../lib/api";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { authoring, downloadJson, type Authoring } from "./api";
import { Dialog } from "./dialog";
import { DuplicateDialog } from "./duplicate-dialog";
import { readEdits } from "./editor/state";
import { dateTime } from "../../lib/format";
import { trainerMessages } from "./messages";
import { COURSE_ID, slugify, TOPICS, type Audience, type AuthoringCourse, type Topic } from "./model";
import { lessonsDue, vietnamToday } from "@kns/core/model";
import { SelectField } from "./select-field";

/** Every course a trainer can edit, published or not, newest change first. */
export default function CourseList() {
  const t = useMessages(trainerMessages);
  const { language } = useI18n();
  const session = useSession();
  const api = authoring(session.api);
  usePageTitle(() => t("list.title"));
  const courses = createLoader(
    () => session.user()?.id,
    async () => (await api.list()).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
  );
  const [creating, setCreating] = createSignal(false);
  const [duplicating, setDuplicating] = createSignal<AuthoringCourse>();
  const [message, setMessage] = createSignal<string>();

  async function download(course: AuthoringCourse) {
    setMessage(undefined);
    try {
      downloadJson(await api.bundle(course.id), `${course.id}.kns.json`);
    } catch (error) {
      setMessage(error instanceof NetworkError ? t("error.network") : t("error.serverBusy"));
    }
  }

  const loadProblem = (error: unknown) =>
    error instanceof NetworkError ? t("error.network") : error instanceof ApiError && error.status === 403 ? t("area.forbidden") : t("error.serverBusy");
  /** Lessons last reviewed more than REVIEW_DUE_MONTHS ago (or never), counted on the course's catalogue entry. */
  const today = vietnamToday();
  const reviewDue = (course: AuthoringCourse) => (course.reviewDates ? lessonsDue(course.reviewDates, today) : 0);
  const status = (course: AuthoringCourse) =>
    course.latestVersion > 0 ? t("list.published", { n: course.latestVersion }) : course.versionCount > 0 ? t("list.allWithdrawn") : t("list.draftOnly");

  return (
    <div class="t-page">
      <div class="t-list__head">
        <div>
          <h1>{t("list.title")}</h1>
          <p class="lead">{t("list.intro")}</p>
        </div>
        <Button class="t-list__create" onClick={() => setCreating(true)}>
          + {t("list.create")}
        </Button>
      </div>
      <p>
        <A class="button button--secondary" href="/trainer/reviews">
          {t("list.reviews")}
        </A>
      </p>
      <Alert message={message()} />
      <Switch>
        <Match when={courses.error()}>
          <div class="t-card">
            <p class="alert" role="alert">
              {loadProblem(courses.error())}
            </p>
            <Button variant="secondary" onClick={() => void courses.reload()}>
              {t("action.retry")}
            </Button>
          </div>
        </Match>
        <Match when={courses.loading() && !courses.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Match>
        <Match when={courses.data()?.length === 0}>
          <p class="empty">{t("list.empty")}</p>
        </Match>
        <Match when={courses.data()}>
          {(list) => (
            <ul class="t-course-list">
              <For each={list()}>
                {(course) => (
                  <li class="t-card t-course">
                    <div class="t-course__main">
                      <h2 class="t-course__title">
                        <A href={`/trainer/courses/${course.id}`}>{course.title}</A>
                      </h2>
                      <p class="muted t-course__meta">
                        <span class="t-badge">{t(`topic.${course.topic}`)}</span>{" "}
                        <span class={course.latestVersion > 0 ? "t-status t-status--live" : "t-status"}>{status(course)}</span>
                        <Show when={course.publishRequest?.status === "pending"}>
                          {" · "}
                          <span class="t-status">{t("request.pending", { n: course.publishRequest!.draftRevision })}</span>
                        </Show>
                        <Show when={!course.mayEdit}>
                          {" · "}
                          <span class="t-status">{t("list.readOnly")}</span>
                        </Show>
                        {" · "}
                        {t("list.updated", { date: dateTime(course.updatedAt, language()) })}
                        {" · "}
                        <code>{course.id}</code>
                      </p>
                      <Show when={readEdits(course.id)}>
                        <p class="t-unsaved">{t("list.unsavedHere")}</p>
                      </Show>
                      <Show when={course.reviewDates} fallback={<p class="t-review-due">{t("list.reviewUnknown")}</p>}>
                        <Show when={reviewDue(course)}>{(n) => <p class="t-review-due">{t("list.reviewDue", { n: n() })}</p>}</Show>
                      </Show>
                    </div>
                    <div class="t-course__actions">
                      <A class="button button--primary" href={`/trainer/courses/${course.id}`} aria-label={t("list.editNamed", { name: course.title })}>
                        {t("list.edit")}
                      </A>
                      <A
                        class="button button--secondary"
                        href={`/trainer/courses/${course.id}/history`}
                        aria-label={t("list.historyNamed", { name: course.title })}
                      >
                        {t("editor.history")}
                      </A>
                      <Show when={course.mayEdit && course.latestVersion > 0}>
                        <A
                          class="button button--secondary"
                          href={`/trainer/courses/${course.id}/analytics`}
                          aria-label={t("analytics.linkNamed", { name: course.title })}
                        >
                          {t("analytics.link")}
                        </A>
                      </Show>
                      <Button variant="secondary" aria-label={t("list.duplicateNamed", { name: course.title })} onClick={() => setDuplicating(course)}>
                        {t("editor.duplicate")}
                      </Button>
                      <Button variant="secondary" aria-label={t("list.downloadNamed", { name: course.title })} onClick={() => download(course)}>
                        {t("editor.download")}
                      </Button>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Match>
      </Switch>
      <Show when={creating()}>
        <CreateDialog api={api} onClose={() => setCreating(false)} />
      </Show>
      <Show when={duplicating()}>
        {(course) => <DuplicateDialog open api={api} source={{ id: course().id, title: course().title }} onClose={() => setDuplicating(undefined)} />}
      </Show>
    </div>
  );
}

/** A new course starts as a draft with its basic facts; modules and lessons are added in the editor. */
function CreateDialog(props: { api: Authoring; onClose: () => void }) {
  const t = useMessages(trainerMessages);
  const navigate = useNavigate();
  const [title, setTitle] = createSignal("");
  const [id, setId] = createSignal("");
  const [idEdited, setIdEdited] = createSignal(false);
  const [summary, setSummary] = createSignal("");
  const [topic, setTopic] = createSignal<Topic>("cyber-safety");
  const [audience, setAudience] = createSignal<Audience>("members");
  const [language, setLanguage] = createSignal<"vi" | "en">("vi");
  const [errors, setErrors] = createSignal<{ title?: string; id?: string; summary?: string; form?: string }>({});
  const [busy, setBusy] = createSignal(false);
  const courseId = () => (idEdited() ? id() : slugify(title()));

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const next: { title?: string; id?: string; summary?: string } = {};
    if (!title().trim()) next.title = t("problem.courseTitle");
    if (!summary().trim()) next.summary = t("problem.courseSummary");
    if (!COURSE_ID.test(courseId())) next.id = t("create.idInvalid");
    setErrors(next);
    if (Object.keys(next).length) {
      (document.querySelector(".t-dialog [aria-invalid=true]") as HTMLElement | null)?.focus();
      return;
    }
    setBusy(true);
    try {
      await props.api.create(courseId(), {
        title: title().trim(),
        summary: summary().trim(),
        topic: topic(),
        audience: audience(),
        language: language(),
        tags: [],
        modules: [],
      });
      props.onClose();
      navigate(`/trainer/courses/${courseId()}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === "course.id_taken") setErrors({ id: t("create.idTaken") });
      else if (error instanceof NetworkError) setErrors({ form: t("error.network") });
      else if (error instanceof ApiError && error.status < 500) setErrors({ form: error.message });
      else setErrors({ form: t("error.serverBusy") });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open title={t("create.title")} onClose={props.onClose}>
      <form class="form t-dialog__form" onSubmit={submit} noValidate>
        <Alert message={errors().form} />
        <FormField
          name="course-title"
          label={t("field.courseTitle")}
          value={title()}
          error={errors().title}
          maxLength={L.courseTitle}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
        <FormField
          name="course-id"
          label={t("field.courseId")}
          hint={t("create.idHint")}
          value={courseId()}
          error={errors().id}
          autocapitalize="off"
          spellcheck={false}
          onInput={(event) => {
            // Read the box before any signal changes: the id re-renders the box as soon as it is set.
            const typed = event.currentTarget.value.trim().toLowerCase();
            setId(typed);
            setIdEdited(true);
          }}
        />
        <div class="field" classList={{ "field--invalid": Boolean(errors().summary) }}>
          <label class="field__label" for="create-summary">
            {t("field.summary")}
          </label>
          <p class="field__hint" id="create-summary-hint">
            {t("field.summaryHint")}
          </p>
          <Show when={errors().summary}>
            <p class="field__error" id="create-summary-error">
              {errors().summary}
            </p>
          </Show>
          <textarea
            id="create-summary"
            class="field__input t-textarea"
            rows={3}
            maxLength={L.summary}
            value={summary()}
            aria-invalid={errors().summary ? "true" : undefined}
            aria-describedby={errors().summary ? "create-summary-hint create-summary-error" : "create-summary-hint"}
            onInput={(event) => setSummary(event.currentTarget.value)}
          />
        </div>
        <SelectField label={t("field.topic")} value={topic()} options={TOPICS.map((value) => ({ value, label: t(`topic.${value}`) }))} onChange={setTopic} />
        <SelectField
          label={t("field.audience")}
          value={audience()}
          options={[
            { value: "members", label: t("audience.members") },
            { value: "citizens", label: t("audience.citizens") },
          ]}
          onChange={setAudience}
        />
        <SelectField
          label={t("field.language")}
          value={language()}
          options={[
            { value: "vi", label: "Tiếng Việt" },
            { value: "en", label: "English" },
          ]}
          onChange={setLanguage}
        />
        <div class="t-dialog__actions">
          <Button type="button" variant="secondary" onClick={props.onClose}>
            {t("action.cancel")}
          </Button>
          <Button type="submit" busy={busy()} busyLabel={t("create.busy")}>
            {t("create.submit")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
