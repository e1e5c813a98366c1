export * as TeamImport from "./index";

import { createHash } from "node:crypto";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { assertCanOversee, isAdmin } from "../auth/scope";
import { VisibleError } from "../error";
import type { Job } from "../job";
import * as Upload from "../job/upload";
import { security } from "../log";
import { MemberImport } from "../member-import";
import {
  IMPORT_MAX_ROWS,
  nameProblem,
  normaliseName,
  TEAM_IMPORT_COLUMNS,
  TEAM_NAME_LIMITS,
  teamImportColumnOf,
  teamNameKey,
  type TeamImportOutcome,
  type TeamImportRowError,
  type TeamImportRowProblem,
  type TeamImportTeam,
} from "../model";
import { RateLimit } from "../rate-limit";
import { Unit } from "../unit";
import { normalisePhone } from "../user/phone";
import * as Leader from "./leader";

export { LEADER_ROLES } from "./leader";
export { joinCodeSheet, joinLink } from "./sheet";

/**
 * Teams in bulk: a commune or province admin uploads a list (commune code, team name, leader name, leader
 * phone). A dry run checks every row and changes nothing; the real run creates each valid row's team with a
 * join code and makes its leader. A team is identified by its commune and its name (teamNameKey), so uploading
 * the same file again creates nothing twice, and a run stopped half-way (a crash, a lost answer) is finished by
 * running it again. Same limits as the member import: size (route), rows, runs and rows per admin per hour.
 */
export type Outcome = TeamImportOutcome;

/** Files larger than this run as a background job (API Gateway answers within 30 s). */
export const INLINE_ROWS = MemberImport.INLINE_ROWS;

const ROW_MESSAGES: {
  [Code in TeamImportRowProblem["code"]]: (params: Extract<TeamImportRowProblem, { code: Code }> extends { params: infer P } ? P : undefined) => string;
} = {
  "team.name_short": () => `Team name must have at least ${TEAM_NAME_LIMITS.min} characters`,
  "team.name_long": () => `Team name must have at most ${TEAM_NAME_LIMITS.max} characters`,
  "name.short": () => "Leader's full name must have at least 2 characters",
  "name.long": () => "Leader's full name must have at most 100 characters",
  "name.characters": () => "Leader's full name may contain only letters, spaces, apostrophes, dots and hyphens",
  "row.phone": ({ value }) => `"${value}" is not a Vietnamese mobile number`,
  "row.commune": ({ value }) => `commune code "${value}" is not a commune you manage`,
  "row.duplicate_team": ({ row }) => `the same team is already on row ${row}`,
  "row.duplicate_leader": ({ phone, row }) => `phone ${phone} already leads the team on row ${row}`,
  "row.leader_other_team": ({ phone }) => `phone ${phone} is a member of another team; move them first if they should lead this one`,
  "row.leader_outside": ({ phone }) => `phone ${phone} has an account outside your units. Ask an admin above you`,
};

function rowError(row: number, teamName: string, phone: string, problems: TeamImportRowProblem[]): TeamImportRowError {
  const say = (problem: TeamImportRowProblem) => (ROW_MESSAGES[problem.code] as (params: unknown) => string)("params" in problem ? problem.params : undefined);
  return { row, teamName, phone, problems, message: problems.map(say).join("; ") };
}

type RawRow = Record<(typeof TEAM_IMPORT_COLUMNS)[number], string>;

/** The list's rows by column; a header without every column, or too many rows, is refused as a whole. */
export async function parseCsv(text: string): Promise<RawRow[]> {
  const { parse } = await import("csv-parse/sync");
  let records: string[][];
  try {
    const clean = text.replace(/^\uFEFF/, "");
    records = parse(clean, { delimiter: MemberImport.delimiterOf(clean), skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new VisibleError("import.unreadable", `The file could not be read as CSV: ${(err as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new VisibleError("import.empty", "The file is empty.");
  const columns = header.map((h) => teamImportColumnOf(h));
  for (const needed of TEAM_IMPORT_COLUMNS) {
    if (!columns.includes(needed))
      throw new VisibleError("import.missing_column", `The header must include the column "${needed}" (expected: ${TEAM_IMPORT_COLUMNS.join(",")}).`, {
        params: { column: needed },
      });
  }
  if (body.length > IMPORT_MAX_ROWS)
    throw new VisibleError(
      "import.too_many_rows",
      `A file can have at most ${IMPORT_MAX_ROWS} rows; this one has ${body.length}. Split it into smaller files.`,
    );
  return body.map((cells) => {
    const row = Object.fromEntries(TEAM_IMPORT_COLUMNS.map((column) => [column, ""])) as RawRow;
    columns.forEach((column, i) => {
      if (column && !row[column]) row[column] = cells[i] ?? "";
    });
    return row;
  });
}

/**
 * The commune a code names, through the one unit lookup by code (Unit.resolve), so old codes kept as aliases
 * after the 2025 map, and the code of a commune merged into another, resolve like current ones.
 */
export async function communeByCode(code: string): Promise<Unit.Info | undefined> {
  const clean = code.trim().toUpperCase();
  if (!/^[A-Z0-9-]{2,40}$/.test(clean)) return undefined;
  const unit = await Unit.resolve(clean);
  return unit?.kind === "commune" ? unit : undefined;
}

interface ValidRow {
  row: number;
  teamName: string;
  communeCode: string;
  commune: Unit.Info;
  leaderName: string;
  phone: string;
}

async function validate(records: RawRow[], session: Session): Promise<{ valid: ValidRow[]; errors: TeamImportRowError[] }> {
  const errors: TeamImportRowError[] = [];
  const valid: ValidRow[] = [];
  const seenTeams = new Map<string, number>();
  const seenPhones = new Map<string, number>();
  const communes = new Map<string, Unit.Info | null>();
  for (const [index, record] of records.entries()) {
    const row = index + 2; // 1-based, after the header
    const problems: TeamImportRowProblem[] = [];
    const code = record.communeCode.trim().toUpperCase();
    if (!communes.has(code)) {
      const commune = await communeByCode(code);
      const inScope = commune ? await assertCanOversee(session, commune.id).then(Boolean, () => false) : false;
      communes.set(code, commune && inScope ? commune : null);
    }
    const commune = communes.get(code);
    if (!commune) problems.push({ code: "row.commune", params: { value: record.communeCode } });
    const teamName = normaliseName(record.teamName);
    if (teamName.length < TEAM_NAME_LIMITS.min) problems.push({ code: "team.name_short" });
    else if (teamName.length > TEAM_NAME_LIMITS.max) problems.push({ code: "team.name_long" });
    else if (commune) {
      const key = `${commune.id}\n${teamNameKey(teamName)}`;
      if (seenTeams.has(key)) problems.push({ code: "row.duplicate_team", params: { row: seenTeams.get(key)! } });
      else seenTeams.set(key, row);
    }
    const nameIssue = nameProblem(record.leaderName);
    if (nameIssue) problems.push({ code: nameIssue });
    const phone = normalisePhone(record.leaderPhone);
    if (!phone) problems.push({ code: "row.phone", params: { value: record.leaderPhone } });
    else if (seenPhones.has(phone)) problems.push({ code: "row.duplicate_leader", params: { phone, row: seenPhones.get(phone)! } });
    else seenPhones.set(phone, row);
    if (problems.length) errors.push(rowError(row, record.teamName, record.leaderPhone, problems));
    else valid.push({ row, teamName, communeCode: commune!.code, commune: commune!, leaderName: normaliseName(record.leaderName), phone: phone! });
  }
  return { valid, errors };
}

/** Imports are for admins; checked before the file is even read (see the route). */
export function assertMayImport(session: Session) {
  if (!isAdmin(session) || !session.unitId) throw new VisibleError("auth.forbidden", "Only commune and province admins can create teams in bulk.");
}

/**
 * A team's id and code from its commune and name: two runs racing on the same row create one unit, not two.
 * The code's last part starts the team's join codes (Unit.newJoinCode), so it uses only characters that
 * cannot be misread when copied from a printed sheet (no 0/O, 1/I/L).
 */
function teamIdentity(commune: Unit.Info, teamName: string) {
  const hash = createHash("sha256")
    .update(`${commune.id}\n${teamNameKey(teamName)}`)
    .digest();
  const readable = Array.from(hash.subarray(0, 5), (byte) => "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[byte % 31]).join("");
  return { id: `t-${hash.toString("hex").slice(0, 24)}`, code: `${commune.code}-T${readable}` };
}

/** The teams already in a commune, by name key (read once per commune per run). */
async function teamsOf(commune: Unit.Info, cache: Map<string, Map<string, Unit.Info>>) {
  let teams = cache.get(commune.id);
  if (!teams) {
    teams = new Map((await Unit.children(commune.id)).filter((unit) => Unit.holdsMembers(unit.kind)).map((unit) => [teamNameKey(unit.name), unit]));
    cache.set(commune.id, teams);
  }
  return teams;
}

/**
 * One row: the leader is checked before anything is written, so a row that fails leaves nothing behind. Then
 * the team (created once, with a deterministic id), its join code (only if it has none: re-running never
 * rotates a code that may already be printed), and its leader.
 */
async function applyRow(row: ValidRow, session: Session, options: { dryRun: boolean; address?: string }, cache: Map<string, Map<string, Unit.Info>>) {
  const actor: Audit.Actor = { userId: session.userId, address: options.address };
  const existing = (await teamsOf(row.commune, cache)).get(teamNameKey(row.teamName));
  const leader = await Leader.check(row.phone, existing, session, options.dryRun);
  if (leader.kind === "other-team" || leader.kind === "outside") {
    const code = leader.kind === "other-team" ? "row.leader_other_team" : "row.leader_outside";
    return { error: rowError(row.row, row.teamName, row.phone, [{ code, params: { phone: row.phone } }]) };
  }
  const leaderState: TeamImportTeam["leader"] = leader.kind === "new" ? "created" : leader.kind === "assign" ? "assigned" : "unchanged";
  const base = { row: row.row, teamName: row.teamName, communeCode: row.communeCode, communeName: row.commune.name };
  if (options.dryRun) {
    return {
      team: { ...base, unitId: existing?.id, joinCode: existing?.joinCode, team: existing ? "unchanged" : "created", leader: leaderState } as TeamImportTeam,
    };
  }
  let team = existing ?? (await Unit.create({ ...teamIdentity(row.commune, row.teamName), name: row.teamName, kind: "team", parentId: row.commune.id }, actor));
  if (!team.joinCode) team = { ...team, joinCode: await Unit.rotateJoinCode(team.id, actor) };
  (await teamsOf(row.commune, cache)).set(teamNameKey(team.name), team);
  const user = await Leader.appoint(team, { phone: row.phone, fullName: row.leaderName }, leader, actor);
  return {
    team: {
      ...base,
      unitId: team.id,
      joinCode: team.joinCode,
      team: existing ? "unchanged" : "created",
      leader: leaderState,
      leaderId: user.id,
    } as TeamImportTeam,
  };
}

export async function run(
  csv: string,
  session: Session,
  options: { dryRun: boolean; address?: string; onProgress?: (done: number, total: number) => Promise<void>; limited?: boolean },
): Promise<Outcome> {
  assertMayImport(session);
  const records = await parseCsv(csv);
  if (options.limited !== false) {
    if (options.dryRun) await RateLimit.hit(`team-import-dry-run:${session.userId}`, RateLimit.rules.importDryRunsPerAdmin);
    await RateLimit.hit(`team-import-rows:${session.userId}`, RateLimit.rules.importRowsPerAdmin, Date.now(), records.length);
  }
  const { valid, errors } = await validate(records, session);
  const outcome: Outcome = { dryRun: options.dryRun, rows: records.length, created: 0, unchanged: 0, leadersCreated: 0, leadersAssigned: 0, teams: [], errors };
  const cache = new Map<string, Map<string, Unit.Info>>();
  for (const [done, row] of valid.entries()) {
    if (options.onProgress && done % 50 === 0) await options.onProgress(done, valid.length);
    const result = await applyRow(row, session, options, cache);
    if (result.error) {
      outcome.errors.push(result.error);
      continue;
    }
    const team = result.team!;
    outcome.teams.push(team);
    if (team.team === "created") outcome.created++;
    else outcome.unchanged++;
    if (team.leader === "created") outcome.leadersCreated++;
    if (team.leader === "assigned") outcome.leadersAssigned++;
  }
  outcome.errors.sort((a, b) => a.row - b.row);
  const details = { rows: outcome.rows, created: outcome.created, leadersCreated: outcome.leadersCreated, errors: outcome.errors.length };
  await Audit.record(
    { userId: session.userId, address: options.address },
    options.dryRun ? "teams.import_dry_run" : "teams.import",
    session.unitId!,
    undefined,
    details,
  );
  if (options.dryRun) security("import.dry_run", { userId: session.userId, rows: outcome.rows, kind: "teams" });
  return outcome;
}

type JobParams = Upload.UploadParams;

async function startJob(csv: string, session: Session, address?: string) {
  return Upload.queue<JobParams>({
    kind: "team_import",
    csv,
    rows: (await parseCsv(csv)).length,
    limitKey: "team-import-rows",
    fileKey: (id) => `imports/teams-${id}.csv`,
    session,
    address,
  });
}

/** An uploaded team list (CSV or .xlsx): a dry run or a small file is run at once; a larger one is queued. */
export async function submit(
  bytes: Uint8Array,
  session: Session,
  options: { dryRun: boolean; address?: string },
): Promise<{ outcome: Outcome } | { queued: Job.Info }> {
  assertMayImport(session);
  const csv = await MemberImport.toCsv(bytes);
  if (!options.dryRun && MemberImport.countRows(csv) > INLINE_ROWS) return { queued: await startJob(csv, session, options.address) };
  return { outcome: await run(csv, session, options) };
}

/** Runs a queued team import. Re-running it (after a crash) is safe: teams already made count as unchanged. */
export const runJob = (jobId: string) =>
  Upload.run<JobParams, Outcome>(jobId, (csv, params, onProgress) =>
    run(csv, params.session, { dryRun: false, limited: false, address: params.address, onProgress }),
  );

export const jobStatus = (jobId: string, viewer: Session) => Upload.status<Outcome>("team_import", jobId, viewer);
