import { gunzipSync } from "node:zlib";
import type { APIGatewayProxyResultV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { handler } from "../../packages/api/src/lambda";
import { COMPRESS_MIN_BYTES } from "../../packages/api/src/middleware/compress";
import { Course } from "../../packages/core/src/course";
import { storeMedia } from "../../packages/core/src/course/media";
import { SVG, importTestCourse, testBundle } from "../fixtures/course";
import { httpApiEvent, lambdaContext } from "../lambda-context";
import { app, seedDemo, signIn } from "./client";

/**
 * API JSON of 1 KB or more is gzipped for a client that accepts it (packages/api/src/middleware/compress.ts),
 * through `app.request` as the local server runs it and through the Lambda entry as API Gateway invokes it; and
 * a published quiz carries an ETag, answers If-None-Match with 304, and is cached for a year only at a URL that
 * names the learner's published version (packages/api/src/etag.ts).
 */
let token: string;
let otherToken: string;

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
  const pooled = testBundle("pool-course", "Khoá có ngân hàng câu hỏi");
  for (const module of pooled.modules) module.quiz.drawCount = 3;
  await Course.importBundle(pooled, async () => SVG, { userId: "system" });
  token = (await signIn("0912000001")).accessToken;
  otherToken = (await signIn("0912000002")).accessToken;
});

function get(path: string, headers: Record<string, string> = {}, bearer: string | null = token) {
  return app.request(`/api/v1${path}`, { headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers } });
}

/** The body as sent: the test client (unlike fetch() in a browser) does not decode Content-Encoding. */
async function sentBytes(res: Response) {
  return Buffer.from(await res.arrayBuffer());
}

describe("gzip for JSON", () => {
  it("gzips a course over 1 KB for a client that accepts gzip, and it decodes to the same JSON", async () => {
    const plain = await get("/courses/test-course");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-encoding")).toBeNull();
    const plainBytes = await sentBytes(plain);
    expect(plainBytes.byteLength).toBeGreaterThan(COMPRESS_MIN_BYTES);

    const zipped = await get("/courses/test-course", { "accept-encoding": "gzip, deflate, br" });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("content-type")).toMatch(/^application\/json/);
    expect(zipped.headers.get("vary")).toMatch(/accept-encoding/i);
    // The rest of the response is what it was: security headers and the request id survive the re-wrap.
    expect(zipped.headers.get("x-content-type-options")).toBe("nosniff");
    expect(zipped.headers.get("x-request-id")).toBeTruthy();
    const zippedBytes = await sentBytes(zipped);
    expect(zippedBytes.byteLength).toBeLessThan(plainBytes.byteLength);
    expect(JSON.parse(gunzipSync(zippedBytes).toString("utf8"))).toEqual(JSON.parse(plainBytes.toString("utf8")));
    console.log(`course JSON: ${plainBytes.byteLength} B, gzipped ${zippedBytes.byteLength} B`);
  });

  it("sends JSON as it is without gzip in Accept-Encoding, or with gzip refused (q=0)", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { "accept-encoding": "identity" },
      { "accept-encoding": "br" },
      { "accept-encoding": "gzip;q=0, identity" },
    ]) {
      const res = await get("/courses/test-course", headers);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-encoding"), JSON.stringify(headers)).toBeNull();
      expect(JSON.parse((await sentBytes(res)).toString("utf8"))).toMatchObject({ id: "test-course" });
    }
  });

  it("sends JSON under 1 KB as it is, with its length", async () => {
    const res = await get("/health", { "accept-encoding": "gzip" }, null);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBeNull();
    const bytes = await sentBytes(res);
    expect(bytes.byteLength).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(res.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(JSON.parse(bytes.toString("utf8"))).toEqual({ ok: true });
  });

  it("leaves a small JSON error alone", async () => {
    const small = await get("/courses/nope", { "accept-encoding": "gzip" });
    expect(small.status).toBe(404);
    expect(small.headers.get("content-encoding")).toBeNull();
    expect(JSON.parse((await sentBytes(small)).toString("utf8")).error.code).toBeTruthy();
  });

  it("never compresses media, even text media over 1 KB that a generic compressor would", async () => {
    const svg = new TextEncoder().encode(
      `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">${'<rect width="10" height="10"/>'.repeat(100)}</svg>`,
    );
    expect(svg.byteLength).toBeGreaterThan(COMPRESS_MIN_BYTES);
    const stored = await storeMedia(svg, "image/svg+xml");
    const res = await get(`/${stored.src}`, { "accept-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(new Uint8Array(await sentBytes(res))).toEqual(svg);
  });
});

describe("through the Lambda entry (HTTP API payload 2.0)", () => {
  const context = lambdaContext();
  const invoke = async (path: string, headers: Record<string, string>) =>
    (await handler(httpApiEvent("GET", path, undefined, { headers: { authorization: `Bearer ${token}`, ...headers } }) as never, context)) as Exclude<
      APIGatewayProxyResultV2,
      string
    > & { headers: Record<string, string>; body: string };

  it("sends gzipped JSON base64-encoded with isBase64Encoded, and it decodes to the JSON sent without gzip", async () => {
    const zipped = await invoke("/api/v1/courses/test-course", { "accept-encoding": "gzip, deflate, br" });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.isBase64Encoded).toBe(true);

    const plain = await invoke("/api/v1/courses/test-course", { "accept-encoding": "identity" });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.isBase64Encoded).toBe(false);
    expect(JSON.parse(gunzipSync(Buffer.from(zipped.body, "base64")).toString("utf8"))).toEqual(JSON.parse(plain.body));
  });

  it("sends a small answer as plain text", async () => {
    const small = await invoke("/api/v1/health", { "accept-encoding": "gzip" });
    expect(small.statusCode).toBe(200);
    expect(small.isBase64Encoded).toBe(false);
    expect(JSON.parse(small.body)).toEqual({ ok: true });
  });
});

describe("quiz ETag and caching", () => {
  it("gives the learner's quiz a strong ETag, private and revalidated, and answers a match with 304", async () => {
    const first = await get("/quizzes/test-course.m1");
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const body = await first.text();
    expect(JSON.parse(body)).toMatchObject({ id: "test-course.m1", version: 1 });

    const again = await get("/quizzes/test-course.m1", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("private, no-cache");

    // Another tag, or none, gets the quiz; so does another learner (the content is the same for everyone).
    expect((await get("/quizzes/test-course.m1", { "if-none-match": '"something-else"' })).status).toBe(200);
    const other = await get("/quizzes/test-course.m1", { "if-none-match": etag }, otherToken);
    expect(other.status).toBe(304);
  });

  it("matches the weak tag a gzipped answer carries (304 through compression)", async () => {
    const zipped = await get("/quizzes/test-course.m1", { "accept-encoding": "gzip" });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    const weak = zipped.headers.get("etag")!;
    expect(weak).toMatch(/^W\/"/);
    const plainBytes = await sentBytes(await get("/quizzes/test-course.m1"));
    const zippedBytes = await sentBytes(zipped);
    console.log(`quiz JSON: ${plainBytes.byteLength} B, gzipped ${zippedBytes.byteLength} B`);

    const again = await get("/quizzes/test-course.m1", { "accept-encoding": "gzip", "if-none-match": weak });
    expect(again.status).toBe(304);
    expect(again.headers.get("content-encoding")).toBeNull();
    expect((await sentBytes(again)).byteLength).toBe(0);
  });

  it("caches a quiz for a year at the URL naming the learner's published version, and 404s another version", async () => {
    const pinned = await get("/quizzes/test-course.m1?version=1");
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    const etag = pinned.headers.get("etag")!;
    expect(etag).toBe((await get("/quizzes/test-course.m1")).headers.get("etag"));
    expect((await get("/quizzes/test-course.m1?version=1", { "if-none-match": etag })).status).toBe(304);

    const stale = await get("/quizzes/test-course.m1?version=2");
    expect(stale.status).toBe(404);
    expect(stale.headers.get("cache-control") ?? "").not.toMatch(/immutable/);
    expect((await get("/quizzes/test-course.m1?version=abc")).status).toBe(400);
  });

  it("never caches a pooled quiz for long, and its tag is the learner's own: another learner's copy is not reused", async () => {
    const first = await get("/quizzes/pool-course.m1?version=1");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"/);
    const draws = ((await first.json()) as { draws: unknown[] }).draws;
    expect(draws.length).toBeGreaterThan(1);

    // Fresh draws each time, yet the same quiz for the same learner: a 304 keeps the sets already downloaded.
    const second = await get("/quizzes/pool-course.m1");
    expect(second.headers.get("etag")).toBe(etag);
    expect(((await second.json()) as { draws: unknown[] }).draws).not.toEqual(draws);
    expect((await get("/quizzes/pool-course.m1", { "if-none-match": etag })).status).toBe(304);

    const other = await get("/quizzes/pool-course.m1", { "if-none-match": etag }, otherToken);
    expect(other.status).toBe(200);
    expect(other.headers.get("etag")).not.toBe(etag);
  });

  it("needs a session even for a 304", async () => {
    const etag = (await get("/quizzes/test-course.m1")).headers.get("etag")!;
    expect((await get("/quizzes/test-course.m1", { "if-none-match": etag }, null)).status).toBe(401);
  });
});
