import { beforeAll, describe, expect, it } from "vitest";
import { Audit } from "../../packages/core/src/audit";
import { Course } from "../../packages/core/src/course";
import { User } from "../../packages/core/src/user";
import { SVG, importTestCourse, testBundle } from "../fixtures/course";
import { call, expectErrorShape, seedDemo, signIn } from "./client";

/**
 * Trainer scope and four-eyes publishing (docs/authoring.md): courses belong to the nation or a province;
 * a certifying version is published only once a second person — another trainer, or an admin of the course's
 * scope — approves the exact draft revision that was asked for.
 */
const PASSWORD = "RuongBac2026";
let t: Record<"national" | "national2" | "sla" | "dbn" | "slaAdmin" | "dbnAdmin" | "nationAdmin" | "learner" | "dbnLearner", string>;
let ids: Record<"national" | "sla", string>;

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
  const people = [
    { key: "national2", phone: "0912100002", fullName: "Vi Thị Hoa", roles: ["trainer"], unitId: null },
    { key: "sla", phone: "0912100003", fullName: "Lò Văn Sơn", roles: ["trainer"], unitId: "sla" },
    { key: "dbn", phone: "0912100004", fullName: "Quàng Văn Biên", roles: ["trainer"], unitId: "dbn" },
    { key: "nationAdmin", phone: "0912100006", fullName: "Trần Quốc Gia", roles: ["admin"], unitId: "vn" },
    { key: "dbnLearner", phone: "0912100007", fullName: "Mùa Thị Pàng", roles: ["member"], unitId: "dbn-dienbienphu-tdp1" },
  ] as const;
  const extra: Record<string, string> = {};
  for (const { key, ...person } of people) {
    await User.ensure({ ...person, roles: [...person.roles], password: PASSWORD });
    extra[key] = (await signIn(person.phone, PASSWORD)).accessToken;
  }
  const national = await signIn("0912000002");
  const sla = await signIn("0912100003", PASSWORD);
  ids = { national: national.user.id, sla: sla.user.id };
  t = {
    national: national.accessToken,
    national2: extra.national2!,
    sla: extra.sla!,
    dbn: extra.dbn!,
    nationAdmin: extra.nationAdmin!,
    dbnLearner: extra.dbnLearner!,
    slaAdmin: (await signIn("0912000003")).accessToken,
    dbnAdmin: (await signIn("0912000004")).accessToken,
    learner: (await signIn("0912000001")).accessToken,
  };
});

const { format: _f, id: _i, changeSummary: _c, ...content } = testBundle();

/** A course's draft, changed by `change`, saved on top of the current revision by `token`. */
async function edit(courseId: string, token: string, change: (content: Course.Content) => void) {
  const draft = await call("GET", `/authoring/courses/${courseId}/draft`, { token });
  const next = structuredClone(draft.json.content) as Course.Content;
  change(next);
  const saved = await call("PUT", `/authoring/courses/${courseId}/draft`, { token, body: { content: next, baseRevision: draft.json.revision } });
  expect(saved.status).toBe(200);
  return saved.json.revision as number;
}

async function courseAudit(courseId: string) {
  return (await Audit.list("courses")).filter((entry) => entry.target === courseId);
}

describe("trainer scope", () => {
  it("a province trainer reads national courses but cannot change them; another province's courses do not exist for them", async () => {
    const draft = await call("GET", "/authoring/courses/test-course/draft", { token: t.sla });
    expect(draft.status).toBe(200);
    const put = await call("PUT", "/authoring/courses/test-course/draft", { token: t.sla, body: { content, baseRevision: draft.json.revision } });
    expect(put.status).toBe(403);
    expect(expectErrorShape(put.json).code).toBe("course.out_of_scope");
    const asked = await call("POST", "/authoring/courses/test-course/publish-requests", {
      token: t.sla,
      body: { changeSummary: "Sửa của tỉnh", draftRevision: draft.json.revision },
    });
    expect(asked.status).toBe(403);
    expect((await call("POST", "/authoring/courses/test-course/versions/1/withdraw", { token: t.sla })).status).toBe(403);
    expect((await Course.getDraft("test-course"))!.revision).toBe(draft.json.revision);

    // Their own course goes to their province; a national course can be copied into it.
    const created = await call("POST", "/authoring/courses", { token: t.sla, body: { id: "sla-rieng", content: { ...content, modules: [] } } });
    expect(created.status).toBe(201);
    const elsewhere = await call("POST", "/authoring/courses", { token: t.sla, body: { id: "sla-national", owner: "vn", content } });
    expect(expectErrorShape(elsewhere.json).code).toBe("course.out_of_scope");
    const copy = await call("POST", "/authoring/courses/test-course/duplicate", { token: t.sla, body: { id: "sla-ban-sao", title: "Bản của Sơn La" } });
    expect(copy.status).toBe(201);
    const list = await call("GET", "/authoring/courses", { token: t.sla });
    const byId = new Map(list.json.items.map((c: { id: string }) => [c.id, c]));
    expect(byId.get("sla-rieng")).toMatchObject({ owner: "sla", mayEdit: true });
    expect(byId.get("sla-ban-sao")).toMatchObject({ owner: "sla", mayEdit: true });
    expect(byId.get("test-course")).toMatchObject({ owner: "vn", mayEdit: false });

    // Điện Biên's trainer does not see Sơn La's courses at all; the national trainer edits them.
    expect((await call("GET", "/authoring/courses", { token: t.dbn })).json.items.map((c: { id: string }) => c.id)).not.toContain("sla-rieng");
    expect((await call("GET", "/authoring/courses/sla-rieng/draft", { token: t.dbn })).status).toBe(404);
    expect((await call("PUT", "/authoring/courses/sla-rieng/draft", { token: t.dbn, body: { content, baseRevision: 1 } })).status).toBe(404);
    expect((await call("PUT", "/authoring/courses/sla-rieng/draft", { token: t.national, body: { content, baseRevision: 1 } })).status).toBe(200);
    // Admins review; they do not author.
    expect((await call("GET", "/authoring/courses", { token: t.slaAdmin })).status).toBe(403);
  });
});

describe("four-eyes publishing", () => {
  it("request → review the diff → return with a comment → ask again → approve by an admin of the scope; every step audited", async () => {
    const before = (await Course.getVersion("test-course", 1))!;
    const revision = await edit("test-course", t.national, (c) => {
      const q1 = c.modules[0]!.quiz.questions[0]!;
      if ("correctOptionIds" in q1) q1.correctOptionIds = ["c"];
      c.modules[0]!.quiz.questions.push({
        id: "m1-q6",
        competences: ["payments"],
        kind: "true-false",
        prompt: "Ngân hàng không bao giờ hỏi mã OTP.",
        options: [
          { id: "true", text: "Đúng" },
          { id: "false", text: "Sai" },
        ],
        correctOptionIds: ["true"],
        explanation: "Không ai có quyền hỏi mã OTP.",
      });
      c.modules[1]!.quiz.questions.splice(1, 1, { ...c.modules[1]!.quiz.questions[0]!, id: "m2-q7", prompt: "Ai được hỏi mã OTP của bạn?" });
    });

    // A certifying course is not published alone.
    const alone = await call("POST", "/authoring/courses/test-course/publish", {
      token: t.national,
      body: { changeSummary: "Một mình", draftRevision: revision },
    });
    expect(alone.status).toBe(403);
    expect(expectErrorShape(alone.json).code).toBe("course.approval_required");

    const body = { changeSummary: "Thêm câu hỏi về OTP, sửa đáp án câu 1", draftRevision: revision };
    const asked = await call("POST", "/authoring/courses/test-course/publish-requests", { token: t.national, body });
    expect(asked.status, asked.text).toBe(201);
    expect(asked.json).toMatchObject({ status: "pending", draftRevision: revision, requestedBy: ids.national });
    // Asking again is a retry: the same request.
    expect((await call("POST", "/authoring/courses/test-course/publish-requests", { token: t.national, body })).json.id).toBe(asked.json.id);

    const queue = await call("GET", "/authoring/publish-requests", { token: t.national2 });
    expect(queue.json.items).toEqual([
      expect.objectContaining({ id: asked.json.id, courseId: "test-course", changeSummary: body.changeSummary, requesterName: "Nguyễn Văn Thành" }),
    ]);
    // A province's admin reviews that province's courses only.
    expect((await call("GET", "/authoring/publish-requests", { token: t.slaAdmin })).json.items).toEqual([]);

    const detail = await call("GET", `/authoring/publish-requests/${asked.json.id}`, { token: t.national2 });
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ stale: false, currentRevision: revision, diff: { baseVersion: before.version } });
    const changes = new Map(detail.json.diff.questions.map((q: { questionId: string }) => [q.questionId, q]));
    expect(changes.get("m1-q1")).toMatchObject({
      change: "changed",
      before: { options: expect.arrayContaining([{ id: "b", text: "Không bao giờ", correct: true }]) },
      after: { options: expect.arrayContaining([{ id: "c", text: "Có, nếu họ gọi từ ngân hàng", correct: true }]) },
    });
    expect(changes.get("m1-q6")).toMatchObject({
      change: "added",
      after: {
        kind: "true-false",
        options: [
          { id: "true", correct: true },
          { id: "false", correct: false },
        ],
      },
    });
    expect(changes.get("m2-q2")).toMatchObject({ change: "removed", moduleTitle: "Bài m2" });
    expect(changes.get("m2-q7")).toMatchObject({ change: "added", after: { prompt: "Ai được hỏi mã OTP của bạn?" } });
    expect(changes.size).toBe(4);

    // The author cannot approve their own request.
    const own = await call("POST", `/authoring/publish-requests/${asked.json.id}/approve`, { token: t.national });
    expect(own.status).toBe(403);
    expect(expectErrorShape(own.json).code).toBe("publish_request.own_request");

    const returned = await call("POST", `/authoring/publish-requests/${asked.json.id}/return`, {
      token: t.national2,
      body: { comment: "Câu 1: đáp án đúng vẫn là “Không bao giờ”." },
    });
    expect(returned.status).toBe(200);
    expect(returned.json).toMatchObject({ status: "returned", comment: "Câu 1: đáp án đúng vẫn là “Không bao giờ”." });
    expect((await call("GET", "/authoring/publish-requests", { token: t.national2 })).json.items).toEqual([]);
    const mine = (await call("GET", "/authoring/courses", { token: t.national })).json.items.find((c: { id: string }) => c.id === "test-course");
    expect(mine.publishRequest).toMatchObject({ status: "returned", comment: "Câu 1: đáp án đúng vẫn là “Không bao giờ”." });
    const late = await call("POST", `/authoring/publish-requests/${asked.json.id}/approve`, { token: t.national2 });
    expect(expectErrorShape(late.json).code).toBe("publish_request.closed");
    expect((await Course.getMeta("test-course"))!.versionCount).toBe(1);

    const fixed = await edit("test-course", t.national, (c) => {
      const q1 = c.modules[0]!.quiz.questions[0]!;
      if ("correctOptionIds" in q1) q1.correctOptionIds = ["b"];
    });
    const again = await call("POST", "/authoring/courses/test-course/publish-requests", {
      token: t.national,
      body: { changeSummary: "Thêm câu hỏi về OTP", draftRevision: fixed },
    });
    expect(again.status).toBe(201);
    expect(again.json.id).not.toBe(asked.json.id);

    const approved = await call("POST", `/authoring/publish-requests/${again.json.id}/approve`, { token: t.nationAdmin });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ version: 2, request: { status: "approved", reviewedBy: expect.any(String), version: 2 } });
    // Approving twice publishes once.
    const twice = await call("POST", `/authoring/publish-requests/${again.json.id}/approve`, { token: t.nationAdmin });
    expect(twice.json.version).toBe(2);
    expect((await Course.getMeta("test-course"))!.versionCount).toBe(2);
    expect((await Course.getVersion("test-course", 2))!.publishedBy).not.toBe(ids.national);

    const fresh = await call("GET", "/courses/test-course", { token: t.dbnLearner });
    expect(fresh.json.version).toBe(2);
    expect(fresh.json.modules[0].quizId).toBe("test-course.m1");

    const actions = (await courseAudit("test-course")).map((e) => e.action);
    expect(actions.filter((a) => a === "course.publish_request")).toHaveLength(2);
    expect(actions).toContain("course.publish_request.return");
    expect(actions).toContain("course.publish_request.approve");
    const publications = (await courseAudit("test-course")).filter((e) => e.action === "course.publish");
    expect(publications.map((e) => e.actorId).sort()).toEqual(["system", expect.any(String)].sort());
    expect(publications.find((e) => e.actorId !== "system")!.details).toMatchObject({ version: 2, requestId: again.json.id, requestedBy: ids.national });
  });

  it("a request is tied to its draft revision: an edit after it makes approval a 409, and nothing is published", async () => {
    await importTestCourse("stale-course");
    const revision = await edit("stale-course", t.national, (c) => {
      c.title = "Khoá học cũ (sửa)";
    });
    const asked = await call("POST", "/authoring/courses/stale-course/publish-requests", {
      token: t.national,
      body: { changeSummary: "Đổi tên", draftRevision: revision },
    });
    await edit("stale-course", t.national2, (c) => {
      c.summary = "Sửa sau khi đã gửi duyệt.";
    });
    const detail = await call("GET", `/authoring/publish-requests/${asked.json.id}`, { token: t.national2 });
    expect(detail.json).toMatchObject({ stale: true, currentRevision: revision + 1 });
    const refused = await call("POST", `/authoring/publish-requests/${asked.json.id}/approve`, { token: t.national2 });
    expect(refused.status).toBe(409);
    expect(expectErrorShape(refused.json).code).toBe("publish_request.stale");
    expect((await Course.getMeta("stale-course"))!.versionCount).toBe(1);
    // Asking for the newer revision replaces the stale request in the queue.
    const again = await call("POST", "/authoring/courses/stale-course/publish-requests", {
      token: t.national,
      body: { changeSummary: "Đổi tên và tóm tắt", draftRevision: revision + 1 },
    });
    const queue = (await call("GET", "/authoring/publish-requests", { token: t.national2 })).json.items.map((r: { id: string }) => r.id);
    expect(queue).toContain(again.json.id);
    expect(queue).not.toContain(asked.json.id);
    expect((await call("POST", `/authoring/publish-requests/${asked.json.id}/approve`, { token: t.national2 })).json.error.code).toBe("publish_request.closed");
  });

  it("a province's course: its trainer asks, the national trainer or the province's admin approves; only that province's learners see it", async () => {
    const created = await call("POST", "/authoring/courses", { token: t.sla, body: { id: "sla-lua-dao", content: { ...content, modules: [] } } });
    expect(created.status).toBe(201);
    const media = await call("POST", "/authoring/courses/sla-lua-dao/media", {
      token: t.sla,
      raw: new TextDecoder().decode(SVG),
      headers: { "content-type": "image/svg+xml" },
    });
    const full = JSON.parse(JSON.stringify(content).replaceAll("media/sms.svg", media.json.src));
    const saved = await call("PUT", "/authoring/courses/sla-lua-dao/draft", { token: t.sla, body: { content: full, baseRevision: 1 } });
    const asked = await call("POST", "/authoring/courses/sla-lua-dao/publish-requests", {
      token: t.sla,
      body: { changeSummary: "Bản đầu của Sơn La", draftRevision: saved.json.revision },
    });
    expect(asked.status).toBe(201);
    // Điện Biên's admin and trainer cannot see it; Sơn La's admin sees it in their queue.
    expect((await call("GET", `/authoring/publish-requests/${asked.json.id}`, { token: t.dbnAdmin })).status).toBe(404);
    expect((await call("POST", `/authoring/publish-requests/${asked.json.id}/approve`, { token: t.dbn })).status).toBe(404);
    expect((await call("GET", "/authoring/publish-requests", { token: t.slaAdmin })).json.items.map((r: { id: string }) => r.id)).toEqual([asked.json.id]);
    const detail = await call("GET", `/authoring/publish-requests/${asked.json.id}`, { token: t.slaAdmin });
    expect(detail.json.diff).toMatchObject({ baseVersion: 0 });
    expect(detail.json.diff.questions.every((q: { change: string }) => q.change === "added")).toBe(true);

    const approved = await call("POST", `/authoring/publish-requests/${asked.json.id}/approve`, { token: t.slaAdmin });
    expect(approved.json.version).toBe(1);

    const slaCatalogue = (await call("GET", "/courses", { token: t.learner })).json.items.map((c: { id: string }) => c.id);
    expect(slaCatalogue).toEqual(expect.arrayContaining(["sla-lua-dao", "test-course"]));
    const dbnCatalogue = (await call("GET", "/courses", { token: t.dbnLearner })).json.items.map((c: { id: string }) => c.id);
    expect(dbnCatalogue).toContain("test-course");
    expect(dbnCatalogue).not.toContain("sla-lua-dao");
    // Provincial courses never enter the national completion figures.
    expect((await Course.counted()).map((c) => c.id)).not.toContain("sla-lua-dao");
  });

  it("a test course is published by one trainer: learners never see it", async () => {
    const test = { ...content, curriculum: "test" as const, modules: [] };
    await call("POST", "/authoring/courses", { token: t.national, body: { id: "thu-nghiem", content: test } });
    const media = await call("POST", "/authoring/courses/thu-nghiem/media", {
      token: t.national,
      raw: new TextDecoder().decode(SVG),
      headers: { "content-type": "image/svg+xml" },
    });
    const full = JSON.parse(JSON.stringify({ ...content, curriculum: "test" }).replaceAll("media/sms.svg", media.json.src));
    const saved = await call("PUT", "/authoring/courses/thu-nghiem/draft", { token: t.national, body: { content: full, baseRevision: 1 } });
    const published = await call("POST", "/authoring/courses/thu-nghiem/publish", {
      token: t.national,
      body: { changeSummary: "Thử", draftRevision: saved.json.revision },
    });
    expect(published.status).toBe(201);
    expect(published.json.version).toBe(1);
    expect((await courseAudit("thu-nghiem")).find((e) => e.action === "course.publish")!.actorId).toBe(ids.national);
  });

  it("reviews are for trainers and admins of the scope; members, leaders and commune admins get 403, garbage ids 404", async () => {
    await User.ensure({ phone: "0912100008", fullName: "Hà Văn Xã", password: PASSWORD, roles: ["admin"], unitId: "sla-muongbu" });
    const communeAdmin = (await signIn("0912100008", PASSWORD)).accessToken;
    for (const token of [t.learner, communeAdmin, (await signIn("0912000005")).accessToken]) {
      expect((await call("GET", "/authoring/publish-requests", { token })).status).toBe(403);
    }
    expect((await call("GET", "/authoring/publish-requests", {})).status).toBe(401);
    expect((await call("GET", `/authoring/publish-requests/${"a".repeat(3000)}.1`, { token: t.national2 })).status).toBe(404);
    for (const id of ["x", "test-course.0", "test-course.999", "Test-Course.1"]) {
      const res = await call("GET", `/authoring/publish-requests/${id}`, { token: t.national2 });
      expect(res.status).toBe(404);
      expect(expectErrorShape(res.json).code).toBe("publish_request.not_found");
    }
    const empty = await call("POST", "/authoring/publish-requests/test-course.1/return", { token: t.national2, body: { comment: "" } });
    expect(empty.status).toBe(400);
  });
});
