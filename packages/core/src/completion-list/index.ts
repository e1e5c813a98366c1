export * as CompletionList from "./index";

import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { assertCanOversee, requireRole } from "../auth/scope";
import { formatCode } from "../certificate/code";
import { Course } from "../course";
import { mapOrdered } from "../db/ordered";
import { VisibleError } from "../error";
import { Job } from "../job";
import { metric } from "../log";
import { Progress } from "../progress";
import { objects } from "../storage";
import { Unit } from "../unit";
import { User } from "../user";
import { Campaign } from "../campaign";
import { maskPhone } from "../user/phone";
import { XLSX_MAX_ROWS } from "../model/limits";
import { csvCell, csvDate, csvLine, neutralise } from "./cells";

export const ExportInput = z.object({
  /** Client-made id so a retried request does not start a second export. */
  id: z.optional(z.uuid()),
  unitId: z.string().check(z.minLength(1), z.maxLength(80)),
  courseId: z.optional(Course.CourseId),
  /** The courses of a campaign that applies to the unit (its own or one set above it), instead of one course. */
  campaignId: z.optional(z.uuid()),
  format: z.enum(["csv", "xlsx"]),
  /** CSV only: ";" is what Excel expects under Vietnamese regional settings (it opens "," as one column). */
  separator: z._default(z.enum([",", ";"]), ","),
  includePhones: z._default(z.boolean(), false),
});
export type ExportInput = z.infer<typeof ExportInput>;

export interface Params extends Record<string, unknown> {
  unitId: string;
  courseId?: string;
  /** Set when the list is filtered by a campaign: its courses. */
  campaignId?: string;
  courseIds?: string[];
  format: "csv" | "xlsx";
  separator?: "," | ";";
  includePhones: boolean;
}

export const HEADER = [
  "Họ và tên",
  "Số điện thoại",
  "Tỉnh/Thành",
  "Xã/Phường",
  "Tổ",
  "Khoá học",
  "Trạng thái",
  "Điểm TB (%)",
  "Ngày hoàn thành",
  "Mã chứng nhận",
];

const tooManyRowsForXlsx = (limit: number) => new VisibleError("export.too_many_rows", undefined, { params: { limit } });

const STATUS = { done: "Hoàn thành", learning: "Đang học", none: "Chưa bắt đầu", pending: "Chưa kích hoạt tài khoản" };

/** Starts an export job over a unit subtree, for an admin over that unit. */
export async function start(input: ExportInput, viewer: Session, actor: Audit.Actor) {
  requireRole(viewer, "admin", "super-admin");
  if (input.courseId && !(await Course.getMeta(input.courseId))) throw new VisibleError("course.not_found", "There is no course with this id.");
  const unit = await assertCanOversee(viewer, input.unitId);
  let courseIds: string[] | undefined;
  if (input.campaignId) {
    const campaign = await Campaign.get(input.campaignId);
    if (!campaign || !Unit.lineage(unit).includes(campaign.unitId)) throw new VisibleError("campaign.not_found", "There is no campaign with this id.");
    courseIds = campaign.courseIds;
  }
  if (input.format === "xlsx") {
    // Refused before a job starts: a sheet cannot hold the list, and the admin should hear it now, not in an hour.
    // The unit's counters give its members and not-yet-activated accounts (the list's people, give or take staff
    // with a member's role); the run checks the real count as it writes.
    const [stats, courseCount] = await Promise.all([
      Unit.stats(input.unitId, { months: 0 }),
      courseIds ? courseIds.length : input.courseId ? 1 : Course.counted().then((all) => all.length),
    ]);
    if ((stats.members + stats.pending) * courseCount > XLSX_MAX_ROWS) throw tooManyRowsForXlsx(XLSX_MAX_ROWS);
  }
  const params: Params = {
    unitId: input.unitId,
    courseId: input.courseId,
    ...(courseIds ? { campaignId: input.campaignId, courseIds } : {}),
    format: input.format,
    separator: input.separator,
    includePhones: input.includePhones,
  };
  const { job, created } = await Job.create({ id: input.id ?? crypto.randomUUID(), kind: "export", requestedBy: actor.userId, unitId: input.unitId, params });
  if (created) await Audit.record(actor, input.includePhones ? "export.create.with_phones" : "export.create", input.unitId, job.id, params);
  return job;
}

export type Cell = string | number | Date;

/**
 * Units whose members and progress are read at once. The nation is 77,000 units and about 151,000 small
 * queries: one after another at 5–10 ms each (DynamoDB from Lambda) that is 13–25 minutes, past any worker
 * timeout. With round trips of 6–10 ms put in front of DynamoDB Local, 16, 24, 32 and 48 at a time all cut the
 * time 5–6×, 32 a little more than the others; beyond that the worker's CPU, not the network, is what bounds
 * it. Each unit's two queries run one after the other, so this is also the most queries in flight: under the
 * SDK's 50 sockets, with room left for the job's own updates.
 */
export const EXPORT_CONCURRENCY = 32;

/** The calendar day in Vietnam (UTC+7) of an ISO time, as a date at UTC midnight (what a spreadsheet date cell holds). */
export function vietnamDay(iso: string): Date {
  const local = new Date(Date.parse(iso) + 7 * 3600 * 1000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

/**
 * One unit's members, with their progress and the place its rows show: what the rows of one unit are made of.
 * `courses` is the export's, the same array for every unit.
 */
export interface UnitBatch {
  province: string;
  commune: string;
  /** Empty for staff attached to a province or commune: they belong to no team or village. */
  team: string;
  members: User.Info[];
  courses: Course.Meta[];
  /** Per course, in `courses`' order: each member's record, by user id. */
  records: Map<string, Progress.Record>[];
}

/**
 * The rows in path order of the subtree's units, each unit's members by name: the order of the file, whatever
 * order the reads finish in. For tests and callers that want cells; the export itself works on `unitBatches`.
 */
export async function* rows(
  params: Params,
  onUnit?: (done: number, total: number) => Promise<void>,
  options: { concurrency?: number } = {},
): AsyncGenerator<Cell[]> {
  for await (const batch of unitBatches(params, onUnit, options)) yield* rowsOf(batch, params.includePhones);
}

/**
 * The subtree's units that have members, in path order, one batch per unit. Each unit costs one query for its
 * members and, when it has any, one for their progress; `concurrency` units are read at once (db/ordered.ts), and
 * memory holds only those units' members and progress and the page of the subtree the walk is on, never the whole
 * province. Every unit is read, not only teams and villages: an account with a member's role may be attached to a
 * commune or a province (an admin's import, a move), and it is listed there.
 */
export async function* unitBatches(
  params: Params,
  onUnit?: (done: number, total: number) => Promise<void>,
  options: { concurrency?: number } = {},
): AsyncGenerator<UnitBatch> {
  const root = await Unit.mustGet(params.unitId);
  // The subtree is walked, never held: the nation's is 77,000 units, which held in memory took a national export
  // past its 256 MB (docs/performance.md). Its size, for the progress, is counted alongside.
  const size = Unit.subtreeSize(root);
  size.catch(() => undefined);
  // The names a row shows (province, commune) come from the walk: path order reaches a unit after its ancestors.
  const names = new Map<string, Unit.Info>();
  for (const id of Unit.lineage(root).slice(0, -1)) {
    const unit = await Unit.get(id);
    if (unit) names.set(id, unit);
  }
  async function* units() {
    for await (const unit of Unit.walkSubtree(root)) {
      if (unit.kind === "province" || unit.kind === "commune") names.set(unit.id, unit);
      yield unit;
    }
  }
  const chosen = params.courseIds ?? (params.courseId ? [params.courseId] : undefined);
  const courses = chosen
    ? (await Promise.all(chosen.map((id) => Course.getMeta(id)))).filter((c): c is Course.Meta => Boolean(c))
    : (await Course.counted()).sort((a, b) => a.id.localeCompare(b.id));
  const read = async (unit: Unit.Info) => {
    // Members and team leaders who are active (docs/effectiveness.md): the ones the dashboard counts, and apart,
    // with their own status, the accounts nobody has activated yet, whom the admin needs to chase. Staff are not learners.
    const members = (await User.listForUnit(unit.id)).filter((person) => User.countsAsMember(person.roles) && person.active);
    const progress = members.length ? await Progress.listForUnit(unit.id, chosen?.length === 1 ? chosen[0] : undefined) : [];
    return { unit, members, progress };
  };
  let done = 0;
  for await (const { unit, members, progress } of mapOrdered(units(), options.concurrency ?? EXPORT_CONCURRENCY, read)) {
    if (members.length) {
      // One map per course, keyed by the member: no key string is built per row (a national list has 400,000).
      const byCourse = new Map(courses.map((course) => [course.id, new Map<string, Progress.Record>()]));
      for (const record of progress) byCourse.get(record.courseId)?.set(record.userId, record);
      const records = courses.map((course) => byCourse.get(course.id)!);
      const path = Unit.lineage(unit).map((id) => names.get(id));
      yield {
        province: path.find((u) => u?.kind === "province")?.name ?? "",
        commune: path.find((u) => u?.kind === "commune")?.name ?? "",
        team: Unit.holdsMembers(unit.kind) ? unit.name : "",
        members,
        courses,
        records,
      };
    }
    done++;
    if (onUnit) await onUnit(done, await size);
  }
}

// A row's rules, written once for cells (XLSX) and CSV lines alike.
const statusOf = (member: User.Info, record: Progress.Record | undefined) =>
  member.pending ? STATUS.pending : record?.completedAt ? STATUS.done : record ? STATUS.learning : STATUS.none;
/** The mean of the best scores of the course's quizzes taken, as a whole percent; empty when none was. */
function scoreOf(record: Progress.Record | undefined): number | "" {
  if (!record) return "";
  let sum = 0;
  let count = 0;
  for (const id in record.quizzes) {
    sum += record.quizzes[id]!.bestPercent;
    count++;
  }
  return count ? Math.round(sum / count) : "";
}
const phoneOf = (member: User.Info, includePhones: boolean) => (includePhones ? member.phone : maskPhone(member.phone));
// The day in Vietnam: a course finished at 6 in the morning belongs to that day, not the UTC one before.
const dayOf = (record: Progress.Record | undefined) => (record?.completedAt ? vietnamDay(record.completedAt) : "");
// Written as on the certificate (CQ02-PR4B-J9), which is how a holder reads it out.
const codeOf = (record: Progress.Record | undefined) => (record?.certificateCode ? formatCode(record.certificateCode) : "");

/** A unit's rows as cells, each member's courses in order. */
export function rowsOf(batch: UnitBatch, includePhones: boolean): Cell[][] {
  const out: Cell[][] = [];
  for (const member of batch.members) {
    const phone = phoneOf(member, includePhones);
    batch.courses.forEach((course, i) => {
      const record = batch.records[i]!.get(member.id);
      out.push([
        member.fullName,
        phone,
        batch.province,
        batch.commune,
        batch.team,
        course.title,
        statusOf(member, record),
        scoreOf(record),
        dayOf(record),
        codeOf(record),
      ]);
    });
  }
  return out;
}

/**
 * A unit's rows as CSV lines: the lines `csvLine` makes of `rowsOf`'s cells, without the cells. The member's and
 * the unit's cells are written once, not once per course, and no row array is made: a national list is 400,000
 * lines and more, and their garbage was the largest thing the export added to its reads (docs/performance.md).
 */
export function csvLinesOf(batch: UnitBatch, includePhones: boolean, separator: "," | ";", titles = csvTitles(batch.courses, separator)): string[] {
  const place = `${separator}${csvCell(batch.province, separator)}${separator}${csvCell(batch.commune, separator)}${separator}${csvCell(batch.team, separator)}${separator}`;
  const out: string[] = [];
  for (const member of batch.members) {
    const head = `${csvCell(member.fullName, separator)}${separator}${csvCell(phoneOf(member, includePhones), separator)}${place}`;
    for (let i = 0; i < titles.length; i++) {
      const record = batch.records[i]!.get(member.id);
      const day = dayOf(record);
      const code = codeOf(record);
      out.push(
        `${head}${titles[i]}${separator}${csvCell(statusOf(member, record), separator)}${separator}${scoreOf(record)}${separator}${day && csvDate(day)}${separator}${code && csvCell(code, separator)}\r\n`,
      );
    }
  }
  return out;
}

/** The courses' titles as CSV cells, made once per export. */
export const csvTitles = (courses: Course.Meta[], separator: "," | ";") => courses.map((course) => csvCell(course.title, separator));

/**
 * Runs an export job. A CSV is sent to object storage while its rows are read, one unit's lines at a time, and
 * never written to disk; an XLSX is written to a temporary file first (its zip is finished last), then sent.
 * Idempotent: a retry writes the same key again.
 */
export async function run(jobId: string, options: { xlsxMaxRows?: number } = {}): Promise<void> {
  const xlsxMaxRows = options.xlsxMaxRows ?? XLSX_MAX_ROWS;
  const job = await Job.get<Params, Record<string, unknown>>(jobId);
  if (!job || job.status === "done") return;
  await Job.update(jobId, { status: "running", progress: 0 });
  const started = performance.now();
  const key = `exports/${jobId}.${job.params.format}`;
  let lastReported = 0;
  const report = async (done: number, total: number) => {
    const progress = Math.floor((done / total) * 95);
    if (progress >= lastReported + 5) {
      lastReported = progress;
      await Job.update(jobId, { progress });
    }
  };
  let dir: string | undefined;
  try {
    let count = 0;
    if (job.params.format === "csv") {
      const { params } = job;
      const separator = params.separator ?? ",";
      // Each unit's lines as an array: the store encodes them straight into the upload's parts.
      async function* lines() {
        yield `\uFEFF${csvLine(HEADER, separator)}`;
        let titles: string[] | undefined;
        for await (const batch of unitBatches(params, report)) {
          titles ??= csvTitles(batch.courses, separator);
          const unitLines = csvLinesOf(batch, params.includePhones, separator, titles);
          yield unitLines;
          count += unitLines.length;
        }
      }
      await objects().putStream(key, lines(), "text/csv; charset=utf-8");
    } else {
      dir = await mkdtemp(join(tmpdir(), "kns-export-"));
      const file = join(dir, "export.xlsx");
      // Loaded only for XLSX exports, so the API's cold start does not pay for it.
      const { default: ExcelJS } = await import("exceljs");
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
      const sheet = workbook.addWorksheet("Danh sách hoàn thành", { views: [{ state: "frozen", ySplit: 1 }] });
      sheet.columns = HEADER.map((header, i) => ({ header, width: [26, 14, 16, 20, 26, 34, 14, 12, 16, 14][i] }));
      sheet.getRow(1).font = { bold: true };
      // Real dates (sortable, filterable), shown the Vietnamese way.
      sheet.getColumn(HEADER.indexOf("Ngày hoàn thành") + 1).numFmt = "dd/mm/yyyy";
      sheet.getRow(1).commit();
      for await (const batch of unitBatches(job.params, report)) {
        const unitRows = rowsOf(batch, job.params.includePhones);
        if (count + unitRows.length > xlsxMaxRows) throw tooManyRowsForXlsx(xlsxMaxRows);
        for (const row of unitRows) sheet.addRow(row.map((v) => (typeof v === "string" ? neutralise(v) : v))).commit();
        count += unitRows.length;
      }
      sheet.commit();
      await workbook.commit();
      await objects().putStream(key, createReadStream(file), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
    await Job.update(jobId, { status: "done", progress: 100, result: { key, rows: count } });
    metric({ ExportCompleted: 1, ExportDurationMs: Math.round(performance.now() - started) });
  } catch (err) {
    const visible = err instanceof VisibleError ? err : undefined;
    await Job.update(jobId, { status: "failed", error: (err as Error).message, ...(visible ? { errorCode: visible.code } : {}) });
    // A list that cannot be made as asked (too long for a sheet) fails once: the queue's retries would fail the same way.
    if (visible?.kind === "input") return;
    throw err;
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** The export's state for the admin who asked for it and, when done, a download link valid for 15 minutes. */
export async function status(jobId: string, viewer: Session) {
  const job = await Job.statusFor<Params, { key: string; rows: number }>("export", jobId, viewer);
  const done = job.status === "done" && job.result;
  const unit = await Unit.get(job.params.unitId);
  const fileName = `hoan-thanh-${unit?.code ?? "don-vi"}-${job.createdAt.slice(0, 10)}.${job.params.format}`;
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    params: job.params,
    rows: done ? job.result!.rows : undefined,
    error: job.error,
    // Only a failed job's: a retried run that then succeeds keeps the field from the failure before it.
    errorCode: job.status === "failed" ? job.errorCode : undefined,
    downloadUrl: done ? await objects().signedDownloadUrl(job.result!.key, 15 * 60, fileName) : undefined,
    createdAt: job.createdAt,
  };
}
