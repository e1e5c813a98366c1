const FORMULA = /^[=+\-@\t\r]/;

/**
 * Cells a spreadsheet could read as a formula (=, +, -, @, tab, carriage return) are prefixed with an
 * apostrophe (OWASP CSV injection guidance), in CSV and XLSX alike.
 */
export function neutralise(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

const NEEDS_QUOTES = { ",": /[",\r\n]/, ";": /[";\r\n]/ } as const;

/** One CSV line; dates as YYYY-MM-DD (unambiguous in every regional setting); `;` for Excel in Vietnamese. */
export function csvLine(values: (string | number | Date)[], separator: "," | ";" = ","): string {
  // A loop, not map and join: a national list is 400,000 lines and more (docs/performance.md).
  const quote = NEEDS_QUOTES[separator];
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === "number" ? String(value) : neutralise(value);
    line += `${i ? separator : ""}${quote.test(text) ? `"${text.replace(/"/g, '""')}"` : text}`;
  }
  return `${line}\r\n`;
}
