/**
 * The member list an admin imports (CSV or XLSX): its columns, the header names accepted for them (English and
 * Vietnamese, as the import screen shows), its size, and what can be wrong with a row, as codes.
 */
export const IMPORT_MAX_ROWS = 5000;

export const IMPORT_COLUMNS = ["fullName", "phone", "unitCode", "role"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const IMPORT_REQUIRED_COLUMNS = ["fullName", "phone", "unitCode"] as const satisfies readonly ImportColumn[];

/** Accepted header names (compared lower case, NFC), the Vietnamese ones first: those are what admins write. */
export const IMPORT_HEADERS: Record<ImportColumn, readonly string[]> = {
  fullName: ["họ và tên", "họ tên", "fullname"],
  phone: ["số điện thoại", "phone"],
  unitCode: ["mã đơn vị", "unitcode"],
  role: ["vai trò", "role"],
};

export function importColumnOf(header: string): ImportColumn | undefined {
  const name = header.normalize("NFC").trim().toLowerCase();
  return IMPORT_COLUMNS.find((column) => IMPORT_HEADERS[column].includes(name));
}

export const IMPORT_ROLES = ["member", "team-leader"] as const;

/** One thing wrong with a row, and what it is about. */
export type ImportRowProblem =
  | { code: "name.short" | "name.long" | "name.characters" }
  | { code: "row.phone"; params: { value: string } }
  | { code: "row.duplicate"; params: { phone: string; row: number } }
  | { code: "row.role"; params: { value: string } }
  | { code: "row.unit"; params: { value: string } }
  | { code: "row.outside"; params: { phone: string } };

export interface ImportRowError {
  row: number;
  /** The name as written in the file, so the admin finds the row. */
  fullName: string;
  problems: ImportRowProblem[];
  /** The problems in English, joined by "; " (shared/API.md's `{row, message}`). */
  message: string;
}
