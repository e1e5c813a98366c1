/**
 * What each formatting button does to the text of a Markdown field, as pure functions: given the text and the
 * selection, the one range to replace, its replacement and the selection afterwards. The toolbar applies it as a
 * single edit (so one Ctrl+Z takes it back). The Markdown is the subset lessons are rendered with
 * (packages/core/src/course/markdown.ts): bold, "###" headings, "-" lists, https links; no inline images.
 */

export interface TextEdit {
  /** Replace value[from, to) with `insert`… */
  from: number;
  to: number;
  insert: string;
  /** …then select [selectFrom, selectTo) of the new text. */
  selectFrom: number;
  selectTo: number;
}

export interface Selection {
  value: string;
  start: number;
  end: number;
}

const lineStart = (value: string, at: number) => value.lastIndexOf("\n", at - 1) + 1;
const lineEnd = (value: string, at: number) => {
  const next = value.indexOf("\n", at);
  return next === -1 ? value.length : next;
};

/** The whole lines the selection touches (a selection ending at the very start of a line leaves that line out). */
function selectedLines({ value, start, end }: Selection) {
  const from = lineStart(value, start);
  const last = end > start && value[end - 1] === "\n" ? end - 1 : end;
  const to = lineEnd(value, Math.max(last, from));
  return { from, to, lines: value.slice(from, to).split("\n") };
}

/** `**bold**`: wraps the selection (each line of it), unwraps it when it is already bold, or inserts a sample to type over. */
export function bold(selection: Selection, sample: string): TextEdit {
  const { value } = selection;
  let { start, end } = selection;
  // A double-click selects the space after a word too; the stars go around the word itself.
  while (start < end && /\s/.test(value[start]!)) start++;
  while (end > start && /\s/.test(value[end - 1]!)) end--;
  const text = value.slice(start, end);

  if (text === "") {
    const insert = `**${sample}**`;
    return { from: start, to: end, insert, selectFrom: start + 2, selectTo: start + 2 + sample.length };
  }
  if (value.slice(start - 2, start) === "**" && value.slice(end, end + 2) === "**") {
    return { from: start - 2, to: end + 2, insert: text, selectFrom: start - 2, selectTo: end - 2 };
  }
  if (text.length > 4 && text.startsWith("**") && text.endsWith("**")) {
    const inner = text.slice(2, -2);
    return { from: start, to: end, insert: inner, selectFrom: start, selectTo: start + inner.length };
  }
  // Bold cannot span a blank line in Markdown, so each line is wrapped on its own.
  const insert = text
    .split("\n")
    .map((line) => {
      const trimmed = line.trim();
      if (!trimmed) return line;
      const lead = line.slice(0, line.indexOf(trimmed));
      return `${lead}**${trimmed}**${line.slice(lead.length + trimmed.length)}`;
    })
    .join("\n");
  return { from: start, to: end, insert, selectFrom: start, selectTo: start + insert.length };
}

const BULLET = /^(\s*)[-*+]\s+/;
const NUMBERED = /^(\s*)\d{1,9}[.)]\s+/;
const HEADING = /^\s{0,3}#{1,6}(\s+|$)/;

/**
 * `- item` on every selected line, or off again when they all are items already. A line that follows the list
 * directly would be read as part of its last item, so a blank line is added between them.
 */
export function bulletList(selection: Selection): TextEdit {
  const { value } = selection;
  const { from, to, lines } = selectedLines(selection);
  const filled = lines.filter((line) => line.trim() !== "");
  const allItems = filled.length > 0 && filled.every((line) => BULLET.test(line));

  if (allItems) {
    const insert = lines.map((line) => line.replace(BULLET, "$1")).join("\n");
    return { from, to, insert, selectFrom: from, selectTo: from + insert.length };
  }
  if (filled.length === 0) {
    // An empty line: start a list item and put the cursor after the dash.
    const insert = `${lines.join("\n")}- `;
    const cursor = from + insert.length;
    return { from, to, insert, selectFrom: cursor, selectTo: cursor };
  }
  let insert = lines.map((line) => (line.trim() === "" ? line : `- ${line.replace(NUMBERED, "$1").replace(HEADING, "").trimStart()}`)).join("\n");
  const after = value.slice(to + 1, lineEnd(value, to + 1));
  const needsGap = to < value.length && after.trim() !== "" && !BULLET.test(after);
  const selectTo = from + insert.length;
  if (needsGap) insert += "\n";
  return { from, to, insert, selectFrom: selectTo, selectTo };
}

/** `### heading` on the selected lines (a small heading inside a lesson), or back to plain text when they are headings. */
export function heading(selection: Selection, sample: string): TextEdit {
  const { from, to, lines } = selectedLines(selection);
  const filled = lines.filter((line) => line.trim() !== "");
  if (filled.length === 0) {
    const prefix = `${lines.join("\n")}### `;
    const insert = `${prefix}${sample}`;
    return { from, to, insert, selectFrom: from + prefix.length, selectTo: from + insert.length };
  }
  const allHeadings = filled.every((line) => HEADING.test(line));
  const insert = lines
    .map((line) => {
      if (line.trim() === "") return line;
      if (allHeadings) return line.replace(HEADING, "");
      return `### ${line.replace(HEADING, "").replace(BULLET, "").replace(NUMBERED, "").trim()}`;
    })
    .join("\n");
  return { from, to, insert, selectFrom: from + insert.length, selectTo: from + insert.length };
}

/** What a trainer typed as an address, made into one the lesson renderer accepts, or undefined if it cannot be. */
export function normaliseUrl(raw: string): string | undefined {
  let url = raw.trim();
  if (!url) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) url = `https://${url.replace(/^\/+/, "")}`;
  if (!/^https?:\/\/[^\s/?#]+\.[^\s/?#]+/i.test(url)) return undefined;
  // Spaces and parentheses would end the Markdown link early.
  return url.replace(/\s/g, "%20").replace(/\(/g, "%28").replace(/\)/g, "%29");
}

/** `[text](url)` in place of the selection (the text defaults to the address); the cursor goes after it. */
export function link(selection: Selection, text: string, url: string): TextEdit {
  const shown = (text.trim() || url).replace(/\s+/g, " ").replace(/([[\]\\])/g, "\\$1");
  const insert = `[${shown}](${url})`;
  const cursor = selection.start + insert.length;
  return { from: selection.start, to: selection.end, insert, selectFrom: cursor, selectTo: cursor };
}

/** The text after an edit (what the field holds once the browser has applied it). */
export function applyEdit(value: string, edit: TextEdit): string {
  return value.slice(0, edit.from) + edit.insert + value.slice(edit.to);
}
