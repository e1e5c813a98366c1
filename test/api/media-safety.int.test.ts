import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { objects } from "../../packages/core/src/storage";
import { SVG, testBundle } from "../fixtures/course";
import { app, call, seedDemo, signIn } from "./client";

/**
 * Course media a trainer uploads is served to every learner from the app's own origin, so an SVG that runs
 * script would run it with the learner's session. Unsafe SVGs are refused (whichever way they arrive), and
 * every media file is served so that a browser neither guesses its type nor runs anything in it.
 */
let trainer: string;
const COURSE = "media-safety";
const { format: _f, id: _i, changeSummary: _c, ...content } = testBundle();

const PREFIXED_SCRIPT = '<svg xmlns="http://www.w3.org/2000/svg"><s:script xmlns:s="http://www.w3.org/2000/svg">alert(document.cookie)</s:script></svg>';
const ENCODED_JAVASCRIPT =
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a href="&#106;avascript:alert(1)"><rect width="360" height="640"/></a></svg>';
// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

async function upload(body: Uint8Array | string, type: string) {
  const res = await app.request(`/api/v1/authoring/courses/${COURSE}/media`, {
    method: "POST",
    headers: { authorization: `Bearer ${trainer}`, "content-type": type },
    body,
  });
  return { status: res.status, json: (await res.json()) as any };
}

function directives(policy: string | null) {
  return new Map(
    (policy ?? "").split(";").map((directive) => {
      const [name = "", ...values] = directive.trim().split(/\s+/);
      return [name, values.join(" ")] as const;
    }),
  );
}

function expectServedSafely(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  const policy = directives(res.headers.get("content-security-policy"));
  expect(policy.get("default-src")).toBe("'none'");
  expect(policy.has("sandbox")).toBe(true);
  expect(policy.get("sandbox")).toBe("");
  expect(policy.has("script-src")).toBe(false);
}

beforeAll(async () => {
  await seedDemo();
  trainer = (await signIn("0912000002")).accessToken;
  const created = await call("POST", "/authoring/courses", { token: trainer, body: { id: COURSE, content: { ...content, modules: [] } } });
  expect(created.status).toBe(201);
});

describe("SVG uploads", () => {
  it.each([
    ["a namespace-prefixed script", PREFIXED_SCRIPT, { code: "svg.element", params: { name: "s:script", line: 1 } }],
    ["an entity-encoded javascript: link", ENCODED_JAVASCRIPT, { code: "svg.link", params: { name: "href", line: 1 } }],
  ])("refuses %s with a 400 saying what and where", async (_name, svg, problem) => {
    const refused = await upload(svg, "image/svg+xml");
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: "media.unsafe_svg", message: expect.stringContaining("line 1"), details: problem });
    const draft = await call("GET", `/authoring/courses/${COURSE}/draft`, { token: trainer });
    expect(Object.values(draft.json.media as Record<string, { contentType: string }>).filter((file) => file.contentType === "image/svg+xml")).toEqual([]);
  });

  it("refuses an unsafe SVG that arrives through a signed upload link too", async () => {
    const bytes = new TextEncoder().encode(ENCODED_JAVASCRIPT);
    const created = await call("POST", `/authoring/courses/${COURSE}/uploads`, {
      token: trainer,
      body: { contentType: "image/svg+xml", bytes: bytes.byteLength },
    });
    expect(created.status).toBe(201);
    expect((await app.request(created.json.uploadUrl, { method: "PUT", headers: { "content-type": "image/svg+xml" }, body: bytes })).status).toBe(200);
    const done = await call("POST", `/authoring/courses/${COURSE}/uploads/${created.json.uploadId}/complete`, { token: trainer });
    expect(done.status).toBe(400);
    expect(done.json.error).toMatchObject({ code: "media.unsafe_svg", details: { code: "svg.link" } });
  });
});

describe("serving media", () => {
  it.each([
    ["an SVG from the test course", SVG, "image/svg+xml"],
    ["a seeded course's SVG", readFileSync(new URL("../../content/courses/cyber-safety/media/m1-l2.svg", import.meta.url)), "image/svg+xml"],
    ["a PNG", PNG, "image/png"],
  ])("stores %s byte for byte and serves it with nosniff and a sandboxing CSP", async (_name, bytes, type) => {
    const uploaded = await upload(new Uint8Array(bytes), type);
    expect(uploaded.status).toBe(201);
    expect(uploaded.json.url).toMatch(/^\/api\/v1\/media\/[a-f0-9]{32}\.(svg|png)$/);
    const res = await app.request(uploaded.json.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expectServedSafely(res);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it("sends nosniff with local signed downloads", async () => {
    await objects().put("exports/media-safety-test.csv", "a,b\n1,2\n", "text/csv");
    const url = await objects().signedDownloadUrl("exports/media-safety-test.csv", 60, "list.csv");
    const res = await app.request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
