/**
 * Cells a spreadsheet could read as a formula (=, +, -, @, tab, carriage return) are prefixed with an
 * apostrophe (OWASP CSV injection guidance), in CSV and XLSX alike.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvLine(values: (string | number)[]): string {
  return `${values
    .map((value) => {
      const text = typeof value === "number" ? String(value) : neutralise(value);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(",")}\r\n`;
}
