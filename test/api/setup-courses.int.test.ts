import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Course } from "../../packages/core/src/course";
import { checkCurriculum } from "../../packages/core/src/curriculum/check";
import { db } from "../../packages/core/src/db/client";
import { objects } from "../../packages/core/src/storage";
import { run } from "../../scripts/setup/courses";
import { call, seedDemo, signIn } from "./client";

/**
 * `npm run setup -- courses` (scripts/setup/courses.ts) against this file's DynamoDB Local table: it loads the
 * shipped curriculum as `npm start`'s seed does, and a second run writes nothing.
 */

const SHIPPED = join(import.meta.dirname, "../../content/courses");
const shipped = checkCurriculum(SHIPPED);
const scratch = mkdtempSync(join(tmpdir(), "kns-setup-courses-"));
let learner: string;

beforeAll(async () => {
  await seedDemo();
  learner = (await signIn("0912000001")).accessToken;
}, 60_000);

afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the command as `npm run setup -- courses …` would, returning what it printed. */
async function setup(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await run(args);
  } finally {
    vi.restoreAllMocks();
  }
  return lines;
}

/** Every item in the table, as sorted JSON: equal snapshots mean nothing was written. */
async function snapshot(): Promise<string[]> {
  const { doc, table } = db();
  const items: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey }));
    for (const item of page.Items ?? []) items.push(JSON.stringify(item, Object.keys(item).sort()));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort();
}

/** The stored media files (the local object store of the test, OBJECTS_DIR). */
function storedMedia(): string[] {
  try {
    return readdirSync(join(process.env.OBJECTS_DIR!, "media")).sort();
  } catch {
    return [];
  }
}

/** A copy of a shipped course under its own name in `dir`, with `change` applied to its course.json. */
function copyCourse(dir: string, name: string, change: (bundle: any) => void = () => {}) {
  const folder = join(dir, name);
  cpSync(join(SHIPPED, name), folder, { recursive: true });
  const bundle = JSON.parse(readFileSync(join(folder, "course.json"), "utf8"));
  change(bundle);
  writeFileSync(join(folder, "course.json"), JSON.stringify(bundle, null, 2));
  return folder;
}

async function catalogue() {
  const res = await call("GET", "/courses", { token: learner });
  expect(res.status).toBe(200);
  return res.json.items as { id: string; title: string; version: number; moduleCount: number }[];
}

describe("npm run setup -- courses", () => {
  it("the shipped curriculum passes the content check (else nothing below could load)", () => {
    expect(shipped.length).toBeGreaterThanOrEqual(15);
    expect(shipped.filter((course) => course.problems.length)).toEqual([]);
  });

  it("refuses an unknown course name, naming it and the known ones, and writes nothing", async () => {
    const before = await snapshot();
    await expect(setup("payments", "no-such-course")).rejects.toThrow(/Unknown course: no-such-course\. The courses in .*public-services.*Nothing was written/);
    expect(await snapshot()).toEqual(before);
    expect(await Course.getMeta("payments")).toBeUndefined();
  });

  it("refuses a course that breaks the content rules before it writes any course, the good ones included", async () => {
    const dir = join(scratch, "broken");
    copyCourse(dir, "payments");
    copyCourse(dir, "health", (bundle) => {
      bundle.modules[0].quiz.questions = bundle.modules[0].quiz.questions.slice(0, 2);
    });
    const before = await snapshot();
    const media = storedMedia();
    await expect(setup("--dir", dir)).rejects.toThrow(
      /^1 course breaks the content rules; nothing was written:\n {2}health:\n {4}✗ modules\.0\.quiz\.questions: fewQuestions[^\n]*\n[\s\S]*✗ modules\.0\.quiz: 2 questions; a module has 5–10\nCheck them with: npm run check:content -- \S+broken\/health$/,
    );
    expect(await snapshot()).toEqual(before);
    expect(storedMedia()).toEqual(media);
    expect(await Course.getMeta("payments")).toBeUndefined();
  });

  it("refuses a deployed table without BUCKET_NAME, where the pictures would land on this machine", async () => {
    const endpoint = process.env.DYNAMODB_ENDPOINT;
    delete process.env.DYNAMODB_ENDPOINT;
    try {
      await expect(setup("payments")).rejects.toThrow(/needs BUCKET_NAME/);
    } finally {
      process.env.DYNAMODB_ENDPOINT = endpoint;
    }
    expect(await Course.getMeta("payments")).toBeUndefined();
  });

  it("loads the named courses, then every other one, into the catalogue with their questions and media", async () => {
    const payments = shipped.find((course) => course.id === "payments")!;
    expect(await setup("payments")).toEqual([
      `  payments: loaded, v1 (${payments.modules} modules, ${payments.questions} questions)`,
      "1 course: 1 loaded, 0 new versions, 0 already up to date.",
    ]);

    const lines = await setup();
    expect(lines).toHaveLength(shipped.length + 1);
    for (const course of shipped) {
      const state = course.id === "payments" ? "already up to date, v1" : "loaded, v1";
      expect(lines).toContain(`  ${course.id}: ${state} (${course.modules} modules, ${course.questions} questions)`);
    }
    expect(lines.at(-1)).toBe(`${shipped.length} courses: ${shipped.length - 1} loaded, 0 new versions, 1 already up to date.`);

    // Members see every members' course in their catalogue, at v1, as the seed would have listed them.
    const members = shipped.filter((course) => course.audience === "members");
    const listed = await catalogue();
    expect(listed.map((item) => item.id).sort()).toEqual(members.map((course) => course.id).sort());
    for (const course of members)
      expect(listed.find((item) => item.id === course.id)).toMatchObject({ title: course.title, version: 1, moduleCount: course.modules });

    // Every course (citizens' too) is published by the system, with its questions, and its media are in the store.
    for (const course of shipped) {
      const version = (await Course.getVersion(course.id, 1))!;
      expect(version).toMatchObject({ publishedBy: "system", withdrawn: false });
      expect(version.content.modules.reduce((sum, module) => sum + module.quiz.questions.length, 0)).toBe(course.questions);
      expect(Object.keys(version.media).length).toBeGreaterThan(0);
      for (const file of Object.values(version.media)) expect(await objects().exists(file.key)).toBe(true);
    }
    const detail = await call("GET", "/courses/payments", { token: learner });
    expect(detail.status).toBe(200);
    expect(detail.json.modules).toHaveLength(payments.modules);
  }, 120_000);

  it("a second run reports every course up to date and writes nothing", async () => {
    const before = await snapshot();
    const media = storedMedia();
    const lines = await setup();
    for (const course of shipped) expect(lines).toContain(`  ${course.id}: already up to date, v1 (${course.modules} modules, ${course.questions} questions)`);
    expect(lines.at(-1)).toBe(`${shipped.length} courses: 0 loaded, 0 new versions, ${shipped.length} already up to date.`);
    expect(await snapshot()).toEqual(before);
    expect(storedMedia()).toEqual(media);
  }, 120_000);

  it("publishes a course whose content changed as a new version, which learners are offered", async () => {
    const dir = join(scratch, "changed");
    const title = "Thanh toán không dùng tiền mặt an toàn";
    copyCourse(dir, "payments", (bundle) => {
      bundle.title = title;
      bundle.changeSummary = "Đổi tên khoá học cho rõ hơn.";
    });
    const payments = shipped.find((course) => course.id === "payments")!;
    expect(await setup("--dir", dir)).toEqual([
      `  payments: new version v2, replacing v1 (${payments.modules} modules, ${payments.questions} questions)`,
      "1 course: 0 loaded, 1 new version, 0 already up to date.",
    ]);
    expect((await Course.listVersions("payments")).map((version) => version.version)).toEqual([1, 2]);
    expect(await Course.getVersion("payments", 2)).toMatchObject({ publishedBy: "system", changeSummary: "Đổi tên khoá học cho rõ hơn." });
    expect((await catalogue()).find((item) => item.id === "payments")).toMatchObject({ title, version: 2 });

    // Retried, the changed course is up to date too.
    const before = await snapshot();
    expect((await setup("--dir", dir, "payments"))[0]).toBe(
      `  payments: already up to date, v2 (${payments.modules} modules, ${payments.questions} questions)`,
    );
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it("leaves a course edited in the app alone unless --replace is given", async () => {
    // A trainer's version of the shipped course (in the app it would have been approved by a second person).
    const folder = copyCourse(join(scratch, "trainer"), "health", (bundle) => {
      bundle.summary = `${bundle.summary} Bản của tỉnh.`;
      bundle.changeSummary = "Thêm một câu cho tỉnh.";
    });
    const bundle = JSON.parse(readFileSync(join(folder, "course.json"), "utf8"));
    await Course.importBundle(bundle, async (path) => new Uint8Array(readFileSync(join(folder, path))), { userId: "demo-trainer" });
    const health = shipped.find((course) => course.id === "health")!;

    const before = await snapshot();
    expect(await setup("health")).toEqual([
      `  health: kept as it is (v2): changed in the app by demo-trainer since it was loaded; --replace publishes the shipped content (${health.modules} modules, ${health.questions} questions) over it`,
      "1 course: 0 loaded, 0 new versions, 0 already up to date, 1 kept as edited in the app.",
    ]);
    expect(await snapshot()).toEqual(before);

    expect((await setup("health", "--replace"))[0]).toBe(`  health: new version v3, replacing v2 (${health.modules} modules, ${health.questions} questions)`);
    const original = JSON.parse(readFileSync(join(SHIPPED, "health/course.json"), "utf8"));
    expect(await Course.getVersion("health", 3)).toMatchObject({ publishedBy: "system", content: { summary: original.summary } });
  }, 60_000);
});
