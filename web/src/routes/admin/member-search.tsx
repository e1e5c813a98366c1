import { A, useParams, useSearchParams } from "@solidjs/router";
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { LoadError, UnitFrame } from "./components/unit-frame";
import { unitInfo, useAdminApi, type UnitWithChildren } from "./lib/admin-api";
import { createLoader } from "../../lib/load";
import { adminMessages } from "./messages";

/** /admin/units/:unitId/search — members of the unit's subtree by phone number or the start of their name. */
export default function MemberSearch() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit) => <SearchPanel unit={unit()} />}</UnitFrame>;
}

function SearchPanel(props: { unit: UnitWithChildren }) {
  const t = useMessages(adminMessages);
  const api = useAdminApi();
  const session = useSession();
  const id = `member-search-${createUniqueId()}`;
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const [draft, setDraft] = createSignal(params.q ?? "");
  usePageTitle(() => t("search.pageTitle", { unit: props.unit.name }));

  // The query lives in the address, so "back" from a member returns to the same results.
  const results = createLoader(
    () => ({ unitId: props.unit.id, q: params.q ?? "" }),
    async ({ unitId, q }) => {
      const items = await api.search(unitId, q);
      const userId = session.user()?.id ?? "";
      const teams = new Map<string, string>();
      await Promise.all(
        [...new Set(items.map((item) => item.unitId).filter((unit): unit is string => Boolean(unit)))].map(async (unit) => {
          const info = await unitInfo(api, userId, unit);
          if (info) teams.set(unit, info.name);
        }),
      );
      return { q, items: items.map((item) => ({ ...item, teamName: item.unitId ? (teams.get(item.unitId) ?? item.unitId) : "" })) };
    },
  );

  function submit(event: SubmitEvent) {
    event.preventDefault();
    setParams({ q: draft().trim() || undefined });
  }

  return (
    <section class="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("search.title")}</h2>
      <form class="search-form" role="search" onSubmit={submit}>
        <div class="field">
          <label class="field__label" for={id}>
            {t("search.label")}
          </label>
          <p class="field__hint" id={`${id}-hint`}>
            {t("search.hint")}
          </p>
          <input
            id={id}
            class="field__input"
            type="search"
            name="q"
            autocomplete="off"
            value={draft()}
            onInput={(event) => setDraft(event.currentTarget.value)}
            aria-describedby={`${id}-hint`}
          />
        </div>
        <Button type="submit" busy={results.loading()} busyLabel={t("search.searching")}>
          {t("search.submit")}
        </Button>
      </form>
      <Show when={results.error()}>{(error) => <LoadError error={error()} onRetry={() => void results.reload()} />}</Show>
      <Show when={results.data()}>
        {(found) => (
          <div aria-live="polite">
            <p class="muted">
              {found().items.length === 0
                ? t("search.none")
                : found().q
                  ? t("search.count", { count: found().items.length, q: found().q })
                  : t("search.countAll", { count: found().items.length })}
            </p>
            <ul class="result-list">
              <For each={found().items}>
                {(member) => (
                  <li>
                    <A
                      href={`/admin/units/${encodeURIComponent(member.unitId ?? props.unit.id)}/members/${encodeURIComponent(member.id)}`}
                      class="result-list__link"
                    >
                      <span class="result-list__name">{member.fullName}</span>
                      <span class="cell-note">
                        {[
                          member.phone,
                          member.teamName,
                          member.roles.includes("team-leader") ? t("role.team-leader") : "",
                          !member.active ? t("member.inactive") : "",
                          member.pending ? t("member.pending") : "",
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                      </span>
                    </A>
                  </li>
                )}
              </For>
            </ul>
            <Show when={found().items.length >= 50}>
              <p class="muted">{t("search.limited")}</p>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
