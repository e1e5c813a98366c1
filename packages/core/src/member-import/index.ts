export * as MemberImport from "./index";

import { createHash, randomBytes } from "node:crypto";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { assertCanOversee } from "../auth/scope";
import type { Session } from "../auth";
import { VisibleError } from "../error";
import type { Job } from "../job";
import * as Upload from "../job/upload";
import {
  IMPORT_MAX_ROWS,
  IMPORT_REQUIRED_COLUMNS,
  IMPORT_ROLES,
  importColumnOf,
  nameProblem,
  normaliseName,
  type ImportRowError,
  type ImportRowProblem,
} from "../model";
import { security } from "../log";
import { RateLimit } from "../rate-limit";
import { Spreadsheet } from "../spreadsheet";
import { Unit } from "../unit";
import { User } from "../user";
import { normalisePhone } from "../user/phone";

/**
 * Bulk import of members from the lists admins receive (CSV: fullName,phone,unitCode,role). A dry run checks
 * every row and changes nothing; a commit imports the valid rows. Re-importing the same file changes nothing.
 * Imported people are created without a password: they activate their account by registering with their
 * phone number (see User.register), so nobody hands out passwords.
 */
export const MAX_ROWS = IMPORT_MAX_ROWS;

const ImportRole = z.enum(IMPORT_ROLES);

export type RowError = ImportRowError;

const ROW_MESSAGES: {
  [Code in ImportRowProblem["code"]]: (params: Extract<ImportRowProblem, { code: Code }> extends { params: infer P } ? P : undefined) => string;
} = {
  "name.short": () => "Full name must have at least 2 characters",
  "name.long": () => "Full name must have at most 100 characters",
  "name.characters": () => "Full name may contain only letters, spaces, apostrophes, dots and hyphens",
  "row.phone": ({ value }) => `"${value}" is not a Vietnamese mobile number`,
  "row.duplicate": ({ phone, row }) => `phone ${phone} is already on row ${row}`,
  "row.role": ({ value }) => `role must be member or team-leader, not "${value}"`,
  "row.unit": ({ value }) => `unit code "${value}" is not a unit you manage`,
  "row.outside": ({ phone }) =>
    `phone ${phone} cannot be added to your units: it already has an account elsewhere. Ask the person, or an admin above you, to move it`,
};

/** A row's problems as codes for the app, and in English for other API clients. */
function rowError(row: number, fullName: string, problems: ImportRowProblem[]): RowError {
  const say = (problem: ImportRowProblem) => (ROW_MESSAGES[problem.code] as (params: unknown) => string)("params" in problem ? problem.params : undefined);
  return { row, fullName, problems, message: problems.map(say).join("; ") };
}

export interface Outcome {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
}

interface ValidRow {
  row: number;
  fullName: string;
  phone: string;
  unit: Unit.Info;
  role: z.infer<typeof ImportRole>;
}

/**
 * The file's separator, from its header line: Excel saves "CSV" with ";" under Vietnamese (and most European)
 * regional settings, "," elsewhere, and some tools use tabs. Whichever of the three the header uses most.
 */
export function delimiterOf(text: string): string {
  const header = (text.split(/\r?\n/, 1)[0] ?? "").replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((d) => [d, header.split(d).length - 1] as const);
  const [best] = counts.sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ",";
}

export async function parseCsv(text: string): Promise<Record<string, string>[]> {
  const { parse } = await import("csv-parse/sync");
  let records: string[][];
  try {
    const clean = text.replace(/^\uFEFF/, "");
    records = parse(clean, { delimiter: delimiterOf(clean), skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new VisibleError("import.unreadable", `The file could not be read as CSV: ${(err as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new VisibleError("import.empty", "The file is empty.");
  const columns = header.map((h) => importColumnOf(h) ?? h);
  for (const needed of IMPORT_REQUIRED_COLUMNS) {
    if (!columns.includes(needed))
      throw new VisibleError("import.missing_column", `The header must include the column "${needed}" (expected: fullName,phone,unitCode,role).`, {
        params: { column: needed },
      });
  }
  if (body.length > MAX_ROWS)
    throw new VisibleError("import.too_many_rows", `A file can have at most ${MAX_ROWS} rows; this one has ${body.length}. Split it into smaller files.`);
  return body.map((cells) => Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? ""])));
}

async function validate(records: Record<string, string>[], session: Session): Promise<{ valid: ValidRow[]; errors: RowError[] }> {
  const errors: RowError[] = [];
  const valid: ValidRow[] = [];
  const seenPhones = new Map<string, number>();
  const units = new Map<string, Unit.Info | null>();
  for (const [index, record] of records.entries()) {
    const row = index + 2; // 1-based, after the header
    const problems: ImportRowProblem[] = [];
    const nameIssue = nameProblem(record.fullName ?? "");
    if (nameIssue) problems.push({ code: nameIssue });
    const phone = normalisePhone(record.phone ?? "");
    if (!phone) problems.push({ code: "row.phone", params: { value: record.phone ?? "" } });
    else if (seenPhones.has(phone)) problems.push({ code: "row.duplicate", params: { phone, row: seenPhones.get(phone)! } });
    else seenPhones.set(phone, row);
    const role = ImportRole.safeParse((record.role || "member").toLowerCase());
    if (!role.success) problems.push({ code: "row.role", params: { value: record.role ?? "" } });
    const code = (record.unitCode ?? "").toUpperCase();
    if (!units.has(code)) {
      const unit = code ? await Unit.resolve(code) : undefined;
      const inScope = unit
        ? await assertCanOversee(session, unit.id).then(
            () => true,
            () => false,
          )
        : false;
      units.set(code, unit && inScope ? unit : null);
    }
    const unit = units.get(code);
    if (!unit) problems.push({ code: "row.unit", params: { value: record.unitCode ?? "" } });
    if (problems.length) errors.push(rowError(row, record.fullName ?? "", problems));
    else valid.push({ row, fullName: normaliseName(record.fullName!), phone: phone!, unit: unit!, role: role.data! });
  }
  return { valid, errors };
}

/** Imports are for admins; checked before the file is even read (see the import route). */
export function assertMayImport(session: Session) {
  if (!session.roles.some((r) => r === "admin" || r === "super-admin")) {
    throw new VisibleError("auth.forbidden", "Only admins can import members.");
  }
}

/**
 * A dry run must not tell an admin which phone numbers have accounts elsewhere: a number that belongs to someone
 * outside the admin's units is answered exactly like an unknown one ("would be created"). Only the commit,
 * which creates real accounts in the admin's own units and is audited, finds out. Dry runs are audited too, and
 * both are rate-limited per admin, in runs and in rows.
 */
export async function run(
  csv: string,
  session: Session,
  options: { dryRun: boolean; address?: string; onProgress?: (done: number, total: number) => Promise<void>; limited?: boolean },
): Promise<Outcome> {
  assertMayImport(session);
  const records = await parseCsv(csv);
  if (options.limited !== false) {
    if (options.dryRun) await RateLimit.hit(`import-dry-run:${session.userId}`, RateLimit.rules.importDryRunsPerAdmin);
    await RateLimit.hit(`import-rows:${session.userId}`, RateLimit.rules.importRowsPerAdmin, Date.now(), records.length);
  }
  const { valid, errors } = await validate(records, session);
  const outcome: Outcome = { dryRun: options.dryRun, rows: records.length, created: 0, updated: 0, unchanged: 0, errors };
  for (const [done, row] of valid.entries()) {
    if (options.onProgress && done % 50 === 0) await options.onProgress(done, valid.length);
    const existingId = await User.idByPhone(row.phone);
    const existing = existingId ? await User.get(existingId) : undefined;
    if (existing) {
      const inScope = existing.unitId
        ? await assertCanOversee(session, existing.unitId).then(
            () => true,
            () => false,
          )
        : false;
      if (!inScope) {
        if (options.dryRun) outcome.created++;
        else outcome.errors.push(rowError(row.row, row.fullName, [{ code: "row.outside", params: { phone: row.phone } }]));
        continue;
      }
      const roles = existing.roles.includes(row.role) ? existing.roles : [...existing.roles, row.role];
      if (existing.fullName === row.fullName && existing.unitId === row.unit.id && roles === existing.roles) {
        outcome.unchanged++;
        continue;
      }
      if (!options.dryRun)
        await User.updateProfile(existing.id, { fullName: row.fullName, unitId: row.unit.id, roles }, { userId: session.userId, address: options.address });
      outcome.updated++;
    } else {
      if (!options.dryRun) {
        await User.ensure({
          phone: row.phone,
          fullName: row.fullName,
          password: randomBytes(12).toString("base64url"),
          roles: [row.role],
          unitId: row.unit.id,
          pending: true,
        });
      }
      outcome.created++;
    }
  }
  outcome.errors.sort((a, b) => a.row - b.row);
  if (session.unitId) {
    const details = { rows: outcome.rows, created: outcome.created, updated: outcome.updated, errors: outcome.errors.length };
    await Audit.record(
      { userId: session.userId, address: options.address },
      options.dryRun ? "members.import_dry_run" : "members.import",
      session.unitId,
      undefined,
      details,
    );
  }
  if (options.dryRun) security("import.dry_run", { userId: session.userId, rows: outcome.rows });
  return outcome;
}

/**
 * The file as the admin sent it: CSV (UTF-8, with or without BOM) or an Excel workbook (.xlsx, first sheet),
 * returned as CSV text so both go through the same checks. Workbooks are read by the same code as in the
 * browser (Spreadsheet.memberListCsv), within its size, row and column limits.
 */
export async function toCsv(bytes: Uint8Array): Promise<string> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip) return new TextDecoder("utf-8").decode(bytes);
  try {
    return Spreadsheet.memberListCsv(bytes);
  } catch (error) {
    if (error instanceof Spreadsheet.SpreadsheetError) throw new VisibleError(error.code, error.message, { details: error.params });
    throw error;
  }
}

/** Files larger than this are imported by a background job (API Gateway answers within 30 s). */
export const INLINE_ROWS = 200;

export function countRows(csv: string) {
  return csv.split(/\r?\n/).filter((line) => line.trim()).length - 1;
}

interface JobParams extends Record<string, unknown> {
  key: string;
  session: Session;
  address?: string;
}

/** Stores the file and queues its import; the job's result is the same outcome as an inline import. */
export async function startJob(csv: string, session: Session, address?: string) {
  assertMayImport(session);
  if (!session.unitId) throw new VisibleError("auth.forbidden", "Only admins can import members.");
  return Upload.queue<JobParams>({
    kind: "import",
    csv,
    rows: (await parseCsv(csv)).length,
    limitKey: "import-rows",
    fileKey: (id) => `imports/${id}.csv`,
    session,
    address,
    extra: { sha256: createHash("sha256").update(csv).digest("hex") },
  });
}

/**
 * An admin's uploaded member list (CSV or .xlsx): a dry run or a small file is imported at once and answered
 * with its outcome; a larger one is queued as a job the admin follows with `jobStatus`.
 */
export async function submit(
  bytes: Uint8Array,
  session: Session,
  options: { dryRun: boolean; address?: string },
): Promise<{ outcome: Outcome } | { queued: Job.Info }> {
  const csv = await toCsv(bytes);
  if (!options.dryRun && countRows(csv) > INLINE_ROWS) return { queued: await startJob(csv, session, options.address) };
  return { outcome: await run(csv, session, options) };
}

/** Runs a queued import. Re-running it (after a crash) is safe: rows already imported count as unchanged. */
export const runJob = (jobId: string) =>
  Upload.run<JobParams, Outcome>(jobId, (csv, params, onProgress) =>
    run(csv, params.session, { dryRun: false, limited: false, address: params.address, onProgress }),
  );

/** A queued import's state and, when done, its outcome, for the admin who started it. */
export const jobStatus = (jobId: string, viewer: Session) => Upload.status<Outcome>("import", jobId, viewer);
