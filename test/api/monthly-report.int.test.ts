import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { neutralise } from "../../packages/core/src/completion-list/cells";
import { Course } from "../../packages/core/src/course";
import {
  BASIC_SKILL_LABELS_VI,
  BASIC_SKILLS,
  CAMPAIGN_STANDING_LABELS_VI,
  FIELD_OUTCOME_LABELS_VI,
  FIELD_OUTCOMES,
  fieldWorkMonth,
  vietnamDay,
} from "../../packages/core/src/model";
import { SVG, testBundle } from "../fixtures/course";
import { app, call, expectErrorShape, finishCourse, seedDemo, signIn } from "./client";

/**
 * The monthly report (issue 18, item 6) through the real app: the XLSX is read back and every total is compared
 * with what the dashboard (`/report`) and the field-work month (`/field-work`) answer for the same unit.
 */

let learner: string;
let leader: string;
let communeAdmin: string;
let slaAdmin: string;
let dbnAdmin: string;
let campaignId: string;
/** The Vietnam month the help below is recorded in. */
let month: string;

const COMMUNE = "sla-muongbu";
const CAMPAIGN_TITLE = "Chiến dịch tháng: An toàn số";

async function download(unitId: string, token: string, query = `?month=${month}`) {
  const res = await app.request(`/api/v1/admin/units/${unitId}/monthly-report.xlsx${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

async function workbookOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

type Value = ExcelJS.CellValue;

/** A sheet's table under the heading: its header row (where column A reads "STT") and the rows below, by header. */
function tableOf(sheet: ExcelJS.Worksheet) {
  let top = 0;
  sheet.eachRow((row, n) => {
    if (!top && row.getCell(1).value === "STT") top = n;
  });
  expect(top, `${sheet.name}: no table`).toBeGreaterThan(0);
  const headers = (sheet.getRow(top).values as Value[]).slice(1).map(String);
  const rows: Record<string, Value>[] = [];
  for (let r = top + 1; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as Value[];
    rows.push(Object.fromEntries(headers.map((header, i) => [header, values[i + 1] ?? null])));
  }
  return { headers, rows };
}

const ADDITIVE = [
  "Số thành viên",
  "Số tài khoản chưa kích hoạt",
  "Số người dân đăng ký học",
  "Số thành viên học trong tháng",
  "Số lượt hoàn thành khoá học (chứng nhận)",
  "Số lượt hướng dẫn người dân trong tháng",
  "Số người dân được hướng dẫn trong tháng",
  "Số người dân được hướng dẫn (luỹ kế)",
];

beforeAll(async () => {
  await seedDemo();
  await Course.importBundle(testBundle("rep-safety", "An toàn trên mạng cho tổ"), async () => SVG, { userId: "system" });
  await Course.importBundle(testBundle("rep-payments", "Thanh toán không dùng tiền mặt"), async () => SVG, { userId: "system" });
  learner = (await signIn("0912000001")).accessToken;
  leader = (await signIn("0912000005")).accessToken;
  slaAdmin = (await signIn("0912000003")).accessToken;
  dbnAdmin = (await signIn("0912000004")).accessToken;
  communeAdmin = (await signIn("0912000007")).accessToken;

  // A resident registered at the commune itself, in no team: the report shows them on a line of their own.
  const citizen = await call("POST", "/auth/register", {
    body: { phone: "0912700041", password: "RuongBac2026", fullName: "Lò Văn Dân", communeCode: "03847", audience: "citizen", consent: true },
  });
  expect(citizen.status).toBe(201);

  const at = new Date(Date.now() - 60_000).toISOString();
  month = fieldWorkMonth(at);
  const help = (token: string, records: [string, string, number][]) =>
    call("POST", "/activities", {
      token,
      body: { activities: records.map(([skill, outcome, people]) => ({ id: randomUUID(), at, skill, outcome, people })) },
    });
  expect(
    (
      await help(learner, [
        ["payments", "cashless-bill", 3],
        ["public-services", "vneid-level2", 5],
        ["public-services", "public-service-application", 2],
      ])
    ).status,
  ).toBe(200);
  expect((await help(leader, [["cyber-safety", "scam-reported", 4]])).status).toBe(200);

  await finishCourse(learner, "rep-safety");
  await finishCourse(learner, "rep-payments");
  await finishCourse(leader, "rep-safety");

  const today = vietnamDay(new Date());
  const due = vietnamDay(new Date(Date.now() + 30 * 86_400_000));
  const campaign = await call("POST", "/admin/campaigns", {
    token: communeAdmin,
    body: { unitId: COMMUNE, title: CAMPAIGN_TITLE, courseIds: ["rep-safety"], startsOn: today, dueOn: due, targetPercent: 60 },
  });
  expect(campaign.status).toBe(201);
  campaignId = campaign.json.id;
}, 120_000);

describe("the monthly report of a commune", () => {
  it("is an XLSX attachment named by month and unit code, and its download is audited", async () => {
    const res = await download(COMMUNE, communeAdmin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="bao-cao-thang-${month}-03847.xlsx"`);
    const workbook = await workbookOf(res.body);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Tổng hợp", "Chứng nhận theo khoá", "Hướng dẫn người dân", "Chiến dịch"]);
    const summary = workbook.getWorksheet("Tổng hợp")!;
    expect(summary.getCell("A2").value).toBe("Đơn vị: Xã Mường Bú (mã 03847)");
    expect(summary.getCell("A3").value).toBe(`Kỳ báo cáo: Tháng ${Number(month.slice(5))}/${month.slice(0, 4)}`);
    expect(String(summary.getCell("A4").value)).toMatch(/^Lập lúc: \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam\)/);

    const audit = await call("GET", `/admin/units/${COMMUNE}/audit`, { token: communeAdmin });
    expect(audit.json.items.some((e: { action: string; target: string }) => e.action === "report.monthly" && e.target === month)).toBe(true);
  });

  it("totals equal the dashboard; each child's line is its dashboard row; the lines add up; numbers are numeric cells", async () => {
    const [file, dashboard, fieldWork] = await Promise.all([
      download(COMMUNE, communeAdmin),
      call("GET", `/admin/units/${COMMUNE}/report`, { token: communeAdmin }),
      call("GET", `/admin/units/${COMMUNE}/field-work?month=${month}`, { token: communeAdmin }),
    ]);
    const { rows } = tableOf((await workbookOf(file.body)).getWorksheet("Tổng hợp")!);
    const total = rows.find((r) => r["Đơn vị"] === "Tổng cộng")!;
    const unit = dashboard.json.unit;
    expect(total).toMatchObject({
      "Số thành viên": unit.members,
      "Số tài khoản chưa kích hoạt": unit.pending,
      "Số người dân đăng ký học": unit.citizens,
      "Số lượt hoàn thành khoá học (chứng nhận)": unit.completed,
      "Tỷ lệ hoàn thành các khoá (%)": unit.percent,
      "Số người dân được hướng dẫn (luỹ kế)": unit.helped,
      "Số lượt hướng dẫn người dân trong tháng": fieldWork.json.sessions,
      "Số người dân được hướng dẫn trong tháng": fieldWork.json.people,
    });
    // The dashboard's "this month" is the month of the counter the learning was written under.
    if (month === new Date().toISOString().slice(0, 7)) expect(total["Số thành viên học trong tháng"]).toBe(unit.activeThisMonth);
    expect(fieldWork.json).toMatchObject({ sessions: 4, people: 14 });
    expect(unit.completed).toBeGreaterThanOrEqual(3);

    const children = rows.filter((r) => typeof r.STT === "number");
    expect(children.map((r) => r["Đơn vị"])).toEqual(dashboard.json.children.map((c: { name: string }) => c.name));
    for (const child of dashboard.json.children) {
      const line = children.find((r) => r["Mã đơn vị"] === child.code)!;
      const month = (await call("GET", `/admin/units/${child.unitId}/field-work?month=${fieldWork.json.month}`, { token: communeAdmin })).json;
      expect(line, child.name).toMatchObject({
        "Số thành viên": child.members,
        "Số người dân đăng ký học": child.citizens,
        "Số lượt hoàn thành khoá học (chứng nhận)": child.completed,
        "Tỷ lệ hoàn thành các khoá (%)": child.percent,
        "Số lượt hướng dẫn người dân trong tháng": month.sessions,
        "Số người dân được hướng dẫn trong tháng": month.people,
        "Số tổ hoạt động trong tháng": child.activeThisMonth > 0 || month.sessions > 0 ? 1 : 0,
      });
    }
    expect(total["Số tổ hoạt động trong tháng"]).toBe(children.reduce((s, r) => s + Number(r["Số tổ hoạt động trong tháng"]), 0));
    expect(total["Số tổ hoạt động trong tháng"]).toBeGreaterThanOrEqual(1);

    // The resident registered at the commune is on the commune's own line, so the lines add up to the total.
    const direct = rows.find((r) => r["Đơn vị"] === "Trực tiếp tại Xã Mường Bú")!;
    expect(direct["Số người dân đăng ký học"]).toBeGreaterThanOrEqual(1);
    for (const column of ADDITIVE) {
      expect(
        [...children, direct].reduce((s, r) => s + Number(r[column]), 0),
        column,
      ).toBe(total[column]);
      for (const r of [...children, direct, total]) expect(typeof r[column], `${r["Đơn vị"]}: ${column}`).toBe("number");
    }
  });

  it("certificates per course, by course title, equal the dashboard's completions per course", async () => {
    const [file, dashboard, counted] = await Promise.all([
      download(COMMUNE, communeAdmin),
      call("GET", `/admin/units/${COMMUNE}/report`, { token: communeAdmin }),
      Course.counted(),
    ]);
    const { headers, rows } = tableOf((await workbookOf(file.body)).getWorksheet("Chứng nhận theo khoá")!);
    expect(headers).toEqual(["STT", "Đơn vị", ...counted.map((c) => neutralise(c.title)), "Tổng số chứng nhận"]);
    expect(dashboard.json.courses).toEqual(counted.map((c) => c.id));
    const total = rows.find((r) => r["Đơn vị"] === "Tổng cộng")!;
    for (const course of counted) {
      expect(total[course.title], course.title).toBe(dashboard.json.unit.completedByCourse[course.id] ?? 0);
      for (const child of dashboard.json.children) {
        expect(rows.find((r) => r["Đơn vị"] === child.name)![course.title]).toBe(child.completedByCourse[course.id] ?? 0);
      }
    }
    expect(total["An toàn trên mạng cho tổ"]).toBe(2);
    expect(total["Thanh toán không dùng tiền mặt"]).toBe(1);
    expect(total["Tổng số chứng nhận"]).toBe(dashboard.json.unit.completed);
  });

  it("help to residents by skill and by outcome equals the field-work month of each child and of the commune", async () => {
    const [file, commune, team] = await Promise.all([
      download(COMMUNE, communeAdmin),
      call("GET", `/admin/units/${COMMUNE}/field-work?month=${month}`, { token: communeAdmin }),
      call("GET", `/admin/units/sla-muongbu-banbo/field-work?month=${month}`, { token: communeAdmin }),
    ]);
    const sheet = (await workbookOf(file.body)).getWorksheet("Hướng dẫn người dân")!;
    let top = 0;
    sheet.eachRow((row, n) => {
      if (!top && row.getCell(1).value === "Nội dung") top = n;
    });
    const names = (sheet.getRow(top).values as Value[]).map((v) => (v === null || v === undefined ? "" : String(v)));
    const columnOf = (name: string) => names.indexOf(name);
    expect(sheet.getRow(top + 1).getCell(columnOf("Tổng cộng")).value).toBe("Số lượt");
    expect(sheet.getRow(top + 1).getCell(columnOf("Tổng cộng") + 1).value).toBe("Số người/hộ");
    const lineOf = (label: string) => {
      for (let r = top + 2; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === label) return sheet.getRow(r);
      throw new Error(`no line ${label}`);
    };
    const expectPair = (label: string, name: string, counts: { sessions: number; people: number } | undefined) => {
      const line = lineOf(label);
      const sessions = line.getCell(columnOf(name)).value;
      const people = line.getCell(columnOf(name) + 1).value;
      expect(typeof sessions).toBe("number");
      expect(typeof people).toBe("number");
      expect({ label, name, sessions, people }).toEqual({ label, name, sessions: counts?.sessions ?? 0, people: counts?.people ?? 0 });
    };
    for (const [name, month] of [
      ["Tổng cộng", commune.json],
      ["Tổ CNSCĐ bản Bó", team.json],
    ] as const) {
      expectPair("Tổng số", name, month);
      for (const skill of BASIC_SKILLS) expectPair(BASIC_SKILL_LABELS_VI[skill], name, month.bySkill[skill]);
      for (const outcome of FIELD_OUTCOMES) expectPair(FIELD_OUTCOME_LABELS_VI[outcome], name, month.byOutcome[outcome]);
    }
    expect(commune.json.bySkill["public-services"]).toEqual({ sessions: 2, people: 7 });
  });

  it("campaigns that run in the month: target, current percent and standing in Vietnamese, per child and in total", async () => {
    const [file, progress] = await Promise.all([
      download(COMMUNE, communeAdmin),
      call("GET", `/admin/campaigns/${campaignId}/units/${COMMUNE}`, { token: communeAdmin }),
    ]);
    const { rows } = tableOf((await workbookOf(file.body)).getWorksheet("Chiến dịch")!);
    const ours = rows.filter((r) => r["Chiến dịch"] === CAMPAIGN_TITLE);
    const total = ours.find((r) => r["Đơn vị"] === "Tổng cộng")!;
    expect(total).toMatchObject({
      "Khoá học": "An toàn trên mạng cho tổ",
      "Chỉ tiêu (%)": 60,
      "Số thành viên": progress.json.members,
      "Số lượt hoàn thành": progress.json.completed,
      "Tỷ lệ hiện tại (%)": progress.json.percent,
      "Đánh giá": CAMPAIGN_STANDING_LABELS_VI[progress.json.standing as keyof typeof CAMPAIGN_STANDING_LABELS_VI],
    });
    expect((total["Hạn hoàn thành"] as Date).toISOString().slice(0, 10)).toBe(progress.json.dueOn);
    expect(progress.json.percent).toBeGreaterThan(0);
    for (const child of progress.json.children) {
      const line = ours.find((r) => r["Đơn vị"] === child.name)!;
      expect(line, child.name).toMatchObject({ "Tỷ lệ hiện tại (%)": child.percent, "Số lượt hoàn thành": child.completed });
    }
  });

  it("a province admin's report of the province has the commune on one line, equal to the province dashboard's row", async () => {
    const [file, dashboard] = await Promise.all([download("sla", slaAdmin), call("GET", "/admin/units/sla/report", { token: slaAdmin })]);
    expect(file.status).toBe(200);
    const { rows } = tableOf((await workbookOf(file.body)).getWorksheet("Tổng hợp")!);
    const row = dashboard.json.children.find((c: { unitId: string }) => c.unitId === COMMUNE);
    expect(rows.find((r) => r["Đơn vị"] === row.name)).toMatchObject({ "Số thành viên": row.members, "Số người dân đăng ký học": row.citizens });
    const total = rows.find((r) => r["Đơn vị"] === "Tổng cộng")!;
    expect(total["Số thành viên"]).toBe(dashboard.json.unit.members);
    expect(total["Số đơn vị hoạt động trong tháng"]).toBeGreaterThanOrEqual(1);
  });

  it("an earlier month is read from that month's counters", async () => {
    const first = new Date(`${month}-01T00:00:00Z`);
    const earlier = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const file = await download(COMMUNE, communeAdmin, `?month=${earlier}`);
    expect(file.status).toBe(200);
    const { rows } = tableOf((await workbookOf(file.body)).getWorksheet("Tổng hợp")!);
    expect(rows.find((r) => r["Đơn vị"] === "Tổng cộng")).toMatchObject({
      "Số lượt hướng dẫn người dân trong tháng": 0,
      "Số người dân được hướng dẫn trong tháng": 0,
    });
  });

  it("refuses a malformed or future month (400) and anyone but an admin over the unit (404)", async () => {
    for (const query of ["?month=2026-13", "?month=2026-1", "?month=abc", "?month=2999-01"]) {
      const res = await call("GET", `/admin/units/${COMMUNE}/monthly-report.xlsx${query}`, { token: communeAdmin });
      expect(res.status, query).toBe(400);
      expectErrorShape(res.json);
    }
    const next = new Date(Date.now() + 7 * 3_600_000);
    const nextMonth = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
    const future = await call("GET", `/admin/units/${COMMUNE}/monthly-report.xlsx?month=${nextMonth}`, { token: communeAdmin });
    expect(future.status).toBe(400);
    expect(expectErrorShape(future.json).code).toBe("report.future_month");

    expect((await download(COMMUNE, dbnAdmin)).status).toBe(404);
    expect((await download(COMMUNE, leader)).status).toBe(404);
    expect((await download("sla-muongbu-banbo", leader)).status).toBe(404);
    expect((await download("sla", communeAdmin)).status).toBe(404);
    expect((await download(COMMUNE, learner)).status).toBe(404);
  });
});
