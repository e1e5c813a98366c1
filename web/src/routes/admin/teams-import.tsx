import { TEAM_IMPORT_COLUMNS, TEAM_IMPORT_HEADERS } from "@kns/core/model";
import type { TeamImportJobStatus, TeamImportOutcome, TeamImportRowProblem } from "@kns/core/model";
import { A } from "@solidjs/router";
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { useSession } from "../../lib/session";
import { AdminPage, NotFound } from "./components/unit-frame";
import { describeError } from "./lib/errors";
import { isAdmin } from "./lib/roles";
import { type TeamKey, teamMessages } from "./teams";
import "./admin.css";

const MAX_BYTES = 2 * 1024 * 1024;
/** The header admins write (the model's Vietnamese column names), and one example row. */
const HEADER = TEAM_IMPORT_COLUMNS.map((column) => TEAM_IMPORT_HEADERS[column][0]!.replace(/^./, (c) => c.toUpperCase())).join(",");
const TEMPLATE = `\uFEFF${HEADER}\nSLA-MUONGBU,Tổ CNSCĐ bản Phiêng Ngùa,Lò Văn An,0912345678\n`;

/** Each row problem the server can report, in the reader's language. */
const ROW_PROBLEMS: Record<TeamImportRowProblem["code"], TeamKey> = {
  "team.name_short": "teams.row.teamShort",
  "team.name_long": "teams.row.teamLong",
  "name.short": "teams.row.nameShort",
  "name.long": "teams.row.nameLong",
  "name.characters": "teams.row.nameChars",
  "row.phone": "teams.row.phone",
  "row.commune": "teams.row.commune",
  "row.duplicate_team": "teams.row.duplicateTeam",
  "row.duplicate_leader": "teams.row.duplicateLeader",
  "row.leader_other_team": "teams.row.leaderOtherTeam",
  "row.leader_outside": "teams.row.leaderOutside",
};

interface LoadedFile {
  name: string;
  csv: string;
  lines: number;
}

/** /admin/teams/import — teams from a list: checked first (nothing changes), then the valid rows created. */
export default function TeamsImport() {
  const t = useMessages(teamMessages);
  const { language } = useI18n();
  const n = (value: number) => formatNumber(value, language());
  const session = useSession();
  const inputId = `teams-file-${createUniqueId()}`;
  usePageTitle(() => t("teams.title"));
  const [file, setFile] = createSignal<LoadedFile>();
  const [outcome, setOutcome] = createSignal<TeamImportOutcome>();
  const [busy, setBusy] = createSignal<"check" | "commit">();
  const [progress, setProgress] = createSignal<number>();
  const [alert, setAlert] = createSignal<string>();
  let input: HTMLInputElement | undefined;
  let resultBox: HTMLDivElement | undefined;

  const focusResult = () => queueMicrotask(() => resultBox?.querySelector<HTMLElement>("h2")?.focus());

  async function send(csv: string, dryRun: boolean): Promise<TeamImportOutcome> {
    const answer = await session.api.request<TeamImportOutcome | { id: string }>(`/admin/teams/import?dryRun=${dryRun}`, {
      method: "POST",
      body: new Blob([csv], { type: "text/csv; charset=utf-8" }),
      timeoutMs: 120_000,
    });
    if (!("id" in answer)) return answer;
    for (let wait = 500; ; wait = Math.min(wait * 1.5, 4000)) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      const job = await session.api.request<TeamImportJobStatus>(`/admin/teams/imports/${encodeURIComponent(answer.id)}`);
      setProgress(job.progress);
      if (job.status === "done" && job.result) return job.result;
      if (job.status === "failed") throw new Error(job.error ?? "import failed");
    }
  }

  async function choose(chosen: File | undefined) {
    setFile(undefined);
    setOutcome(undefined);
    setAlert(undefined);
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) return setAlert(t("error.importTooLarge"));
    setBusy("check");
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      const isXlsx = /\.xlsx$/i.test(chosen.name) || chosen.type === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      let csv: string;
      try {
        csv = isXlsx ? await (await import("./lib/xlsx-to-csv")).xlsxToCsv(bytes) : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        return setAlert(isXlsx ? t("import.xlsxUnreadable") : t("import.notUtf8"));
      }
      const lines = csv.split(/\r?\n/).filter((line) => line.trim()).length - 1;
      setFile({ name: chosen.name, csv, lines: Math.max(0, lines) });
      setOutcome(await send(csv, true));
      focusResult();
    } catch (error) {
      setAlert(explain(error));
    } finally {
      setBusy(undefined);
    }
  }

  function explain(error: unknown) {
    const code = (error as { code?: string }).code;
    return code === "import.missing_column" ? t("teams.errorColumns") : describeError(error, t);
  }

  async function commit() {
    const loaded = file();
    if (!loaded) return;
    setBusy("commit");
    setAlert(undefined);
    setProgress(undefined);
    try {
      // Creating is idempotent: if the answer is lost and this is pressed again, nothing is created twice.
      setOutcome(await send(loaded.csv, false));
      focusResult();
    } catch (error) {
      setAlert(explain(error));
    } finally {
      setBusy(undefined);
    }
  }

  function another() {
    setFile(undefined);
    setOutcome(undefined);
    if (input) {
      input.value = "";
      input.focus();
    }
  }

  const problemText = (error: TeamImportOutcome["errors"][number], problem: TeamImportRowProblem) => {
    const key = ROW_PROBLEMS[problem.code] as TeamKey | undefined;
    // A code this app does not know yet (a newer server): the server's own sentence, never nothing.
    return key ? t(key, "params" in problem ? problem.params : undefined) : error.message;
  };

  return (
    <AdminPage>
      <Show when={isAdmin(session.user())} fallback={<NotFound />}>
        <nav class="breadcrumbs" aria-label={t("nav.breadcrumbs")}>
          <ol>
            <li>
              <A href="/admin">{t("nav.myUnit")}</A>
            </li>
            <li aria-current="page">{t("teams.title")}</li>
          </ol>
        </nav>
        <h1>{t("teams.title")}</h1>
        <p class="muted">{t("teams.intro")}</p>
        <div class="import-layout">
          <section class="panel" aria-labelledby="teams-file-title">
            <h2 id="teams-file-title">{t("teams.fileTitle")}</h2>
            <div class="field">
              <label class="field__label" for={inputId}>
                {t("teams.fileLabel")}
              </label>
              <p class="field__hint" id={`${inputId}-hint`}>
                {t("teams.fileHint")}
              </p>
              <input
                ref={input}
                id={inputId}
                class="field__input file-input"
                type="file"
                accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-describedby={`${inputId}-hint`}
                onChange={(event) => void choose(event.currentTarget.files?.[0])}
              />
            </div>
            <Show when={busy() === "check"}>
              <p class="loading" role="status">
                {t("teams.checking")}
              </p>
            </Show>
            <Show when={file()}>{(loaded) => <p class="muted">{t("teams.fileSummary", { name: loaded().name, lines: loaded().lines })}</p>}</Show>
            <div role="alert" class="alert-region">
              <Show when={alert()}>
                <p class="alert">{alert()}</p>
              </Show>
            </div>
          </section>
          <section class="panel" aria-labelledby="teams-how">
            <h2 id="teams-how">{t("teams.howTitle")}</h2>
            <p>{t("teams.columns")}</p>
            <p class="code-line">{HEADER}</p>
            <ul class="plain-list">
              <li>{t("teams.columnCommune")}</li>
              <li>{t("teams.columnTeam")}</li>
              <li>{t("teams.columnLeader")}</li>
              <li>{t("teams.columnPhone")}</li>
            </ul>
            <p class="muted">{t("teams.columnsEnglish")}</p>
            <p class="muted">{t("teams.again")}</p>
            <p class="muted">{t("teams.activation")}</p>
            <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`} download="mau-danh-sach-to.csv">
              {t("teams.template")}
            </a>
          </section>
        </div>
        <div ref={resultBox}>
          <Show when={outcome()}>
            {(result) => {
              const dry = () => result().dryRun;
              return (
                <section class="import-result" aria-labelledby="teams-result-title">
                  <h2 id="teams-result-title" tabindex="-1">
                    {dry() ? t("teams.checkedTitle") : t("teams.doneTitle")}
                  </h2>
                  <ul class="import-result__counts">
                    <li>{t("teams.count.rows", { count: n(result().rows) })}</li>
                    <li>{t(dry() ? "teams.count.willCreate" : "teams.count.created", { count: n(result().created) })}</li>
                    <li>{t("teams.count.unchanged", { count: n(result().unchanged) })}</li>
                    <li>{t("teams.count.leadersCreated", { count: n(result().leadersCreated) })}</li>
                    <li>{t("teams.count.leadersAssigned", { count: n(result().leadersAssigned) })}</li>
                    <li classList={{ "import-result__bad": result().errors.length > 0 }}>{t("teams.count.errors", { count: n(result().errors.length) })}</li>
                  </ul>
                  <Show when={result().errors.length}>
                    <div class="table-scroll" tabindex="0" role="region" aria-label={t("teams.errorsTitle")}>
                      <table class="table">
                        <caption>{dry() ? t("teams.errorsTitle") : t("teams.errorsSkipped")}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t("teams.col.team")}</th>
                            <th scope="col" class="num">
                              {t("teams.col.row")}
                            </th>
                            <th scope="col">{t("teams.col.phone")}</th>
                            <th scope="col" class="wide">
                              {t("teams.col.problem")}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={result().errors}>
                            {(error) => (
                              <tr>
                                <th scope="row">{error.teamName}</th>
                                <td class="num">{n(error.row)}</td>
                                <td>{error.phone}</td>
                                <td>
                                  <For each={error.problems}>{(problem) => <p class="import-result__problem">{problemText(error, problem)}</p>}</For>
                                </td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </div>
                  </Show>
                  <Show when={result().teams.length}>
                    <div class="table-scroll" tabindex="0" role="region" aria-label={t("teams.listTitle")}>
                      <table class="table">
                        <caption>{t("teams.listTitle")}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t("teams.col.team")}</th>
                            <th scope="col" class="num">
                              {t("teams.col.row")}
                            </th>
                            <th scope="col">{t("teams.col.code")}</th>
                            <th scope="col">{t("teams.col.leader")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={result().teams}>
                            {(team) => (
                              <tr>
                                <th scope="row">
                                  <Show when={team.unitId && !dry()} fallback={team.teamName}>
                                    <A href={`/admin/units/${encodeURIComponent(team.unitId!)}`}>{team.teamName}</A>
                                  </Show>
                                  <span class="cell-note">
                                    {team.communeName} · {team.team === "created" ? t("teams.state.new") : t("teams.state.existing")}
                                  </span>
                                </th>
                                <td class="num">{n(team.row)}</td>
                                <td class="nowrap">{team.joinCode ?? t("teams.codeLater")}</td>
                                <td>
                                  <Show when={team.leaderId && team.unitId && !dry()} fallback={t(`teams.leader.${team.leader}` as TeamKey)}>
                                    <A href={`/admin/units/${encodeURIComponent(team.unitId!)}/members/${encodeURIComponent(team.leaderId!)}`}>
                                      {t(`teams.leader.${team.leader}` as TeamKey)}
                                    </A>
                                  </Show>
                                </td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </div>
                  </Show>
                  <Show
                    when={dry()}
                    fallback={
                      <div class="button-row">
                        <Button variant="secondary" onClick={another}>
                          {t("teams.another")}
                        </Button>
                        <A class="button button--secondary" href="/admin">
                          {t("nav.myUnit")}
                        </A>
                      </div>
                    }
                  >
                    <Show
                      when={result().created + result().leadersCreated + result().leadersAssigned > 0}
                      fallback={<p class="empty">{t("teams.nothingToDo")}</p>}
                    >
                      <div class="button-row">
                        <Button
                          busy={busy() === "commit"}
                          busyLabel={progress() === undefined ? t("teams.committing") : `${t("teams.committing")} ${progress()}%`}
                          onClick={() => void commit()}
                        >
                          {t("teams.commit", { count: n(result().teams.length) })}
                        </Button>
                        <Button variant="secondary" onClick={another}>
                          {t("teams.chooseOther")}
                        </Button>
                      </div>
                    </Show>
                  </Show>
                </section>
              );
            }}
          </Show>
        </div>
      </Show>
    </AdminPage>
  );
}
