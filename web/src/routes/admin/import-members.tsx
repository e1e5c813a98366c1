import { IMPORT_COLUMNS, IMPORT_HEADERS } from "@kns/core/model";
import type { ImportOutcome } from "@kns/core/model";
import { A } from "@solidjs/router";
import { createSignal, createUniqueId, Show } from "solid-js";
import { Button } from "../../components/button";
import { useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { changingRows, ImportResult, validRows } from "./components/import-result";
import { AdminPage, NotFound } from "./components/unit-frame";
import { useAdminApi } from "./lib/admin-api";
import { describeError } from "./lib/errors";
import { isAdmin } from "./lib/roles";
import { adminMessages } from "./messages";
import "./admin.css";

const MAX_BYTES = 2 * 1024 * 1024;
/** The header admins write (the model's Vietnamese column names), and one example row. */
const HEADER = IMPORT_COLUMNS.map((column) => IMPORT_HEADERS[column][0]!.replace(/^./, (c) => c.toUpperCase())).join(",");
const TEMPLATE = `\uFEFF${HEADER}\nLò Văn An,0912345678,MA-TO-CUA-BAN,member\n`;

interface LoadedFile {
  name: string;
  csv: string;
  lines: number;
}

/** Text of a .csv file; refused when it is not UTF-8, since guessing the old Vietnamese code pages garbles names. */
async function readCsv(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("encoding");
  }
}

/** /admin/import — members from a list: checked first (nothing changes), then the valid rows imported. */
export default function ImportMembers() {
  const t = useMessages(adminMessages);
  const session = useSession();
  const api = useAdminApi();
  const inputId = `import-file-${createUniqueId()}`;
  usePageTitle(() => t("import.title"));
  const [file, setFile] = createSignal<LoadedFile>();
  const [reading, setReading] = createSignal(false);
  const [checked, setChecked] = createSignal<ImportOutcome>();
  const [result, setResult] = createSignal<ImportOutcome>();
  const [busy, setBusy] = createSignal<"check" | "commit">();
  const [progress, setProgress] = createSignal<number>();
  const [alert, setAlert] = createSignal<string>();
  let input: HTMLInputElement | undefined;
  let resultBox: HTMLDivElement | undefined;

  const focusResult = () => queueMicrotask(() => resultBox?.querySelector<HTMLElement>("h2")?.focus());

  async function choose(chosen: File | undefined) {
    setFile(undefined);
    setChecked(undefined);
    setResult(undefined);
    setAlert(undefined);
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) return setAlert(t("error.importTooLarge"));
    setReading(true);
    try {
      const isXlsx = /\.xlsx$/i.test(chosen.name) || chosen.type === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      const csv = isXlsx ? await (await import("./lib/xlsx-to-csv")).xlsxToCsv(new Uint8Array(await chosen.arrayBuffer())) : await readCsv(chosen);
      const lines = csv.split(/\r?\n/).filter((line) => line.trim()).length - 1;
      setFile({ name: chosen.name, csv, lines: Math.max(0, lines) });
      await check();
    } catch (error) {
      const reason = (error as Error).message;
      setAlert(reason === "encoding" ? t("import.notUtf8") : reason === "xlsx" ? t("import.xlsxUnreadable") : t("import.unreadable"));
    } finally {
      setReading(false);
    }
  }

  async function check() {
    const loaded = file();
    if (!loaded) return;
    setBusy("check");
    setAlert(undefined);
    try {
      setChecked(await api.importMembers(loaded.csv, true));
      focusResult();
    } catch (error) {
      setAlert(describeError(error, t));
    } finally {
      setBusy(undefined);
    }
  }

  async function commit() {
    const loaded = file();
    if (!loaded) return;
    setBusy("commit");
    setAlert(undefined);
    try {
      // Importing is idempotent: if the answer is lost and this is pressed again, nothing is created twice.
      setProgress(undefined);
      setResult(await api.importMembers(loaded.csv, false, setProgress));
      setChecked(undefined);
      focusResult();
    } catch (error) {
      setAlert(describeError(error, t));
    } finally {
      setBusy(undefined);
    }
  }

  function another() {
    setFile(undefined);
    setChecked(undefined);
    setResult(undefined);
    if (input) {
      input.value = "";
      input.focus();
    }
  }

  return (
    <AdminPage>
      <Show when={isAdmin(session.user())} fallback={<NotFound />}>
        <nav class="breadcrumbs" aria-label={t("nav.breadcrumbs")}>
          <ol>
            <li>
              <A href="/admin">{t("nav.myUnit")}</A>
            </li>
            <li aria-current="page">{t("import.title")}</li>
          </ol>
        </nav>
        <h1>{t("import.title")}</h1>
        <div class="import-layout">
          <section class="panel" aria-labelledby="import-file-title">
            <h2 id="import-file-title">{t("import.fileTitle")}</h2>
            <div class="field">
              <label class="field__label" for={inputId}>
                {t("import.fileLabel")}
              </label>
              <p class="field__hint" id={`${inputId}-hint`}>
                {t("import.fileHint")}
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
            <Show when={reading() || busy() === "check"}>
              <p class="loading" role="status">
                {reading() ? t("import.reading") : t("import.checking")}
              </p>
            </Show>
            <Show when={file()}>{(loaded) => <p class="muted">{t("import.fileSummary", { name: loaded().name, lines: loaded().lines })}</p>}</Show>
            <div role="alert" class="alert-region">
              <Show when={alert()}>
                <p class="alert">{alert()}</p>
              </Show>
            </div>
            <Show when={alert() && file() && !checked() && !busy()}>
              <Button variant="secondary" onClick={() => void check()}>
                {t("action.retry")}
              </Button>
            </Show>
          </section>
          <section class="panel" aria-labelledby="import-how">
            <h2 id="import-how">{t("import.howTitle")}</h2>
            <p>{t("import.columns")}</p>
            <p class="code-line">{HEADER}</p>
            <ul class="plain-list">
              <li>{t("import.columnName")}</li>
              <li>{t("import.columnPhone")}</li>
              <li>{t("import.columnUnit")}</li>
              <li>{t("import.columnRole")}</li>
            </ul>
            <p class="muted">{t("import.columnsEnglish")}</p>
            <p class="muted">{t("import.activation")}</p>
            <p class="muted">{t("import.formats")}</p>
            <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`} download="mau-danh-sach-thanh-vien.csv">
              {t("import.template")}
            </a>
          </section>
        </div>
        <div ref={resultBox}>
          <Show when={checked()}>
            {(outcome) => (
              <ImportResult outcome={outcome()}>
                <Show when={changingRows(outcome()) > 0} fallback={<p class="empty">{t("import.nothingToDo")}</p>}>
                  <div class="button-row">
                    <Button
                      busy={busy() === "commit"}
                      busyLabel={progress() === undefined ? t("import.committing") : `${t("import.committing")} ${progress()}%`}
                      onClick={() => void commit()}
                    >
                      {t("import.commit", { count: validRows(outcome()) })}
                    </Button>
                    <Button variant="secondary" onClick={another}>
                      {t("import.chooseOther")}
                    </Button>
                  </div>
                </Show>
              </ImportResult>
            )}
          </Show>
          <Show when={result()}>
            {(outcome) => (
              <ImportResult outcome={outcome()}>
                <div class="button-row">
                  <Button variant="secondary" onClick={another}>
                    {t("import.another")}
                  </Button>
                  <A class="button button--secondary" href="/admin">
                    {t("nav.myUnit")}
                  </A>
                </div>
              </ImportResult>
            )}
          </Show>
        </div>
      </Show>
    </AdminPage>
  );
}
