import type { ReportRow } from "@kns/core/model";
import { useI18n, useMessages } from "../../../i18n";
import { formatNumber } from "../../../lib/format";
import { adminMessages } from "../messages";
import { StatCards } from "./stat-cards";

/** A unit's headline figures: members, active this month, completion, average score (and extras). */
export function UnitStats(props: { row: ReportRow; courseTitle?: string; extra?: { label: string; value: string; note?: string }[] }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const n = (value: number) => formatNumber(value, language());
  return (
    <StatCards
      label={t("stats.label")}
      stats={[
        {
          label: t("stats.members"),
          value: n(props.row.members),
          // Accounts nobody has activated yet are counted apart (docs/effectiveness.md).
          note: props.row.pending ? t("stats.pending", { count: n(props.row.pending) }) : undefined,
        },
        // Residents registered as citizens in the unit's communes: in no member figure or rate (a team has none).
        ...(props.row.kind === "team" ? [] : [{ label: t("stats.citizens"), value: n(props.row.citizens), note: t("stats.citizensNote") }]),
        {
          label: t("stats.active"),
          value: n(props.row.activeThisMonth),
          note: props.row.members ? t("stats.activeShare", { percent: n(Math.round((props.row.activeThisMonth / props.row.members) * 100)) }) : undefined,
        },
        {
          label: props.courseTitle ? t("stats.completionOne") : t("stats.completionAll"),
          value: t("format.percent", { value: n(props.row.percent) }),
          note: t("stats.completions", { count: n(props.row.completed) }),
        },
        { label: t("stats.score"), value: props.row.averageScore === null ? t("stats.none") : t("format.percent", { value: n(props.row.averageScore) }) },
        { label: t("stats.helped"), value: n(props.row.helped) },
        ...(props.extra ?? []),
      ]}
    />
  );
}
