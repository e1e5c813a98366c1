const FORMULA = /^[=+\-@\t\r]/;

/**
 * Cells a spreadsheet could read as a formula (=, +, -, @, tab, carriage return) are prefixed with an
 * apostrophe (OWASP CSV injection guidance), in CSV and XLSX alike.
 */
export function neutralise(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

const NEEDS_QUOTES = { ",": /[",\r\n]/, ";": /[";\r\n]/ } as const;

/** One text cell as a CSV line holds it: neutralised, and quoted when it holds the separator, a quote or a line break. */
export function csvCell(value: string, separator: "," | ";"): string {
  const text = neutralise(value);
  return NEEDS_QUOTES[separator].test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A date cell in a CSV: YYYY-MM-DD, unambiguous in every regional setting. */
export const csvDate = (value: Date) => value.toISOString().slice(0, 10);

/** One CSV line; dates as YYYY-MM-DD (unambiguous in every regional setting); `;` for Excel in Vietnamese. */
export function csvLine(values: (string | number | Date)[], separator: "," | ";" = ","): string {
  // A loop, not map and join: a national list is 400,000 lines and more (docs/performance.md).
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    line += `${i ? separator : ""}${value instanceof Date ? csvDate(value) : typeof value === "number" ? String(value) : csvCell(value, separator)}`;
  }
  return `${line}\r\n`;
}
