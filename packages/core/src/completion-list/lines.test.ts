import { describe, expect, it } from "vitest";
import type { Course } from "../course";
import type { Progress } from "../progress";
import type { User } from "../user";
import { csvLine } from "./cells";
import { csvLinesOf, rowsOf, type UnitBatch } from "./index";

/**
 * The CSV export writes a unit's lines without making its cells (csvLinesOf), and the XLSX and `rows` make the
 * cells (rowsOf). Both must say the same: every line is the one csvLine makes of that row's cells.
 */
const member = (id: string, fullName: string, extra: Partial<User.Info> = {}): User.Info => ({
  id,
  phone: `09123456${id.slice(-2).padStart(2, "0")}`,
  fullName,
  roles: ["member"],
  unitId: "t1",
  active: true,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...extra,
});
const course = (id: string, title: string) => ({ id, title }) as Course.Meta;
const record = (userId: string, courseId: string, extra: Partial<Progress.Record> = {}): Progress.Record => ({
  userId,
  unitId: "t1",
  courseId,
  version: 1,
  line: 0,
  completedLessons: [],
  quizzes: {},
  revision: 1,
  startedAt: "2026-03-01T00:00:00.000Z",
  lastActivityAt: "2026-03-01T00:00:00.000Z",
  ...extra,
});

const courses = [course("c1", "Nhận diện lừa đảo, trên mạng"), course("c2", '=Thanh toán "không tiền mặt"; an toàn')];
const members = [
  member("u01", "Lò Thị Hương"),
  member("u02", 'Nguyễn, Văn "An"; con'),
  member("u03", '=HYPERLINK("http://x")', { pending: true }),
  member("u04", "-Đặng Thu\nThảo", { phone: "0912" }),
  member("u05", "Hà Văn Bình"),
];
const progress = [
  // Finished at 23:30 UTC: the next day in Vietnam.
  record("u01", "c1", {
    completedAt: "2026-05-31T23:30:00.000Z",
    certificateCode: "CQ02PR4BJ9",
    quizzes: { a: { bestPercent: 80 }, b: { bestPercent: 95 } } as unknown as Progress.Record["quizzes"],
  }),
  record("u01", "c2", { quizzes: { a: { bestPercent: 33 } } as unknown as Progress.Record["quizzes"] }),
  record("u02", "c2"),
  record("u03", "c1"),
  record("u05", "c1", { completedAt: "2026-06-01T01:00:00.000Z" }),
];
const batch = (place: Pick<UnitBatch, "province" | "commune" | "team">): UnitBatch => {
  const records = courses.map((c) => new Map(progress.filter((p) => p.courseId === c.id).map((p) => [p.userId, p])));
  return { ...place, members, courses, records };
};

describe("a unit's CSV lines", () => {
  it.each([
    [",", true, { province: "Tỉnh Lai Châu", commune: "Xã Mường Tè", team: "Tổ 1, bản Nậm" }],
    [";", false, { province: "Thành phố Hà Nội", commune: '=Phường "Ba Đình"', team: "" }],
    [";", true, { province: "", commune: "Xã A;B", team: "Tổ\r\n2" }],
  ] as const)("with %j and phones %j are csvLine of the cells, row by row", (separator, includePhones, place) => {
    const unit = batch(place);
    const lines = csvLinesOf(unit, includePhones, separator);
    const cells = rowsOf(unit, includePhones);
    expect(cells).toHaveLength(members.length * courses.length);
    expect(lines).toEqual(cells.map((row) => csvLine(row, separator)));
  });

  it("shows each row's status, score, Vietnamese day and certificate code", () => {
    const lines = csvLinesOf(batch({ province: "P", commune: "C", team: "T" }), false, ",");
    expect(lines[0]).toBe('Lò Thị Hương,0912***601,P,C,T,"Nhận diện lừa đảo, trên mạng",Hoàn thành,88,2026-06-01,CQ02-PR4B-J9\r\n');
    expect(lines[1]).toBe('Lò Thị Hương,0912***601,P,C,T,"\'=Thanh toán ""không tiền mặt""; an toàn",Đang học,33,,\r\n');
    expect(lines[3]).toBe('"Nguyễn, Văn ""An""; con",0912***602,P,C,T,"\'=Thanh toán ""không tiền mặt""; an toàn",Đang học,,,\r\n');
    expect(lines[4]).toContain(",Chưa kích hoạt tài khoản,,,\r\n");
    expect(lines[7]).toBe('"\'-Đặng Thu\nThảo",***,P,C,T,"\'=Thanh toán ""không tiền mặt""; an toàn",Chưa bắt đầu,,,\r\n');
  });
});
