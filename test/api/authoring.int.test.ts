import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { SVG, answers, testBundle } from "../fixtures/course";
import { app, call, expectErrorShape, seedDemo, signIn } from "./client";

let trainer: string;
let reviewer: string;
let learner: string;

beforeAll(async () => {
  await seedDemo();
  const { User } = await import("../../packages/core/src/user");
  // A second national trainer: certifying courses are published by four eyes (docs/authoring.md).
  await User.ensure({ phone: "0912100002", fullName: "Vi Thị Hoa", password: "RuongBac2026", roles: ["trainer"], unitId: null });
  trainer = (await signIn("0912000002")).accessToken;
  reviewer = (await signIn("0912100002", "RuongBac2026")).accessToken;
  learner = (await signIn("0912000001")).accessToken;
});

/** Asks to publish a draft revision as the trainer, approved by the second trainer; answers the approval. */
async function publishWithApproval(courseId: string, body: { changeSummary: string; draftRevision: number }) {
  const asked = await call("POST", `/authoring/courses/${courseId}/publish-requests`, { token: trainer, body });
  expect(asked.status).toBe(201);
  return call("POST", `/authoring/publish-requests/${asked.json.id}/approve`, { token: reviewer });
}

const { format: _f, id: _i, changeSummary: _c, ...content } = testBundle();

async function upload(courseId: string, body: Uint8Array | string, type: string) {
  const res = await app.request(`/api/v1/authoring/courses/${courseId}/media`, {
    method: "POST",
    headers: { authorization: `Bearer ${trainer}`, "content-type": type },
    body,
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe("authoring", () => {
  it("a trainer writes a course, uploads media, publishes v1; a learner sees it; v2 keeps earlier learners on v1", async () => {
    const created = await call("POST", "/authoring/courses", { token: trainer, body: { id: "new-course", content: { ...content, modules: [] } } });
    expect(created.status).toBe(201);
    expect(created.json.revision).toBe(1);

    const media = await upload("new-course", SVG, "image/svg+xml");
    expect(media.status).toBe(201);
    const src = media.json.src as string;
    const withMedia = JSON.parse(JSON.stringify(content).replaceAll("media/sms.svg", src));

    const early = await call("POST", "/authoring/courses/new-course/publish-requests", {
      token: trainer,
      body: { changeSummary: "Bản đầu", draftRevision: 1 },
    });
    expect(early.status).toBe(400);
    expect(expectErrorShape(early.json).code).toBe("course.not_publishable");
    expect(early.json.error.details[0]).toMatchObject({ path: "modules", code: "noModules", level: "publish" });

    const saved = await call("PUT", "/authoring/courses/new-course/draft", { token: trainer, body: { content: withMedia, baseRevision: 1 } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ revision: 2, problems: [] });
    const stale = await call("PUT", "/authoring/courses/new-course/draft", {
      token: trainer,
      body: { content: { ...withMedia, title: "Khác" }, baseRevision: 1 },
    });
    expect(stale.status).toBe(409);

    // A certifying course is not published by its author alone.
    const alone = await call("POST", "/authoring/courses/new-course/publish", {
      token: trainer,
      body: { changeSummary: "Phiên bản đầu tiên", draftRevision: 2 },
    });
    expect(alone.status).toBe(403);
    expect(expectErrorShape(alone.json).code).toBe("course.approval_required");
    const v1 = await publishWithApproval("new-course", { changeSummary: "Phiên bản đầu tiên", draftRevision: 2 });
    expect(v1.status).toBe(200);
    expect(v1.json.version).toBe(1);
    // Publishing the revision that was approved answers with the version it became.
    const retry = await call("POST", "/authoring/courses/new-course/publish", {
      token: trainer,
      body: { changeSummary: "Phiên bản đầu tiên", draftRevision: 2 },
    });
    expect(retry.status).toBe(201);
    expect(retry.json.version).toBe(1);

    expect((await call("GET", "/courses", { token: learner })).json.items.map((c: { id: string }) => c.id)).toContain("new-course");
    await call("POST", "/quizzes/new-course.m1/attempts", { token: learner, body: { attemptId: randomUUID(), answers: answers("m1") } });

    const changed = { ...withMedia, title: "Khoá học mới (cập nhật)" };
    changed.modules[0].lessons[0].body = "Nội dung đã cập nhật về **mã OTP**.";
    await call("PUT", "/authoring/courses/new-course/draft", { token: trainer, body: { content: changed, baseRevision: 2 } });
    const v2 = await publishWithApproval("new-course", { changeSummary: "Cập nhật bài 1 về OTP", draftRevision: 3 });
    expect(v2.json.version).toBe(2);

    const mine = await call("GET", "/courses/new-course", { token: learner });
    expect(mine.json.version).toBe(1);
    expect(mine.json.newerVersions).toEqual([expect.objectContaining({ version: 2, changeSummary: "Cập nhật bài 1 về OTP" })]);
    const fresh = (await signIn("0912000005")).accessToken;
    expect((await call("GET", "/courses/new-course", { token: fresh })).json).toMatchObject({ version: 2, title: "Khoá học mới (cập nhật)" });

    const versions = await call("GET", "/authoring/courses/new-course/versions", { token: trainer });
    expect(versions.json.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    // Withdrawing v1 moves its learners to v2.
    expect((await call("POST", "/authoring/courses/new-course/versions/1/withdraw", { token: trainer })).status).toBe(200);
    expect((await call("GET", "/courses/new-course", { token: learner })).json.version).toBe(2);
  });

  it("refuses wrong-type, unsafe and oversized uploads with a clear message", async () => {
    await call("POST", "/authoring/courses", { token: trainer, body: { id: "upload-test", content: { ...content, modules: [] } } });
    const exe = await upload("upload-test", "MZ...", "application/x-msdownload");
    expect(exe.status).toBe(400);
    expect(exe.json.error.code).toBe("media.type_not_allowed");
    const script = await upload("upload-test", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml");
    expect(script.json.error.code).toBe("media.unsafe_svg");
    const big = await upload("upload-test", new Uint8Array(3 * 1024 * 1024), "image/png");
    expect(big.status).toBe(400);
    expect(big.json.error.code).toBe("media.too_large");
  });

  it("keeps what a lesson lacks to publish (tags, sources, review date) a publish problem, and counts lessons due on the course list", async () => {
    const draft = testBundle("review-due");
    const { format: _f, id: _id, changeSummary: _c, ...fresh } = draft;
    // A lesson just added: no competences, sources or review date yet; another reviewed long ago.
    const [first, second] = fresh.modules[0]!.lessons;
    delete first!.competences;
    delete first!.sources;
    delete first!.reviewedAt;
    second!.reviewedAt = "2025-01-10";
    const created = await call("POST", "/authoring/courses", { token: trainer, body: { id: "review-due", content: fresh } });
    expect(created.status).toBe(201);
    const draftRead = await call("GET", "/authoring/courses/review-due/draft", { token: trainer });
    const problems = (draftRead.json.problems as { path: string; code: string; level: string }[]).filter((p) => p.path.startsWith("modules.0.lessons.0."));
    expect(problems.map((p) => [p.path, p.code, p.level])).toEqual([
      ["modules.0.lessons.0.competences", "noCompetences", "publish"],
      ["modules.0.lessons.0.sources", "noSources", "publish"],
      ["modules.0.lessons.0.reviewedAt", "noReviewDate", "publish"],
    ]);
    const listed = (await call("GET", "/authoring/courses", { token: trainer })).json.items.find((c: { id: string }) => c.id === "review-due");
    expect(listed.reviewDates).toEqual({ never: 1, "2025-01-10": 1, "2026-11-20": 2 });
    // A blank source title or an address that is not https cannot be saved; an empty review date is refused too.
    fresh.modules[0]!.lessons[0]!.sources = [{ title: " ", url: "http://example.gov.vn" }];
    const bad = await call("PUT", "/authoring/courses/review-due/draft", { token: trainer, body: { content: fresh, baseRevision: 1 } });
    expect(bad.status).toBe(400);
    expect(expectErrorShape(bad.json).message).toContain("sources.0.title");
    fresh.modules[0]!.lessons[0]!.sources = [];
    fresh.modules[0]!.lessons[0]!.reviewedAt = "";
    const blankDay = await call("PUT", "/authoring/courses/review-due/draft", { token: trainer, body: { content: fresh, baseRevision: 1 } });
    expect(blankDay.status).toBe(400);
    expect(expectErrorShape(blankDay.json).message).toContain("reviewedAt");
    expect((await call("GET", "/authoring/courses/review-due/draft", { token: trainer })).json.revision).toBe(1);
  });

  it("only trainers can author; learners and admins get 403", async () => {
    for (const phone of ["0912000001", "0912000003"]) {
      const token = (await signIn(phone)).accessToken;
      expect((await call("GET", "/authoring/courses", { token })).status).toBe(403);
      expect((await call("POST", "/authoring/courses", { token, body: { id: "x-course", content } })).status).toBe(403);
    }
  });

  it("duplicates a course for citizens and exports a bundle", async () => {
    await call("POST", "/authoring/courses", { token: trainer, body: { id: "dup-source", content: { ...content, modules: [] } } });
    const dup = await call("POST", "/authoring/courses/dup-source/duplicate", {
      token: trainer,
      body: { id: "dup-citizens", audience: "citizens", title: "Bản cho người dân" },
    });
    expect(dup.status).toBe(201);
    expect(dup.json.content).toMatchObject({ audience: "citizens", title: "Bản cho người dân" });
    const bundle = await call("GET", "/authoring/courses/dup-citizens/bundle", { token: trainer });
    expect(bundle.json.bundle).toMatchObject({ format: "kns-course@1", id: "dup-citizens" });
  });
});

describe("large uploads through a signed URL", () => {
  // The smallest valid MP3 frame header followed by padding: enough for the type check.
  const mp3 = Uint8Array.from([0xff, 0xfb, 0x90, 0x64, ...new Array(2044).fill(0)]);

  it("announces, uploads straight to storage, and completes with the server checking size and content", async () => {
    await call("POST", "/authoring/courses", { token: trainer, body: { id: "audio-course", content: { ...content, modules: [] } } });
    const created = await call("POST", "/authoring/courses/audio-course/uploads", {
      token: trainer,
      body: { contentType: "audio/mpeg", bytes: mp3.byteLength, fileName: "bai-1.mp3" },
    });
    expect(created.status).toBe(201);
    const { uploadId, uploadUrl } = created.json;
    expect(uploadUrl).toMatch(/^\/api\/v1\/files\/uploads\//);

    expect((await call("POST", `/authoring/courses/audio-course/uploads/${uploadId}/complete`, { token: trainer })).json.error.code).toBe(
      "media.upload_missing",
    );
    const wrongSize = await app.request(uploadUrl, { method: "PUT", headers: { "content-type": "audio/mpeg" }, body: mp3.slice(0, 100) });
    expect(wrongSize.status).toBe(400);
    const wrongType = await app.request(uploadUrl, { method: "PUT", headers: { "content-type": "video/mp4" }, body: mp3 });
    expect(wrongType.status).toBe(400);
    const tampered = await app.request(uploadUrl.replace(/sig=[^&]+/, "sig=AAAA"), { method: "PUT", headers: { "content-type": "audio/mpeg" }, body: mp3 });
    expect(tampered.status).toBe(403);
    const put = await app.request(uploadUrl, { method: "PUT", headers: { "content-type": "audio/mpeg" }, body: mp3 });
    expect(put.status).toBe(200);

    const done = await call("POST", `/authoring/courses/audio-course/uploads/${uploadId}/complete`, { token: trainer });
    expect(done.status).toBe(201);
    expect(done.json).toMatchObject({ src: expect.stringMatching(/^media\/[a-f0-9]{32}\.mp3$/), bytes: mp3.byteLength, contentType: "audio/mpeg" });
    const again = await call("POST", `/authoring/courses/audio-course/uploads/${uploadId}/complete`, { token: trainer });
    expect(again.json).toEqual(done.json);
    const draft = await call("GET", "/authoring/courses/audio-course/draft", { token: trainer });
    expect(draft.json.media[done.json.src]).toMatchObject({ bytes: mp3.byteLength });
  });

  it("refuses a file whose bytes are not what was announced", async () => {
    const fake = new TextEncoder().encode("MZ this is a program, not audio".padEnd(500, "."));
    const created = await call("POST", "/authoring/courses/audio-course/uploads", {
      token: trainer,
      body: { contentType: "audio/mpeg", bytes: fake.byteLength },
    });
    await app.request(created.json.uploadUrl, { method: "PUT", headers: { "content-type": "audio/mpeg" }, body: fake });
    const done = await call("POST", `/authoring/courses/audio-course/uploads/${created.json.uploadId}/complete`, { token: trainer });
    expect(done.status).toBe(400);
    expect(done.json.error.code).toBe("media.type_mismatch");
  });

  it("refuses oversized and unknown announcements before any upload", async () => {
    const big = await call("POST", "/authoring/courses/audio-course/uploads", { token: trainer, body: { contentType: "video/mp4", bytes: 80 * 1024 * 1024 } });
    expect(big.json.error.code).toBe("media.too_large");
    const exe = await call("POST", "/authoring/courses/audio-course/uploads", { token: trainer, body: { contentType: "application/x-msdownload", bytes: 10 } });
    expect(exe.json.error.code).toBe("media.type_not_allowed");
  });
});
