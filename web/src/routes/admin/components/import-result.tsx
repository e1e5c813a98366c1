import type { ImportOutcome } from "@kns/core/model";
import { For, Show, type JSX } from "solid-js";
import { useI18n, useMessages } from "../../../i18n";
import { formatNumber } from "../../../lib/format";
import type { ImportRowProblem } from "@kns/core/model";
import { adminMessages, type AdminKey } from "../messages";

/** Each thing the server found wrong with a row (a code and its params), in the reader's language. */
const ROW_PROBLEMS: Record<ImportRowProblem["code"], AdminKey> = {
  "row.phone": "import.row.phone",
  "row.duplicate": "import.row.duplicate",
  "row.role": "import.row.role",
  "row.unit": "import.row.unit",
  "row.outside": "import.row.outside",
  "name.short": "import.row.nameShort",
  "name.long": "import.row.nameLong",
  "name.characters": "import.row.nameChars",
};

/** Rows without problems (some may already be up to date). */
export function validRows(outcome: ImportOutcome) {
  return outcome.rows - outcome.errors.length;
}

/** Rows that a commit would create or change (the rest are either unchanged or refused). */
export function changingRows(outcome: ImportOutcome) {
  return outcome.created + outcome.updated;
}

/**
 * What a checked (dry run) or finished import found: the counts, then every refused row with its problems in
 * the reader's language, so the file can be fixed line by line. `children` holds the next step (commit).
 */
export function ImportResult(props: { outcome: ImportOutcome; children?: JSX.Element }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const n = (value: number) => formatNumber(value, language());
  const dry = () => props.outcome.dryRun;
  return (
    <section class="import-result" aria-labelledby="import-result-title">
      <h2 id="import-result-title" tabindex="-1">
        {dry() ? t("import.checkedTitle") : t("import.doneTitle")}
      </h2>
      <ul class="import-result__counts">
        <li>{t("import.count.rows", { count: n(props.outcome.rows) })}</li>
        <li>{t(dry() ? "import.count.willCreate" : "import.count.created", { count: n(props.outcome.created) })}</li>
        <li>{t(dry() ? "import.count.willUpdate" : "import.count.updated", { count: n(props.outcome.updated) })}</li>
        <li>{t("import.count.unchanged", { count: n(props.outcome.unchanged) })}</li>
        <li classList={{ "import-result__bad": props.outcome.errors.length > 0 }}>{t("import.count.errors", { count: n(props.outcome.errors.length) })}</li>
      </ul>
      <Show when={props.outcome.errors.length}>
        <div class="table-scroll" tabindex="0" role="region" aria-label={t("import.errorsTitle")}>
          <table class="table">
            <caption>{dry() ? t("import.errorsTitle") : t("import.errorsSkipped")}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  {t("import.errorRow")}
                </th>
                <th scope="col">{t("import.errorName")}</th>
                <th scope="col">{t("import.errorMessage")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.outcome.errors}>
                {(error) => (
                  <tr>
                    <th scope="row" class="num">
                      {n(error.row)}
                    </th>
                    <td>{error.fullName}</td>
                    <td>
                      <For each={error.problems}>
                        {(problem) => {
                          const key = ROW_PROBLEMS[problem.code] as AdminKey | undefined;
                          // A code this app does not know yet (a newer server): the server's own sentence, never nothing.
                          return <p class="import-result__problem">{key ? t(key, "params" in problem ? problem.params : undefined) : error.message}</p>;
                        }}
                      </For>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      {props.children}
    </section>
  );
}
