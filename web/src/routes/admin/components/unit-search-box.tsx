import { createEffect, createSignal, createUniqueId, on } from "solid-js";
import { Button } from "../../../components/button";
import { useMessages } from "../../../i18n";
import { unitSearchMessages } from "../unit-search-messages";

/**
 * The unit search's form: on a unit's dashboard it takes the admin to the results, on the results screen it
 * searches again. An empty or wordless query is not sent (the API would refuse it).
 */
export function UnitSearchBox(props: { value?: string; busy?: boolean; onSearch: (q: string) => void }) {
  const t = useMessages(unitSearchMessages);
  const id = `unit-search-${createUniqueId()}`;
  const [draft, setDraft] = createSignal(props.value ?? "");
  // Back and forward change the query in the address: the box shows the query its results are for.
  createEffect(
    on(
      () => props.value,
      (value) => setDraft(value ?? ""),
      { defer: true },
    ),
  );
  function submit(event: SubmitEvent) {
    event.preventDefault();
    const q = draft().trim();
    if (/[\p{L}\p{N}]/u.test(q)) props.onSearch(q);
  }
  return (
    <form class="search-form no-print" role="search" aria-label={t("unitSearch.title")} onSubmit={submit}>
      <div class="field">
        <label class="field__label" for={id}>
          {t("unitSearch.label")}
        </label>
        <p class="field__hint" id={`${id}-hint`}>
          {t("unitSearch.hint")}
        </p>
        <input
          id={id}
          class="field__input"
          type="search"
          name="q"
          autocomplete="off"
          maxLength={100}
          value={draft()}
          onInput={(event) => setDraft(event.currentTarget.value)}
          aria-describedby={`${id}-hint`}
        />
      </div>
      <Button type="submit" busy={props.busy} busyLabel={t("unitSearch.searching")}>
        {t("unitSearch.submit")}
      </Button>
    </form>
  );
}
