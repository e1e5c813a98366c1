import { createMemo, For, Show } from "solid-js";
import { type Translate, useMessages } from "../../../i18n";
import { contentProblems, type ContentProblem } from "@kns/core/model";
import type { Content, MediaFile } from "../model";
import { scenarioEditorMessages, type ScenarioEditorKey } from "./scenario-messages";

interface ListedProblem {
  path: string;
  where: string;
  message: string;
  level: "save" | "publish";
}

/** Inside a scenario, in words: "Bước 2 › Lựa chọn 1", "Kết thúc 3", "Dấu hiệu 1" (numbers as the editor shows them). */
function describeScenarioPath(parts: string[], t: Translate<ScenarioEditorKey>): string {
  const number = (at: number) => Number(parts[at]) + 1;
  const isIndex = (at: number) => parts[at] !== undefined && /^\d+$/.test(parts[at]!);
  const out: string[] = [];
  if (parts[0] === "steps" && isIndex(1)) {
    out.push(t("where.step", { n: number(1) }));
    if (parts[2] === "choices" && isIndex(3)) out.push(t("where.choice", { n: number(3) }));
    if (parts[2] === "messages" && isIndex(3)) out.push(t("where.message", { n: number(3) }));
  } else if (parts[0] === "endings" && isIndex(1)) out.push(t("where.ending", { n: number(1) }));
  else if (parts[0] === "signs" && isIndex(1)) out.push(t("where.sign", { n: number(1) }));
  return out.map((part) => ` › ${part}`).join("");
}

/** Where a content path points, in words: "Phần 2 › Bài 1 «Mã OTP»", "Phần 1 › Bài 3 «Cuộc gọi giả» › Bước 2 › Lựa chọn 1". */
function describePath(path: string, content: Content, t: Translate<ScenarioEditorKey>): string {
  const parts = path.split(".");
  if (parts[0] !== "modules" || parts[1] === undefined || !/^\d+$/.test(parts[1])) return t("where.course");
  const m = Number(parts[1]);
  const module = content.modules[m];
  const moduleLabel = t("where.module", { n: m + 1 });
  if (parts[2] === "lessons" && parts[3] !== undefined && /^\d+$/.test(parts[3])) {
    const l = Number(parts[3]);
    const title = module?.lessons[l]?.title.trim();
    const inScenario = parts[4] === "scenario" ? describeScenarioPath(parts.slice(5), t) : "";
    return `${moduleLabel} › ${t("where.lesson", { n: l + 1 })}${title ? ` «${title}»` : ""}${inScenario}`;
  }
  if (parts[2] === "quiz") {
    if (parts[3] === "questions" && parts[4] !== undefined && /^\d+$/.test(parts[4]))
      return `${moduleLabel} › ${t("where.question", { n: Number(parts[4]) + 1 })}`;
    return `${moduleLabel} › ${t("where.quiz")}`;
  }
  const title = module?.title.trim();
  return `${moduleLabel}${title ? ` «${title}»` : ""}`;
}

/**
 * The device's own findings plus whatever the server reported that they do not already cover. Both come from the
 * same rules (the model's content problems) as codes, so both are worded here in the trainer's language; the
 * server's can still differ when the draft on the phone is newer than the one it checked.
 */
function merged(findings: ContentProblem[], server: readonly ContentProblem[]): ContentProblem[] {
  const seen = new Set(findings.map((f) => `${f.path}|${f.code}`));
  return [...findings, ...server.filter((p) => !seen.has(`${p.path}|${p.code}`))];
}

function listProblems(findings: ContentProblem[], server: readonly ContentProblem[], content: Content, t: Translate<ScenarioEditorKey>): ListedProblem[] {
  return merged(findings, server).map((f) => ({
    path: f.path,
    level: f.level,
    where: describePath(f.path, content, t),
    message: t(`problem.${f.code}`, f.params),
  }));
}

/** How many entries the checklist shows: the device's findings plus the server's that they do not cover. */
export function countProblems(findings: ContentProblem[], server: readonly ContentProblem[]): number {
  return merged(findings, server).length;
}

/** The checklist: what to fix before saving, then before publishing; each entry takes the trainer to the place. */
export function ProblemsList(props: {
  content: Content;
  media: Record<string, MediaFile>;
  serverProblems?: readonly ContentProblem[];
  onSelect: (path: string) => void;
  headingLevel?: 2 | 3;
}) {
  const t = useMessages(scenarioEditorMessages);
  const items = createMemo(() => listProblems(contentProblems(props.content, props.media), props.serverProblems ?? [], props.content, t));
  const blocking = () => items().filter((item) => item.level === "save");
  const before = () => items().filter((item) => item.level === "publish");
  const Group = (group: { title: string; list: ListedProblem[]; kind: string }) => (
    <Show when={group.list.length}>
      <h3 class={`t-problems__heading t-problems__heading--${group.kind}`}>{group.title}</h3>
      <ul class="t-problems__list">
        <For each={group.list}>
          {(item) => (
            <li>
              <button type="button" class="t-problem" onClick={() => props.onSelect(item.path)}>
                <span class="t-problem__where">{item.where}</span>
                <span class="t-problem__message">{item.message}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
  return (
    <section class="t-problems" aria-label={t("problems.title")}>
      <Show when={props.headingLevel !== 3} fallback={<h3 class="t-problems__title">{t("problems.title")}</h3>}>
        <h2 class="t-problems__title">{t("problems.title")}</h2>
      </Show>
      <Show when={items().length} fallback={<p class="t-problems__ok">{t("problems.none")}</p>}>
        <p class="t-problems__count" role="status">
          {t("problems.count", { n: items().length })}
        </p>
        <Group title={t("problems.beforeSave")} list={blocking()} kind="save" />
        <Group title={t("problems.beforePublish")} list={before()} kind="publish" />
      </Show>
    </section>
  );
}
