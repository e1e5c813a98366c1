export * as Spreadsheet from "./index";

/**
 * Spreadsheets admins upload, read the same way on the server and in the browser: no Node API, no AWS SDK,
 * no zod, so the web app can load it (lazily, on the import screen only).
 */
export { SpreadsheetError, type SpreadsheetErrorCode, type SpreadsheetErrorParams } from "./error";
export { LIMITS, readXlsx, type Limits, type Sheet } from "./read-xlsx";
export { memberListCsv, toCsv } from "./csv";
