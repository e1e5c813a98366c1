import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { Course } from "../../packages/core/src/course";
import { courseKeys } from "../../packages/core/src/course/course.entity";
import { db } from "../../packages/core/src/db/client";
import { publishAs } from "../fixtures/course";
import { call, expectErrorShape, seedDemo, signIn } from "./client";

/**
 * Search (issue 19): the index is built at publish, on each course's catalogue item, so a learner finds exactly
 * the courses their catalogue lists, and matching ignores diacritics, case and spaces.
 */
const SYSTEM = { userId: "system" };
let learner: string;
let dbnAdmin: string;

const publish = publishAs;

const search = async (q: string, token = learner) => call("GET", `/search?q=${encodeURIComponent(q)}`, { token });
const ids = (items: { type: string; courseId: string; lessonId?: string }[]) =>
  items.map((item) => `${item.type}:${item.courseId}${item.lessonId ? `/${item.lessonId}` : ""}`);

beforeAll(async () => {
  await seedDemo();
  await publish("thanh-toan-qr", "Thanh toán bằng mã QR", "vn");
  await publish("dich-vu-cong", "Dịch vụ công", "vn", (content) => {
    content.modules[0]!.lessons[0]!.title = "VNeID là gì?";
    content.tags = ["căn cước"];
  });
  await publish("dvc-thu", "Dịch vụ công (bản thử)", "vn", (content) => {
    content.curriculum = "test";
  });
  await publish("dvc-dien-bien", "Dịch vụ công ở Điện Biên", "dbn");
  await publish("dvc-son-la", "Dịch vụ công ở Sơn La", "sla");
  await publish("dvc-nguoi-dan", "Dịch vụ công cho người dân", "vn", (content) => {
    content.audience = "citizens";
  });
  learner = (await signIn("0912000001")).accessToken;
  dbnAdmin = (await signIn("0912000004")).accessToken;
});

describe("GET /search", () => {
  it("finds the issue's examples without diacritics", async () => {
    const qr = await search("thanh toan qr");
    expect(qr.status).toBe(200);
    expect(qr.json.items[0]).toEqual({ type: "course", courseId: "thanh-toan-qr", title: "Thanh toán bằng mã QR" });

    const dvc = await search("dich vu cong");
    expect(ids(dvc.json.items)).toEqual(["course:dich-vu-cong", "course:dvc-son-la"]);
  });

  it("finds lessons, and courses by their tags and module titles, with links' ids", async () => {
    expect((await search("VNEID")).json.items).toEqual([{ type: "lesson", courseId: "dich-vu-cong", lessonId: "m1-l1", title: "VNeID là gì?" }]);
    expect(ids((await search("can cuoc")).json.items)).toEqual(["course:dich-vu-cong"]);
    expect(ids((await search("xem hinh")).json.items)).toContain("lesson:thanh-toan-qr/m1-l2");
  });

  it("never finds a test course, another province's course or another audience's", async () => {
    const found = ids((await search("dich vu")).json.items);
    expect(found).not.toContain("course:dvc-thu");
    expect(found).not.toContain("course:dvc-dien-bien");
    expect(found).not.toContain("course:dvc-nguoi-dan");
    // Điện Biên's people find Điện Biên's course, and not Sơn La's.
    const theirs = ids((await search("dich vu", dbnAdmin)).json.items);
    expect(theirs).toContain("course:dvc-dien-bien");
    expect(theirs).not.toContain("course:dvc-son-la");
  });

  it("refuses an empty or too long query, and anyone not signed in", async () => {
    for (const q of ["", "   ", "a".repeat(101)]) {
      const res = await search(q);
      expect(res.status).toBe(400);
      expectErrorShape(res.json);
    }
    expect((await search("a".repeat(100))).status).toBe(200);
    expect((await call("GET", "/search?q=qr")).status).toBe(401);
    expect((await call("GET", "/search/index")).status).toBe(401);
  });
});

describe("GET /search/index", () => {
  it("lists what the catalogue lists, with lesson titles, and answers 304 while unchanged", async () => {
    const first = await call("GET", "/search/index", { token: learner });
    expect(first.status).toBe(200);
    const listed = (await call("GET", "/courses", { token: learner })).json.items.map((c: { id: string }) => c.id).sort();
    expect(first.json.courses.map((c: { courseId: string }) => c.courseId).sort()).toEqual(listed);
    expect(first.json.courses.find((c: { courseId: string }) => c.courseId === "dich-vu-cong")).toEqual({
      courseId: "dich-vu-cong",
      title: "Dịch vụ công",
      keywords: "căn cước · Bài m1 · Bài m2",
      lessons: [
        { lessonId: "m1-l1", title: "VNeID là gì?" },
        { lessonId: "m1-l2", title: "Xem hình" },
        { lessonId: "m2-l1", title: "Đọc" },
        { lessonId: "m2-l2", title: "Xem hình" },
      ],
    });
    const tag = first.headers.get("etag");
    expect(tag).toBeTruthy();
    expect(first.headers.get("cache-control")).toBe("private, no-cache");

    const again = await call("GET", "/search/index", { token: learner, headers: { "if-none-match": tag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");

    // A new course changes the index, and so its tag.
    await publish("ma-qr-moi", "Mã QR mới", "vn");
    const changed = await call("GET", "/search/index", { token: learner, headers: { "if-none-match": tag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(tag);
  });

  it("builds the entry of a course published before search existed on first read, and stores it", async () => {
    const { doc, table } = db();
    await doc.send(new UpdateCommand({ TableName: table, Key: courseKeys.meta("thanh-toan-qr"), UpdateExpression: "REMOVE searchEntry" }));
    expect((await search("xem hinh")).json.items.map((item: { courseId: string }) => item.courseId)).toContain("thanh-toan-qr");
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: courseKeys.meta("thanh-toan-qr") }));
    expect(Item?.searchEntry).toMatchObject({ version: 1, lessons: expect.arrayContaining([{ lessonId: "m1-l2", title: "Xem hình" }]) });
  });

  it("follows withdrawals: a course with no version left is not found", async () => {
    await Course.withdraw("ma-qr-moi", 1, SYSTEM, { edits: ["vn"], reviews: ["vn"] });
    expect(ids((await search("ma qr moi")).json.items)).not.toContain("course:ma-qr-moi");
  });
});
