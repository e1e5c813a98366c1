/**
 * The team list a commune or province admin uploads to create teams in bulk (CSV or XLSX): its columns, the
 * header names accepted for them (Vietnamese first, as admins write them), and what can be wrong with a row, as
 * codes the web app words. Same size limits as the member import (IMPORT_MAX_ROWS, the 2 MB body limit).
 */
export const TEAM_IMPORT_COLUMNS = ["communeCode", "teamName", "leaderName", "leaderPhone"] as const;
export type TeamImportColumn = (typeof TEAM_IMPORT_COLUMNS)[number];

/**
 * Accepted header names (compared lower case, NFC, spaces collapsed). "Số điện thoại" is also the member list's
 * phone header, so a workbook's phone typed as a number gets its leading 0 back (Spreadsheet.memberListCsv).
 */
export const TEAM_IMPORT_HEADERS: Record<TeamImportColumn, readonly string[]> = {
  communeCode: ["mã xã", "mã xã/phường", "mã đơn vị", "communecode", "unitcode"],
  teamName: ["tên tổ", "tên tổ cnscđ", "teamname"],
  leaderName: ["tổ trưởng", "họ tên tổ trưởng", "họ và tên tổ trưởng", "leadername"],
  leaderPhone: ["số điện thoại", "số điện thoại tổ trưởng", "sđt tổ trưởng", "sđt", "leaderphone", "phone"],
};

export function teamImportColumnOf(header: string): TeamImportColumn | undefined {
  const name = header.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();
  return TEAM_IMPORT_COLUMNS.find((column) => TEAM_IMPORT_HEADERS[column].includes(name));
}

export const TEAM_NAME_LIMITS = { min: 2, max: 120 } as const;

/**
 * What identifies a team within its commune: its name without case, spacing or Unicode-form differences, so
 * "Tổ CNSCĐ bản Bó" and "tổ cnscđ  bản bó" are the same team and a re-uploaded file creates nothing twice.
 */
export const teamNameKey = (name: string) => name.normalize("NFC").replace(/\s+/g, " ").trim().toLocaleLowerCase("vi");

/** One thing wrong with a row of the team list. */
export type TeamImportRowProblem =
  | { code: "team.name_short" | "team.name_long" }
  | { code: "name.short" | "name.long" | "name.characters" }
  | { code: "row.phone"; params: { value: string } }
  | { code: "row.commune"; params: { value: string } }
  | { code: "row.duplicate_team"; params: { row: number } }
  | { code: "row.duplicate_leader"; params: { phone: string; row: number } }
  /** The leader's account is a member of another team of the admin's units: not moved silently. */
  | { code: "row.leader_other_team"; params: { phone: string } }
  /** The leader's account belongs outside the admin's units (only found on the real run). */
  | { code: "row.leader_outside"; params: { phone: string } };

export interface TeamImportRowError {
  row: number;
  /** The team name and phone as written in the file, so the admin finds the row. */
  teamName: string;
  phone: string;
  problems: TeamImportRowProblem[];
  /** The problems in English, joined by "; ", for other API clients. */
  message: string;
}

/** What happened (or, in a dry run, would happen) to one valid row. */
export interface TeamImportTeam {
  row: number;
  teamName: string;
  communeCode: string;
  communeName: string;
  /** Absent in a dry run for a team that does not exist yet. */
  unitId?: string;
  joinCode?: string;
  team: "created" | "unchanged";
  /** created: a pending account (activates with a code); assigned: an existing account became leader. */
  leader: "created" | "assigned" | "unchanged";
  leaderId?: string;
}
