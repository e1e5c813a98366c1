/**
 * Why a workbook was refused, as a stable code with its numbers. The server turns it into a VisibleError with
 * the same code (member-import `toCsv`); the web app words it in the reader's language.
 */
export type SpreadsheetErrorCode = "import.too_large" | "import.unreadable" | "import.too_many_rows" | "import.too_many_columns";

export type SpreadsheetErrorParams = Record<string, string | number>;

const MESSAGES: Record<SpreadsheetErrorCode, (params: SpreadsheetErrorParams) => string> = {
  "import.too_large": ({ limit, unit }) =>
    `The workbook is too large once unpacked (at most ${unit === "bytes" ? `${Number(limit) / 2 ** 20} MB` : `${limit} ${unit}`}). Save only the list in a new workbook and try again.`,
  "import.unreadable": () => "The file could not be read as an Excel workbook (.xlsx) or CSV.",
  "import.too_many_rows": ({ limit }) => `The first sheet has more than ${limit} rows. Split it into smaller files.`,
  "import.too_many_columns": ({ limit }) => `The first sheet has values beyond column ${limit}. Keep only the columns of the list.`,
};

export class SpreadsheetError extends Error {
  constructor(
    readonly code: SpreadsheetErrorCode,
    readonly params: SpreadsheetErrorParams = {},
    options?: ErrorOptions,
  ) {
    super(MESSAGES[code](params), options);
    this.name = "SpreadsheetError";
  }
}

export const unreadable = (cause?: unknown) => new SpreadsheetError("import.unreadable", {}, cause === undefined ? undefined : { cause });

export const tooLarge = (limit: number, unit: "bytes" | "entries" | "characters") => new SpreadsheetError("import.too_large", { limit, unit });
