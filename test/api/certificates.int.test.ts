import { randomUUID } from "node:crypto";
import { createPublicKey } from "node:crypto";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { normaliseCode } from "../../packages/core/src/certificate/code";
import { canonical, verifyFacts, type SignedFacts } from "../../packages/core/src/certificate/signature";
import { Certificate } from "../../packages/core/src/certificate";
import { answers, importTestCourse } from "../fixtures/course";
import { call, signIn } from "./client";
import { Seed } from "../../packages/core/src/seed";

let code: string;
let holderToken: string;

async function finishCourse(token: string) {
  for (const m of ["m1", "m2"]) {
    await call("POST", `/quizzes/test-course.${m}/attempts`, { token, body: { attemptId: randomUUID(), answers: answers(m) } });
  }
  const events = ["m1", "m2"].flatMap((m) =>
    ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}` })),
  );
  await call("POST", "/progress", { token, body: { events } });
  const certs = await call("GET", "/me/certificates", { token });
  const newest = [...certs.json.items].sort((a: { line: number }, b: { line: number }) => b.line - a.line)[0];
  return newest.code as string;
}

beforeAll(async () => {
  await Seed.demo();
  await importTestCourse();
  holderToken = (await signIn("0912000001")).accessToken;
  code = await finishCourse(holderToken);
});

describe("certificate codes", () => {
  it("have a check character that catches a typo before any lookup", () => {
    expect(normaliseCode(code)).toBe(code);
    expect(normaliseCode(code.toLowerCase())).toBe(code);
    expect(normaliseCode(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`)).toBe(code);
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXY";
    for (let i = 0; i < code.length; i++) {
      for (const other of alphabet.replace(code[i]!, "")) {
        expect(normaliseCode(code.slice(0, i) + other + code.slice(i + 1))).toBeUndefined();
      }
    }
    for (let i = 0; i + 1 < code.length; i++) {
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      if (swapped !== code) expect(normaliseCode(swapped)).toBeUndefined();
    }
  });
});

describe("signature", () => {
  it("verifies the stored facts and fails when any signed field is changed", async () => {
    const certificate = (await Certificate.get(code))!;
    const facts: SignedFacts = {
      code: certificate.code,
      holderName: certificate.holderName,
      courseId: certificate.courseId,
      courseTitle: certificate.courseTitle,
      version: certificate.version,
      issuedAt: certificate.issuedAt,
    };
    const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Certificate.publicKeyRaw() }, format: "jwk" });
    expect(verifyFacts(facts, certificate.signature, publicKey)).toBe(true);
    const tampered: Partial<SignedFacts>[] = [
      { code: "0000000000" },
      { holderName: "Lò Thị Hưong" },
      { courseId: "other" },
      { courseTitle: "Khoá khác" },
      { version: 2 },
      { issuedAt: "2020-01-01T00:00:00.000Z" },
    ];
    for (const change of tampered) {
      expect(verifyFacts({ ...facts, ...change }, certificate.signature, publicKey), JSON.stringify(change)).toBe(false);
    }
    expect(canonical(facts)).toContain("Lò Thị Hương");
  });

  it("publishes the public key for offline checks", async () => {
    const res = await call("GET", "/verify/public-key");
    expect(res.json).toMatchObject({ algorithm: "Ed25519", publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  });
});

describe("PDF", () => {
  it("renders the Vietnamese name, course, code and a verification link, and is cached", async () => {
    const res = await call("GET", `/certificates/${code}/pdf`, { token: holderToken });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const raw = await import("../../packages/api/src/app").then(({ createApp }) =>
      createApp().request(`/api/v1/certificates/${code}/pdf`, { headers: { authorization: `Bearer ${holderToken}` } }),
    );
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(150_000);
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain("Lò Thị Hương");
    expect(text).toContain("Khoá học thử nghiệm");
    expect(text).toContain("GIẤY CHỨNG NHẬN");
    expect(text).toContain(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
    expect(text).toContain("Tổ CNSCĐ bản Bó");
    // The competences the course teaches (the fixture tags cyber-safety and DigComp 4.2).
    expect(text).toContain("Kỹ năng đã học");
    expect(text).toContain("Kỹ năng số cơ bản: An toàn trên không gian mạng");
    expect(text).toContain("Năng lực theo khung DigComp 2.2: 4.2");
  });

  it("lists every competence of a course that teaches them all, clear of the QR code", async () => {
    const { renderPdf } = await import("../../packages/core/src/certificate/pdf");
    const { COMPETENCE_CODES } = await import("../../packages/core/src/model");
    const bytes = await renderPdf(
      {
        code: "7K3MQ9XA2B",
        holderName: "Lò Thị Hương",
        courseId: "all-skills",
        courseTitle: "Mọi kỹ năng",
        version: 1,
        issuedAt: "2026-12-06T03:00:00.000Z",
        line: 1,
        unitId: "sla-muongbu-banbo",
        unitName: "Tổ CNSCĐ bản Bó",
        signature: "x",
        status: "valid",
        competences: COMPETENCE_CODES,
      },
      "https://kynangso.example",
    );
    const page = await (await getDocumentProxy(bytes)).getPage(1);
    const items = (await page.getTextContent()).items as { str: string; transform: number[]; width: number }[];
    const lines = items.filter((item) => /^(Kỹ năng số cơ bản|Năng lực theo khung|Nền tảng|\d\.\d)/.test(item.str) || item.str.includes(" · "));
    const text = lines.map((item) => item.str).join(" ");
    for (const code of COMPETENCE_CODES) expect(text).toContain(code.startsWith("dc-") ? code.slice(3) : "");
    expect(text).toContain("Nền tảng số khác ở địa phương");
    for (const item of lines) {
      // The QR code's white box starts at x ≈ 656 and rises to y ≈ 186.
      expect(item.transform[4]! + item.width, item.str).toBeLessThan(650);
      expect(item.transform[5]!, item.str).toBeGreaterThan(130);
    }
  });

  it("is available to the holder and to admins over the holder's unit only", async () => {
    const status = async (phone: string) => call("GET", `/certificates/${code}/pdf`, { token: (await signIn(phone)).accessToken }).then((r) => r.status);
    expect(await status("0912000003")).toBe(200); // Sơn La admin
    expect(await status("0912000004")).toBe(404); // Điện Biên admin
    expect(await status("0912000005")).toBe(404); // team leader, not an admin
    expect(await status("0912000002")).toBe(404); // trainer
    expect((await call("GET", `/certificates/${code}/pdf`)).status).toBe(401);
  });
});

describe("revocation", () => {
  it("only an admin over the holder's unit can revoke; verification then says revoked", async () => {
    const dbn = (await signIn("0912000004")).accessToken;
    expect((await call("POST", `/certificates/${code}/revoke`, { token: dbn, body: { reason: "Cấp nhầm người" } })).status).toBe(404);
    expect((await call("POST", `/certificates/${code}/revoke`, { token: holderToken, body: { reason: "Cấp nhầm người" } })).status).toBe(403);
    const sla = (await signIn("0912000003")).accessToken;
    const res = await call("POST", `/certificates/${code}/revoke`, { token: sla, body: { reason: "Cấp nhầm người" } });
    expect(res.status).toBe(200);
    const verified = await call("GET", `/verify/${code}`);
    expect(verified.json).toMatchObject({ valid: false, status: "revoked", revokedReason: "Cấp nhầm người" });
  });
});

describe("re-certification", () => {
  it("a version that requires re-certification tells holders; the old certificate stays valid as an earlier version; finishing the new line issues a second one", async () => {
    const { Course } = await import("../../packages/core/src/course");
    const reg = await call("POST", "/auth/register", {
      body: { phone: "0344555666", password: "RuongBac2026", fullName: "Cà Thị Ngọc", joinCode: "DEMO-SONLA", consent: true },
    });
    const token = reg.json.accessToken as string;
    const first = await finishCourse(token);

    const draft = await Course.getDraft("test-course");
    const saved = await Course.saveDraft(
      "test-course",
      { content: { ...draft!.content, title: "Khoá học thử nghiệm (2027)" }, baseRevision: draft!.revision },
      { userId: "trainer" },
    );
    // Four-eyes publishing: one national trainer asks, another approves.
    const national = { edits: ["vn"], reviews: ["vn"] };
    const asked = await Course.requestPublish(
      "test-course",
      { changeSummary: "Chiêu lừa mới: bắt buộc học lại", requiresRecertification: true, draftRevision: saved.revision },
      { userId: "trainer" },
      national,
    );
    await Course.approve(asked.id, { userId: "reviewer" }, national);

    const held = await call("GET", "/me/certificates", { token });
    expect(held.json.items).toEqual([expect.objectContaining({ code: first, recertificationAvailable: true })]);
    expect((await call("GET", `/verify/${first}`)).json).toMatchObject({ valid: true, earlierVersion: true });

    const course = await call("GET", "/courses/test-course", { token });
    expect(course.json.newerVersions).toEqual([expect.objectContaining({ requiresRecertification: true })]);
    const switched = await call("POST", "/courses/test-course/switch", { token, body: { version: course.json.newerVersions[0].version } });
    expect(switched.json).toMatchObject({ line: 2 });
    expect((await call("GET", "/courses/test-course", { token })).json.progress).toMatchObject({ percent: 0, completedLessons: [] });

    const second = await finishCourse(token);
    const after = await call("GET", "/me/certificates", { token });
    expect(after.json.items.map((c: { line: number }) => c.line).sort()).toEqual([1, 2]);
    expect(after.json.items.find((c: { line: number }) => c.line === 2).courseTitle).toBe("Khoá học thử nghiệm (2027)");
    expect(second).toBeTruthy();
    expect((await call("GET", `/verify/${first}`)).json.valid).toBe(true);
  });
});
