/**
 * Cells a spreadsheet could read as a formula (=, +, -, @, tab, carriage return) are prefixed with an
 * apostrophe (OWASP CSV injection guidance), in CSV and XLSX alike.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV line; dates as YYYY-MM-DD (unambiguous in every regional setting); `;` for Excel in Vietnamese. */
export function csvLine(values: (string | number | Date)[], separator: "," | ";" = ","): string {
  const quote = separator === ";" ? /[";\r\n]/ : /[",\r\n]/;
  return `${values
    .map((value) => {
      const text = value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === "number" ? String(value) : neutralise(value);
      return quote.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(separator)}\r\n`;
}
