export * as MemberImport from "./index";

import { randomBytes } from "node:crypto";
import { z } from "zod";
import { Audit } from "../audit";
import { assertCanOversee } from "../auth/scope";
import type { Session } from "../auth";
import { VisibleError } from "../error";
import { Unit } from "../unit";
import { User } from "../user";
import { normalisePhone } from "../user/phone";

/**
 * Bulk import of members from the lists admins receive (CSV: fullName,phone,unitCode,role). A dry run checks
 * every row and changes nothing; a commit imports the valid rows. Re-importing the same file changes nothing.
 * Imported people are created without a password: they activate their account by registering with their
 * phone number (see User.register), so nobody hands out passwords.
 */
export const MAX_ROWS = 5000;

const ImportRole = z.enum(["member", "team-leader"]);

export interface RowError {
  row: number;
  message: string;
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

const HEADER_ALIASES: Record<string, string> = {
  fullname: "fullName",
  "họ và tên": "fullName",
  "họ tên": "fullName",
  phone: "phone",
  "số điện thoại": "phone",
  unitcode: "unitCode",
  "mã đơn vị": "unitCode",
  role: "role",
  "vai trò": "role",
};

export async function parseCsv(text: string): Promise<Record<string, string>[]> {
  const { parse } = await import("csv-parse/sync");
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new VisibleError("input", "import.unreadable", `The file could not be read as CSV: ${(err as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new VisibleError("input", "import.empty", "The file is empty.");
  const columns = header.map((h) => HEADER_ALIASES[h.normalize("NFC").toLowerCase().trim()] ?? h);
  for (const needed of ["fullName", "phone", "unitCode"]) {
    if (!columns.includes(needed)) throw new VisibleError("input", "import.missing_column", `The header must include the column "${needed}" (expected: fullName,phone,unitCode,role).`);
  }
  if (body.length > MAX_ROWS) throw new VisibleError("input", "import.too_many_rows", `A file can have at most ${MAX_ROWS} rows; this one has ${body.length}. Split it into smaller files.`);
  return body.map((cells) => Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? ""])));
}

async function validate(records: Record<string, string>[], session: Session): Promise<{ valid: ValidRow[]; errors: RowError[] }> {
  const errors: RowError[] = [];
  const valid: ValidRow[] = [];
  const seenPhones = new Map<string, number>();
  const units = new Map<string, Unit.Info | null>();
  for (const [index, record] of records.entries()) {
    const row = index + 2; // 1-based, after the header
    const problems: string[] = [];
    const name = User.FullName.safeParse(record.fullName ?? "");
    if (!name.success) problems.push(name.error.issues[0]!.message);
    const phone = normalisePhone(record.phone ?? "");
    if (!phone) problems.push(`"${record.phone}" is not a Vietnamese mobile number`);
    else if (seenPhones.has(phone)) problems.push(`phone ${phone} is already on row ${seenPhones.get(phone)}`);
    else seenPhones.set(phone, row);
    const role = ImportRole.safeParse((record.role || "member").toLowerCase());
    if (!role.success) problems.push(`role must be member or team-leader, not "${record.role}"`);
    const code = (record.unitCode ?? "").toUpperCase();
    if (!units.has(code)) {
      const unit = code ? await Unit.getByCode(code) : undefined;
      const inScope = unit ? await assertCanOversee(session, unit.id).then(() => true, () => false) : false;
      units.set(code, unit && inScope ? unit : null);
    }
    const unit = units.get(code);
    if (!unit) problems.push(`unit code "${record.unitCode}" is not a unit you manage`);
    if (problems.length) errors.push({ row, message: problems.join("; ") });
    else valid.push({ row, fullName: name.data!, phone: phone!, unit: unit!, role: role.data! });
  }
  return { valid, errors };
}

export async function run(csv: string, session: Session, options: { dryRun: boolean; address?: string }): Promise<Outcome> {
  if (!session.roles.some((r) => r === "admin" || r === "super-admin")) {
    throw new VisibleError("forbidden", "auth.forbidden", "Only admins can import members.");
  }
  const records = await parseCsv(csv);
  const { valid, errors } = await validate(records, session);
  const outcome: Outcome = { dryRun: options.dryRun, rows: records.length, created: 0, updated: 0, unchanged: 0, errors };
  for (const row of valid) {
    const existingId = await User.idByPhone(row.phone);
    const existing = existingId ? await User.get(existingId) : undefined;
    if (existing) {
      const inScope = existing.unitId ? await assertCanOversee(session, existing.unitId).then(() => true, () => false) : false;
      if (!inScope) {
        outcome.errors.push({ row: row.row, message: `phone ${row.phone} belongs to a member outside your units` });
        continue;
      }
      const roles = existing.roles.includes(row.role) ? existing.roles : [...existing.roles, row.role];
      if (existing.fullName === row.fullName && existing.unitId === row.unit.id && roles === existing.roles) {
        outcome.unchanged++;
        continue;
      }
      if (!options.dryRun) await User.updateProfile(existing.id, { fullName: row.fullName, unitId: row.unit.id, roles }, { userId: session.userId, address: options.address });
      outcome.updated++;
    } else {
      if (!options.dryRun) {
        await User.ensure({ phone: row.phone, fullName: row.fullName, password: randomBytes(24).toString("base64url"), roles: [row.role], unitId: row.unit.id, pending: true });
      }
      outcome.created++;
    }
  }
  outcome.errors.sort((a, b) => a.row - b.row);
  if (!options.dryRun && session.unitId) {
    await Audit.record({ userId: session.userId, address: options.address }, "members.import", session.unitId, undefined, { rows: outcome.rows, created: outcome.created, updated: outcome.updated, errors: outcome.errors.length });
  }
  return outcome;
}
