import { Spreadsheet } from "@kns/core/spreadsheet";

/**
 * Reads the first sheet of an .xlsx workbook and writes it as CSV, with the server's own reader
 * (packages/core/src/spreadsheet), so a list imports the same whether the browser or the server converts it.
 * Loaded only when someone picks an .xlsx file. Any failure is reported as Error("xlsx"); its cause is the
 * SpreadsheetError, whose code says why (too large, too many rows or columns, unreadable).
 */
export async function xlsxToCsv(bytes: Uint8Array): Promise<string> {
  try {
    return Spreadsheet.memberListCsv(bytes);
  } catch (error) {
    throw new Error("xlsx", { cause: error });
  }
}
