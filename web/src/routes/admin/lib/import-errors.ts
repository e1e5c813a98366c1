import type { AdminKey, AdminTranslate } from "../messages";

/**
 * The import checks each row on the server and explains problems in English sentences of a fixed shape
 * (packages/core/src/member-import). Each known shape is shown in the reader's language; anything else is
 * shown as the server wrote it rather than hidden.
 */
const PATTERNS: [RegExp, AdminKey, string[]][] = [
  [/^"(.*)" is not a Vietnamese mobile number$/s, "import.row.phone", ["value"]],
  [/^phone (\S+) is already on row (\d+)$/, "import.row.duplicate", ["phone", "row"]],
  [/^role must be member or team-leader, not "(.*)"$/s, "import.row.role", ["value"]],
  [/^unit code "(.*)" is not a unit you manage$/s, "import.row.unit", ["value"]],
  [/^phone (\S+) belongs to a member outside your units$/, "import.row.outside", ["phone"]],
  [/^Full name must have at least 2 characters$/, "import.row.nameShort", []],
  [/^Full name must have at most 100 characters$/, "import.row.nameLong", []],
  [/^Full name may contain only letters/, "import.row.nameChars", []],
];

function explainOne(problem: string, t: AdminTranslate) {
  for (const [pattern, key, names] of PATTERNS) {
    const match = pattern.exec(problem);
    if (match) return t(key, Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? ""])));
  }
  return problem;
}

/** One row's problems (joined with "; " by the server), each in the reader's language. */
export function explainRowProblems(message: string, t: AdminTranslate): string[] {
  return message
    .split("; ")
    .map((problem) => problem.trim())
    .filter(Boolean)
    .map((problem) => explainOne(problem, t));
}
