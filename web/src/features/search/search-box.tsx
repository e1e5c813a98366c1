import { SEARCH_QUERY_MAX } from "@kns/core/model";
import { createSignal, lazy, Show, Suspense } from "solid-js";
import { defineArea, useMessages } from "../../i18n";
import vi from "./box.vi";

const boxMessages = defineArea({ vi, en: () => import("./box.en") });
/** The results and all they need (the matcher, the index, their strings) load on the first focus, not with the catalogue. */
const SearchResults = lazy(() => import("./search-results"));

/** The catalogue's search box: a labelled input, and what it finds below it. */
export function SearchBox(props: { downloaded: (courseId: string) => boolean | undefined }) {
  const t = useMessages(boxMessages);
  const [query, setQuery] = createSignal("");
  const [opened, setOpened] = createSignal(false);
  return (
    <div>
      <form role="search" class="form" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label class="field__label" for="catalogue-search">
            {t("search.label")}
          </label>
          <input
            id="catalogue-search"
            class="field__input"
            type="search"
            autocomplete="off"
            spellcheck={false}
            enterkeyhint="search"
            maxLength={SEARCH_QUERY_MAX}
            value={query()}
            onFocus={() => setOpened(true)}
            onInput={(event) => {
              setOpened(true);
              setQuery(event.currentTarget.value);
            }}
          />
        </div>
      </form>
      <Show when={opened()}>
        <Suspense>
          <SearchResults query={query()} downloaded={props.downloaded} />
        </Suspense>
      </Show>
    </div>
  );
}
