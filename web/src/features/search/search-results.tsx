import { searchIndex, tokenize, type SearchItem } from "@kns/core/model";
import { A } from "@solidjs/router";
import { createMemo, For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useMessages } from "../../i18n";
import { createLoader } from "../../lib/load";
import { useOnline } from "../../lib/online";
import { useSession } from "../../lib/session";
import { loadSearchIndex } from "./index-store";
import { searchMessages } from "./messages";
import "./search.css";

const courseHref = (courseId: string) => `/courses/${encodeURIComponent(courseId)}`;
const href = (item: SearchItem) =>
  item.type === "lesson" ? `${courseHref(item.courseId)}/lessons/${encodeURIComponent(item.lessonId)}` : courseHref(item.courseId);

/**
 * What the catalogue's search finds, matched on the phone over the learner's index (model/search.ts, the rule
 * the server's GET /search follows), so it answers as the learner types and offline too. Offline it still finds
 * every course the learner knows, and says which cannot open because they are not downloaded.
 */
export default function SearchResults(props: { query: string; downloaded: (courseId: string) => boolean | undefined }) {
  const t = useMessages(searchMessages);
  const session = useSession();
  const online = useOnline();
  const loaded = createLoader(
    () => session.user()?.id,
    (userId, early) => loadSearchIndex(userId, session.api, early),
  );
  const typed = () => tokenize(props.query).length > 0;
  const items = createMemo(() => {
    const index = loaded.data()?.index;
    return index && typed() ? searchIndex(index, props.query) : [];
  });
  const offline = () => Boolean(loaded.data()?.offline) || !online();
  const courseTitle = (courseId: string) => loaded.data()?.index.courses.find((course) => course.courseId === courseId)?.title ?? "";
  const count = () => {
    if (!typed() || !loaded.data()) return "";
    return items().length ? t("search.count", { count: items().length }) : t("search.none", { query: props.query.trim() });
  };

  return (
    <section class="search-results" aria-label={t("search.results")} aria-busy={loaded.loading()}>
      {/* Always there, so a screen reader hears the count change as the learner types. */}
      <p class="search-results__count" role="status">
        {count()}
      </p>
      <Show when={typed()}>
        <Show when={loaded.data() && offline()}>
          <p class="notice notice--offline">{t("search.offline")}</p>
        </Show>
        <Show when={loaded.loading() && !loaded.data()}>
          <p class="loading">{t("search.loading")}</p>
        </Show>
        <Show when={loaded.error() && !loaded.data()}>
          <div class="notice notice--error" role="alert">
            <p>{t("search.loadFailed")}</p>
            <Button variant="secondary" onClick={() => void loaded.reload()}>
              {t("search.retry")}
            </Button>
          </div>
        </Show>
        <Show when={items().length}>
          <ul class="search-results__list" role="list">
            <For each={items()}>
              {(item) => (
                <li class="search-results__item">
                  <A href={href(item)} class="search-results__link">
                    {item.title}
                  </A>
                  <span class="search-results__kind">
                    {item.type === "course" ? t("search.course") : t("search.lesson", { course: courseTitle(item.courseId) })}
                  </span>
                  <Show
                    when={props.downloaded(item.courseId)}
                    fallback={
                      <Show when={offline()}>
                        <span class="search-results__note">{t("search.notDownloaded")}</span>
                      </Show>
                    }
                  >
                    <span class="search-results__offline">{t("search.downloaded")}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}
