import { UNIT_SEARCH_LIMITS } from "@kns/core/model";
import { A, useParams, useSearchParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { UnitSearchBox } from "./components/unit-search-box";
import { LoadError, UnitFrame } from "./components/unit-frame";
import { useAdminApi, type UnitWithChildren } from "./lib/admin-api";
import { unitSearchMessages } from "./unit-search-messages";

/** /admin/units/:unitId/units?q= — units of the admin's subtree by name, each with where it sits and a link to it. */
export default function UnitSearch() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit) => <SearchPanel unit={unit()} />}</UnitFrame>;
}

function SearchPanel(props: { unit: UnitWithChildren }) {
  const t = useMessages(unitSearchMessages);
  const { language } = useI18n();
  const api = useAdminApi();
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const n = (value: number) => formatNumber(value, language());
  usePageTitle(() => t("unitSearch.pageTitle", { unit: props.unit.name }));

  // The query lives in the address, so "back" from a unit's dashboard returns to the same results.
  const results = createLoader(
    () => (params.q ? { unitId: props.unit.id, q: params.q } : undefined),
    async ({ unitId, q }) => ({ q, ...(await api.unitSearch(unitId, q)) }),
  );

  return (
    <section class="panel" aria-labelledby="unit-search-title">
      <h2 id="unit-search-title">{t("unitSearch.title")}</h2>
      <UnitSearchBox value={params.q} busy={results.loading()} onSearch={(q) => setParams({ q })} />
      <Show when={results.error()}>{(error) => <LoadError error={error()} onRetry={() => void results.reload()} />}</Show>
      <div>
        <Show when={params.q ? results.data() : undefined}>
          {(found) => (
            <>
              {/* Only the count is announced: reading out thirty results on every search helps nobody. */}
              <p class="muted" role="status">
                {found().items.length === 0 ? t("unitSearch.none", { q: found().q }) : t("unitSearch.count", { count: n(found().items.length), q: found().q })}
              </p>
              <ul class="result-list">
                <For each={found().items}>
                  {(unit) => (
                    <li>
                      <A href={`/admin/units/${encodeURIComponent(unit.unitId)}`} class="result-list__link">
                        <span class="result-list__name">{unit.name}</span>
                        <span class="cell-note">
                          {t(`unitKind.${unit.kind}`)} · {unit.code}
                        </span>
                        <Show when={unit.path.length > 1}>
                          <span class="cell-note">{t("unitSearch.in", { path: unit.path.slice(0, -1).join(" › ") })}</span>
                        </Show>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={found().more}>
                <p class="muted">{t("unitSearch.more", { count: n(found().items.length) })}</p>
              </Show>
              <Show when={found().partial}>
                <p class="muted">{t("unitSearch.partial", { count: n(UNIT_SEARCH_LIMITS.read) })}</p>
              </Show>
              <Show when={found().depth}>{(levels) => <p class="muted">{t("unitSearch.depth", { levels: levels() })}</p>}</Show>
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
