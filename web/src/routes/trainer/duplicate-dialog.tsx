import { CONTENT_LIMITS as L } from "@kns/core/model";
import { useNavigate } from "@solidjs/router";
import { createSignal } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { FormField } from "../../components/form-field";
import { useMessages } from "../../i18n";
import { ApiError, NetworkError } from "../../lib/api";
import type { Authoring } from "./api";
import { Dialog } from "./dialog";
import { trainerMessages } from "./messages";
import { COURSE_ID, slugify, type Audience } from "./model";
import { SelectField } from "./select-field";

/** Copies a course into a new draft, typically the citizens' version of a members' course. */
export function DuplicateDialog(props: { open: boolean; onClose: () => void; api: Authoring; source: { id: string; title: string; audience?: Audience } }) {
  const t = useMessages(trainerMessages);
  const navigate = useNavigate();
  const otherAudience = (): Audience => (props.source.audience === "citizens" ? "members" : "citizens");
  const [audience, setAudience] = createSignal<Audience>(otherAudience());
  const [title, setTitle] = createSignal(`${props.source.title} (${t(`audience.${otherAudience()}Short`)})`);
  const [id, setId] = createSignal(slugify(`${props.source.id}-${otherAudience() === "citizens" ? "nguoi-dan" : "thanh-vien"}`));
  const [errors, setErrors] = createSignal<{ id?: string; title?: string; form?: string }>({});
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const next: { id?: string; title?: string } = {};
    if (!COURSE_ID.test(id())) next.id = t("create.idInvalid");
    if (!title().trim()) next.title = t("problem.courseTitle");
    setErrors(next);
    if (next.id || next.title) return;
    setBusy(true);
    try {
      await props.api.duplicate(props.source.id, { id: id(), title: title().trim(), audience: audience() });
      props.onClose();
      navigate(`/trainer/courses/${id()}`);
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
    <Dialog open={props.open} title={t("duplicate.title", { name: props.source.title })} onClose={props.onClose}>
      <form class="form t-dialog__form" onSubmit={submit} noValidate>
        <p class="muted">{t("duplicate.intro")}</p>
        <Alert message={errors().form} />
        <SelectField
          label={t("field.audience")}
          value={audience()}
          options={[
            { value: "members", label: t("audience.members") },
            { value: "citizens", label: t("audience.citizens") },
          ]}
          onChange={setAudience}
        />
        <FormField
          name="duplicate-title"
          label={t("field.courseTitle")}
          value={title()}
          error={errors().title}
          maxLength={L.courseTitle}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
        <FormField
          name="duplicate-id"
          label={t("field.courseId")}
          hint={t("create.idHint")}
          value={id()}
          error={errors().id}
          autocapitalize="off"
          spellcheck={false}
          onInput={(event) => setId(event.currentTarget.value.trim())}
        />
        <div class="t-dialog__actions">
          <Button type="button" variant="secondary" onClick={props.onClose}>
            {t("action.cancel")}
          </Button>
          <Button type="submit" busy={busy()} busyLabel={t("duplicate.busy")}>
            {t("duplicate.submit")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
