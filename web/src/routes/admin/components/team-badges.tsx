import type { TeamBadges as TeamBadgesWire } from "@kns/core/model";
import { createSignal, For, Show } from "solid-js";
import { Alert } from "../../../components/alert";
import { Button } from "../../../components/button";
import { useMessages } from "../../../i18n";
import { createLoader } from "../../../lib/load";
import { useSession } from "../../../lib/session";
import { fetchFile, saveFile } from "../../../lib/download";
import { describeError } from "../lib/errors";
import { rankingMessages } from "../team-ranking-messages";
import "../team-ranking.css";

/** "2026-11" → "11/2026". */
export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/**
 * A team's monthly badges ("Tổ xuất sắc tháng …") with their printable certificates, for the team page (its
 * leader and admins over it). Shows nothing while the team has none, so a team page stays short.
 */
export function TeamBadges(props: { unitId: string; showEmpty?: boolean }) {
  const t = useMessages(rankingMessages);
  const session = useSession();
  const badges = createLoader(
    () => props.unitId,
    (id) => session.api.request<TeamBadgesWire>(`/admin/units/${encodeURIComponent(id)}/badges`),
  );
  const [problem, setProblem] = createSignal<string>();
  async function print(month: string) {
    setProblem(undefined);
    try {
      const pdf = await fetchFile(session, `/admin/units/${encodeURIComponent(props.unitId)}/badges/${month}/certificate.pdf`, "application/pdf");
      saveFile(pdf, `giay-khen-${props.unitId}-${month}.pdf`);
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }
  return (
    <Show when={(badges.data()?.items.length ?? 0) > 0 || (props.showEmpty && badges.data())}>
      <section class="panel team-badges" aria-labelledby="team-badges-title">
        <h2 id="team-badges-title">{t("badges.title")}</h2>
        <Alert message={problem()} />
        <Show when={badges.data()?.items.length} fallback={<p class="empty">{t("badges.none")}</p>}>
          <ul class="team-badges__list">
            <For each={badges.data()?.items ?? []}>
              {(badge) => (
                <li class="team-badges__item">
                  <span class="team-badges__medal" aria-hidden="true">
                    🏅
                  </span>
                  <p>
                    {t("badges.item", {
                      month: monthLabel(badge.month),
                      rank: badge.rank,
                      teams: badge.teams,
                      commune: badge.communeName,
                      score: badge.score,
                    })}
                  </p>
                  <Button variant="secondary" onClick={() => void print(badge.month)}>
                    {t("badges.print", { month: monthLabel(badge.month) })}
                  </Button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </Show>
  );
}
