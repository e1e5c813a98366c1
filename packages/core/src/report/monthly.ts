import type { Worksheet } from "exceljs";
import { Activity } from "../activity";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { administers } from "../auth/scope";
import { Campaign } from "../campaign";
import { neutralise } from "../completion-list/cells";
import { Course } from "../course";
import { VisibleError } from "../error";
import {
  BASIC_SKILL_LABELS_VI,
  BASIC_SKILLS,
  CAMPAIGN_STANDING_LABELS_VI,
  type CampaignDetail,
  FIELD_OUTCOME_LABELS_VI,
  FIELD_OUTCOMES,
  fieldWorkMonth,
  type ReportRow,
  VIETNAM_OFFSET_HOURS,
} from "../model";
import { Unit } from "../unit";
import { row } from "./row";

/**
 * The monthly report a commune (or any unit) sends upward, as one XLSX: a line per child unit and a total line
 * for each figure the dashboard shows, certificates per course, the month's help to residents by skill and by
 * outcome, and the campaigns that ran in the month. Every figure is read from the same subtree counters as the
 * dashboard (`Unit.stats`, `Report.forUnit`) and the field-work month (`Activity.helpedIn`), so the totals are the
 * dashboard's. Column names are Vietnamese, as provinces report; numbers are numeric cells.
 *
 * Learners' counts (members, citizens, completions) are as they stand when the report is made; field work and
 * "learning in the month" are the month's. "Units active in the month": a child unit where a member learnt
 * (ACTIVE#) or help was recorded (HELPED#) in the month.
 */

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

type Cell = string | number | Date | null;

interface Column {
  header: string;
  width: number;
}

/** A child unit, or the unit itself (the total), with its counters. */
interface Line {
  unit: Pick<Unit.Info, "id" | "name" | "code" | "kind">;
  figures: ReportRow;
  helped: Activity.HelpedCounts;
}

const monthLabel = (month: string) => `Tháng ${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;

/** "14:05 ngày 05/12/2026": Vietnam time (UTC+7, no daylight saving). */
function vietnamTime(at: Date) {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_HOURS * 3_600_000).toISOString();
  return `${local.slice(11, 16)} ngày ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;
}

/** Months from `from` to `to` (YYYY-MM), negative when `to` is earlier. */
const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));

const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

/** A day (YYYY-MM-DD) as a spreadsheet date: UTC midnight, shown dd/mm/yyyy. */
const dateCell = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * The report of `month` (YYYY-MM, Vietnam calendar; this month by default) for a unit the viewer administers,
 * and its file name. Anyone else is told the unit does not exist. Audited: it holds a unit's figures.
 */
export async function monthlyWorkbook(
  viewer: Session,
  unitId: string,
  month: string | undefined,
  actor: Audit.Actor,
  now = new Date(),
): Promise<{ xlsx: Uint8Array; filename: string; contentType: string }> {
  const unit = await Unit.get(unitId);
  if (!unit || !administers(viewer, unit)) throw new VisibleError("unit.not_found", "This unit does not exist.");
  const thisMonth = fieldWorkMonth(now);
  const reported = month ?? thisMonth;
  if (reported > thisMonth) throw new VisibleError("report.future_month", "A monthly report covers this month or an earlier one.");

  const [children, courses, campaigns] = await Promise.all([
    Unit.children(unit.id).then((units) => units.filter((u) => !u.archivedAt)),
    Course.counted(),
    campaignsIn(viewer, unit.id, reported, now),
  ]);
  const courseIds = courses.map((c) => c.id);
  // The learning counter (ACTIVE#) of the month is read with every month since, the window Unit.stats reads.
  const months = Math.max(1, monthsBetween(reported, now.toISOString().slice(0, 7)) + 1);
  const lineOf = async (u: Unit.Info): Promise<Line> => {
    const [stats, helped] = await Promise.all([Unit.stats(u.id, { months }, now), Activity.helpedIn(u.id, reported)]);
    return { unit: u, figures: row(u, stats, courseIds, reported), helped };
  };
  const [total, ...lines] = await Promise.all([lineOf(unit), ...children.map(lineOf)]);
  const direct = directLine(unit, total!, lines);
  const context: Heading = { unit, month: reported, generatedAt: now };

  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kỹ Năng Số";
  workbook.created = now;
  summarySheet(workbook.addWorksheet("Tổng hợp"), context, lines, direct, total!);
  certificateSheet(workbook.addWorksheet("Chứng nhận theo khoá"), context, courses, lines, direct, total!);
  helpSheet(workbook.addWorksheet("Hướng dẫn người dân"), context, lines, direct, total!);
  campaignSheet(workbook.addWorksheet("Chiến dịch"), context, campaigns, children);
  const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());

  await Audit.record(actor, "report.monthly", unit.id, reported, { month: reported });
  const code = unit.code.toLowerCase().replace(/[^a-z0-9-]/g, "") || "don-vi";
  return { xlsx, filename: `bao-cao-thang-${reported}-${code}.xlsx`, contentType: XLSX_TYPE };
}

/** Campaigns over the unit that ran in the month: started (by today and by the month's last day), not due before its first day. */
async function campaignsIn(viewer: Session, unitId: string, month: string, now: Date): Promise<CampaignDetail[]> {
  const { items } = await Campaign.listFor(viewer, unitId, now);
  const ran = items.filter((c) => c.phase !== "upcoming" && c.startsOn <= lastDayOf(month) && c.dueOn >= `${month}-01`);
  return Promise.all(ran.map((c) => Campaign.detailFor(viewer, c.id, unitId, now)));
}

/**
 * What the unit counts beyond its children (citizens register at their commune, not in a team), so the lines
 * add up to the total; none when the children account for everything.
 */
function directLine(unit: Unit.Info, total: Line, lines: Line[]): Line | undefined {
  const sum = (pick: (line: Line) => number) => pick(total) - lines.reduce((s, line) => s + pick(line), 0);
  const pairs = (pick: (line: Line) => { people: number; sessions: number } | undefined) => ({
    people: sum((line) => pick(line)?.people ?? 0),
    sessions: sum((line) => pick(line)?.sessions ?? 0),
  });
  const courseIds = Object.keys(total.figures.completedByCourse);
  const figures: ReportRow = {
    ...total.figures,
    members: sum((l) => l.figures.members),
    pending: sum((l) => l.figures.pending),
    citizens: sum((l) => l.figures.citizens),
    completed: sum((l) => l.figures.completed),
    completedByCourse: Object.fromEntries(courseIds.map((id) => [id, sum((l) => l.figures.completedByCourse[id] ?? 0)])),
    activeThisMonth: sum((l) => l.figures.activeThisMonth),
    helped: sum((l) => l.figures.helped),
  };
  const helped: Activity.HelpedCounts = {
    ...pairs((l) => l.helped),
    bySkill: Object.fromEntries(BASIC_SKILLS.map((s) => [s, pairs((l) => l.helped.bySkill[s])])),
    byOutcome: Object.fromEntries(FIELD_OUTCOMES.map((o) => [o, pairs((l) => l.helped.byOutcome[o])])),
  };
  const numbers = [
    figures.members,
    figures.pending,
    figures.citizens,
    figures.completed,
    figures.activeThisMonth,
    figures.helped,
    ...Object.values(figures.completedByCourse),
    helped.people,
    helped.sessions,
  ];
  if (numbers.every((n) => n === 0)) return undefined;
  return { unit: { id: unit.id, code: unit.code, kind: unit.kind, name: `Trực tiếp tại ${unit.name}` }, figures, helped };
}

interface Heading {
  unit: Unit.Info;
  month: string;
  generatedAt: Date;
}

const HEADING_ROWS = 6;
const BORDER = { style: "thin" as const, color: { argb: "FF9AA5B1" } };
const HEADER_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFE3EDE7" } };

/** The block above each table: what, for whom, which month, when made, and where the figures come from. */
function heading(sheet: Worksheet, title: string, context: Heading, note: string, width: number) {
  sheet.getCell("A1").value = `${title.toUpperCase()} – ${monthLabel(context.month).toUpperCase()}`;
  sheet.getCell("A1").font = { bold: true, size: 14 };
  sheet.getCell("A2").value = neutralise(`Đơn vị: ${context.unit.name} (mã ${context.unit.code})`);
  sheet.getCell("A2").font = { bold: true };
  sheet.getCell("A3").value = `Kỳ báo cáo: ${monthLabel(context.month)}`;
  sheet.getCell("A4").value = `Lập lúc: ${vietnamTime(context.generatedAt)} (giờ Việt Nam), hệ thống Kỹ Năng Số`;
  sheet.getCell("A5").value = note;
  sheet.mergeCells(5, 1, 5, Math.max(width, 6));
  sheet.getCell("A5").alignment = { wrapText: true, vertical: "top" };
  sheet.getCell("A5").font = { italic: true, color: { argb: "FF4B5563" } };
  sheet.getRow(5).height = 48;
  sheet.pageSetup = { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

/**
 * A table from row `top`: bold wrapped headers, thin borders, whole numbers with thousands separators. Unit
 * names, course and campaign titles are typed by people: never read as a formula.
 */
function table(sheet: Worksheet, top: number, columns: Column[], rows: { cells: Cell[]; bold?: boolean }[]) {
  columns.forEach((column, i) => {
    const current = sheet.getColumn(i + 1);
    current.width = Math.max(current.width ?? 0, column.width);
  });
  const header = sheet.getRow(top);
  header.values = columns.map((c) => c.header);
  header.height = 48;
  rows.forEach((line, i) => {
    const current = sheet.getRow(top + 1 + i);
    current.values = line.cells.map((v) => (typeof v === "string" ? neutralise(v) : v));
    if (line.bold) current.font = { bold: true };
  });
  frame(sheet, { top, headerRows: 1, bottom: top + rows.length, width: columns.length });
}

/** Borders around every cell of a table, its header rows shaded, bold and centred, its numbers with thousands separators. */
function frame(sheet: Worksheet, box: { top: number; headerRows: number; bottom: number; width: number }) {
  for (let r = box.top; r <= box.bottom; r++) {
    for (let c = 1; c <= box.width; c++) {
      const cell = sheet.getCell(r, c);
      cell.border = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };
      if (r < box.top + box.headerRows) {
        cell.fill = HEADER_FILL;
        cell.font = { bold: true };
        cell.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
      } else if (typeof cell.value === "number") cell.numFmt = "#,##0";
    }
  }
}

const TOTAL = "Tổng cộng";

function summarySheet(sheet: Worksheet, context: Heading, lines: Line[], direct: Line | undefined, total: Line) {
  const teams = lines.some((line) => Unit.holdsMembers(line.unit.kind));
  const columns: Column[] = [
    { header: "STT", width: 6 },
    { header: "Đơn vị", width: 30 },
    { header: "Mã đơn vị", width: 12 },
    { header: "Số thành viên", width: 13 },
    { header: "Số tài khoản chưa kích hoạt", width: 15 },
    { header: "Số người dân đăng ký học", width: 15 },
    { header: "Số thành viên học trong tháng", width: 15 },
    { header: "Số lượt hoàn thành khoá học (chứng nhận)", width: 18 },
    { header: "Tỷ lệ hoàn thành các khoá (%)", width: 14 },
    { header: "Số lượt hướng dẫn người dân trong tháng", width: 18 },
    { header: "Số người dân được hướng dẫn trong tháng", width: 18 },
    { header: "Số người dân được hướng dẫn (luỹ kế)", width: 18 },
    { header: teams ? "Số tổ hoạt động trong tháng" : "Số đơn vị hoạt động trong tháng", width: 15 },
  ];
  const active = (line: Line): number => (line.figures.activeThisMonth > 0 || line.helped.sessions > 0 ? 1 : 0);
  const cells = (line: Line, label: string | number, name: string, activeCell: number | null, percent: number | null): Cell[] => [
    label,
    name,
    line === total ? "" : line.unit.code,
    line.figures.members,
    line.figures.pending,
    line.figures.citizens,
    line.figures.activeThisMonth,
    line.figures.completed,
    percent,
    line.helped.sessions,
    line.helped.people,
    line.figures.helped,
    activeCell,
  ];
  heading(
    sheet,
    "Báo cáo tổng hợp",
    context,
    "Nguồn: bộ đếm của hệ thống Kỹ Năng Số cho toàn bộ đơn vị, cùng số liệu trên trang tổng quan. Thành viên, người dân, " +
      "lượt hoàn thành: tính đến lúc lập báo cáo. Học trong tháng, hướng dẫn người dân: trong tháng báo cáo. " +
      `${teams ? "Tổ" : "Đơn vị"} hoạt động: có thành viên học hoặc có lượt hướng dẫn người dân trong tháng (1 = có, 0 = chưa).`,
    columns.length,
  );
  table(sheet, HEADING_ROWS + 1, columns, [
    ...lines.map((line, i) => ({ cells: cells(line, i + 1, line.unit.name, active(line), line.figures.percent) })),
    // Beyond the children there is no unit to call active, and a rate over what nobody's team holds means nothing.
    ...(direct ? [{ cells: cells(direct, "", direct.unit.name, null, null) }] : []),
    {
      cells: cells(
        total,
        "",
        TOTAL,
        lines.map(active).reduce((a, b) => a + b, 0),
        total.figures.percent,
      ),
      bold: true,
    },
  ]);
  sheet.views = [{ state: "frozen", xSplit: 2, ySplit: HEADING_ROWS + 1 }];
}

function certificateSheet(sheet: Worksheet, context: Heading, courses: Course.Meta[], lines: Line[], direct: Line | undefined, total: Line) {
  const columns: Column[] = [
    { header: "STT", width: 6 },
    { header: "Đơn vị", width: 30 },
    ...courses.map((c) => ({ header: neutralise(c.title), width: Math.min(28, Math.max(14, Math.ceil(c.title.length / 2))) })),
    { header: "Tổng số chứng nhận", width: 14 },
  ];
  const cells = (line: Line, label: string | number, name = line.unit.name): Cell[] => [
    label,
    name,
    ...courses.map((c) => line.figures.completedByCourse[c.id] ?? 0),
    line.figures.completed,
  ];
  heading(
    sheet,
    "Chứng nhận theo khoá học",
    context,
    "Số thành viên và người dân đã hoàn thành từng khoá (mỗi người một chứng nhận mỗi khoá), tính đến lúc lập báo cáo, " +
      "theo các khoá học trong chương trình chung.",
    columns.length,
  );
  table(sheet, HEADING_ROWS + 1, columns, [
    ...lines.map((line, i) => ({ cells: cells(line, i + 1) })),
    ...(direct ? [{ cells: cells(direct, "") }] : []),
    { cells: cells(total, "", TOTAL), bold: true },
  ]);
  sheet.views = [{ state: "frozen", xSplit: 2, ySplit: HEADING_ROWS + 1 }];
}

function helpSheet(sheet: Worksheet, context: Heading, lines: Line[], direct: Line | undefined, total: Line) {
  const units = [...lines, ...(direct ? [direct] : []), total];
  const names = [...lines.map((l) => l.unit.name), ...(direct ? [direct.unit.name] : []), TOTAL];
  const width = 1 + units.length * 2;
  heading(
    sheet,
    "Hướng dẫn người dân",
    context,
    "Số lượt hướng dẫn và số người (hộ) được hướng dẫn trong tháng, theo 5 kỹ năng số cơ bản và theo kết quả, do thành viên các tổ ghi lại.",
    width,
  );
  const top = HEADING_ROWS + 1;
  sheet.getColumn(1).width = 40;
  sheet.getCell(top, 1).value = "Nội dung";
  sheet.mergeCells(top, 1, top + 1, 1);
  names.forEach((name, i) => {
    const column = 2 + i * 2;
    sheet.getCell(top, column).value = neutralise(name);
    sheet.mergeCells(top, column, top, column + 1);
    sheet.getCell(top + 1, column).value = "Số lượt";
    sheet.getCell(top + 1, column + 1).value = "Số người/hộ";
    sheet.getColumn(column).width = 10;
    sheet.getColumn(column + 1).width = 11;
  });
  const pair = (counts: { people: number; sessions: number } | undefined) => [counts?.sessions ?? 0, counts?.people ?? 0];
  const body: { label: string; values?: (u: Line) => number[]; bold?: boolean; indent?: boolean }[] = [
    { label: "Tổng số", values: (u) => pair(u.helped), bold: true },
    { label: "Theo kỹ năng", bold: true },
    ...BASIC_SKILLS.map((skill) => ({ label: BASIC_SKILL_LABELS_VI[skill], values: (u: Line) => pair(u.helped.bySkill[skill]), indent: true })),
    { label: "Theo kết quả", bold: true },
    ...FIELD_OUTCOMES.map((outcome) => ({ label: FIELD_OUTCOME_LABELS_VI[outcome], values: (u: Line) => pair(u.helped.byOutcome[outcome]), indent: true })),
  ];
  body.forEach((line, i) => {
    const current = sheet.getRow(top + 2 + i);
    current.values = [line.label, ...(line.values ? units.flatMap(line.values) : [])];
    if (line.bold) current.font = { bold: true };
    if (line.indent) current.getCell(1).alignment = { indent: 1 };
  });
  frame(sheet, { top, headerRows: 2, bottom: top + 1 + body.length, width });
  sheet.getRow(top).height = 32;
  sheet.views = [{ state: "frozen", xSplit: 1, ySplit: top + 1 }];
}

function campaignSheet(sheet: Worksheet, context: Heading, campaigns: CampaignDetail[], children: Unit.Info[]) {
  const columns: Column[] = [
    { header: "STT", width: 6 },
    { header: "Chiến dịch", width: 30 },
    { header: "Khoá học", width: 30 },
    { header: "Áp dụng cho", width: 20 },
    { header: "Ngày bắt đầu", width: 12 },
    { header: "Hạn hoàn thành", width: 12 },
    { header: "Chỉ tiêu (%)", width: 10 },
    { header: "Đơn vị", width: 28 },
    { header: "Số thành viên", width: 12 },
    { header: "Số lượt hoàn thành", width: 12 },
    { header: "Tỷ lệ hiện tại (%)", width: 12 },
    { header: "Dự báo đến hạn (%)", width: 12 },
    { header: "Đánh giá", width: 16 },
  ];
  heading(
    sheet,
    "Tiến độ chiến dịch",
    context,
    "Các chiến dịch áp dụng cho đơn vị đang chạy hoặc kết thúc trong tháng. Tỷ lệ: lượt hoàn thành các khoá của chiến dịch " +
      "÷ (số thành viên × số khoá), tính đến lúc lập báo cáo; dự báo theo nhịp hoàn thành 14 ngày gần nhất.",
    columns.length,
  );
  const order = new Map(children.map((child, i) => [child.id, i]));
  const rows = campaigns.flatMap((campaign, n) => {
    const fixed = (label: string | number): Cell[] => [
      label,
      campaign.title,
      campaign.courses.map((c) => c.title).join("; "),
      campaign.unitName,
      dateCell(campaign.startsOn),
      dateCell(campaign.dueOn),
      campaign.targetPercent,
    ];
    const progress = (p: Pick<CampaignDetail, "members" | "completed" | "percent" | "forecastPercent" | "standing">): Cell[] => [
      p.members,
      p.completed,
      p.percent,
      p.forecastPercent,
      CAMPAIGN_STANDING_LABELS_VI[p.standing],
    ];
    const childRows = [...campaign.children]
      .sort((a, b) => (order.get(a.unitId) ?? 0) - (order.get(b.unitId) ?? 0))
      .map((child) => ({ cells: [...fixed(n + 1), child.name, ...progress(child)] }));
    return [...childRows, { cells: [...fixed(n + 1), TOTAL, ...progress(campaign)], bold: true }];
  });
  if (!rows.length) {
    sheet.getCell(HEADING_ROWS + 1, 1).value = "Không có chiến dịch nào chạy trong tháng.";
    return;
  }
  table(sheet, HEADING_ROWS + 1, columns, rows);
  for (const column of [5, 6]) sheet.getColumn(column).numFmt = "dd/mm/yyyy";
  sheet.views = [{ state: "frozen", xSplit: 2, ySplit: HEADING_ROWS + 1 }];
}
