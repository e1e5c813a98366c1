import { importColumnOf } from "../model/member-import";
import { normalisePhone } from "../model/phone";
import { LIMITS, readXlsx, type Limits } from "./read-xlsx";

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Rows as CSV: cells quoted only when they hold a quote, comma or line break; lines end with "\n". */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((cells) => cells.map(csvCell).join(",")).join("\n");
}

/**
 * A member list workbook (.xlsx, first sheet) as the CSV that MemberImport.parseCsv reads: the one conversion
 * the server (MemberImport.toCsv) and the browser (routes/admin/lib/xlsx-to-csv) both run, so a list imports
 * the same whichever side converts it.
 *
 * Phones keep the leading 0 they have in the file. A phone typed as text (a Text "@" cell, or '0912000001)
 * keeps it. A phone typed into a General cell is stored by Excel as the number 912000001, without its 0, and
 * so is one shown as 0912000001 by a "0000000000" number format; normalisePhone rightly refuses nine digits.
 * So in the phone column, and only for number cells, nine digits that start like a mobile number (3, 5, 7, 8,
 * 9) get their 0 back. Text of nine digits is left as typed, and refused by the import's check.
 */
export function memberListCsv(bytes: Uint8Array, limits: Limits = LIMITS): string {
  const { rows, numeric } = readXlsx(bytes, limits);
  const phoneColumn = (rows[0] ?? []).findIndex((name) => importColumnOf(name) === "phone");
  return toCsv(
    rows.map((cells, row) =>
      row === 0 || phoneColumn < 0
        ? cells
        : cells.map((value, column) =>
            column === phoneColumn && numeric[row]![column] && /^\d{9}$/.test(value) && normalisePhone(`0${value}`) ? `0${value}` : value,
          ),
    ),
  );
}
