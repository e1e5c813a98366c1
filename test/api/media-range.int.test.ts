import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { storeMedia } from "../../packages/core/src/course/media";
import { objects } from "../../packages/core/src/storage";
import { app } from "./client";

/**
 * Course media is served the way S3 behind CloudFront serves it, so a video player can seek in a 50 MB video:
 * Range requests get 206 with exactly the bytes asked for (read alone from the store), a range past the end
 * 416, If-None-Match on the content-hash ETag 304, HEAD the headers; and every answer keeps the headers that
 * stop a browser guessing the type or running anything in the file.
 */
const SIZE = 1000;
// Looks like an MP4 to the upload sniffer (`ftyp` at byte 4); after the header every byte is its offset mod 251,
// so any slice shows where it came from.
const VIDEO = new Uint8Array(SIZE);
for (let i = 0; i < SIZE; i++) VIDEO[i] = i % 251;
VIDEO.set(new TextEncoder().encode("\0\0\0\x18ftypisom"), 0);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

let video: string;
let etag: string;

function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  return app.request(`/api/v1/${path}`, { method, headers });
}

async function bytesOf(res: Response) {
  return new Uint8Array(await res.arrayBuffer());
}

function expectServedSafely(res: Response) {
  expect(res.headers.get("accept-ranges")).toBe("bytes");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  const policy = (res.headers.get("content-security-policy") ?? "").split(";").map((directive) => directive.trim());
  expect(policy).toContain("sandbox");
  expect(policy).toContain("default-src 'none'");
}

beforeAll(async () => {
  const stored = await storeMedia(VIDEO, "video/mp4");
  video = stored.src;
  expect(video).toMatch(/^media\/[a-f0-9]{32}\.mp4$/);
});

afterEach(() => vi.restoreAllMocks());

describe("GET /media/:file", () => {
  it("sends the whole file with Accept-Ranges, its type, an ETag and long immutable caching", async () => {
    const res = await get(video);
    expect(res.status).toBe(200);
    expectServedSafely(res);
    expect(res.headers.get("content-type")).toBe("video/mp4");
    expect(res.headers.get("content-length")).toBe(String(SIZE));
    expect(res.headers.get("content-range")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    etag = res.headers.get("etag")!;
    expect(etag).toBe(`"${video.slice("media/".length, "media/".length + 32)}"`);
    expect(await bytesOf(res)).toEqual(VIDEO);
  });

  it.each([
    ["bytes=0-99", 0, 99],
    ["bytes=100-", 100, SIZE - 1],
    ["bytes=-50", SIZE - 50, SIZE - 1],
    ["bytes=990-5000", 990, SIZE - 1],
    ["bytes=-5000", 0, SIZE - 1],
    ["bytes=500-500", 500, 500],
  ])("answers Range: %s with 206 and exactly those bytes", async (range, start, end) => {
    const res = await get(video, { range });
    expect(res.status).toBe(206);
    expectServedSafely(res);
    expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers.get("content-length")).toBe(String(end - start + 1));
    expect(res.headers.get("content-type")).toBe("video/mp4");
    expect(res.headers.get("etag")).toBe(etag);
    expect(await bytesOf(res)).toEqual(VIDEO.slice(start, end + 1));
  });

  it("reads only the bytes asked for from the store, not the whole object", async () => {
    const whole = vi.spyOn(objects(), "get");
    const ranged = vi.spyOn(objects(), "getRange");
    const res = await get(video, { range: "bytes=100-199" });
    expect(res.status).toBe(206);
    expect(await bytesOf(res)).toEqual(VIDEO.slice(100, 200));
    expect(whole).not.toHaveBeenCalled();
    expect(ranged).toHaveBeenCalledWith(video, 100, 199);
  });

  it.each(["bytes=1000-", "bytes=5000-6000", "bytes=-0"])("answers an unsatisfiable Range: %s with 416 and the size", async (range) => {
    const res = await get(video, { range });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${SIZE}`);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
  });

  it.each(["bytes=abc", "bytes=10-5", "items=0-10", "bytes=-", "0-99"])("ignores a malformed Range: %s and sends the whole file", async (range) => {
    const res = await get(video, { range });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-range")).toBeNull();
    expect(await bytesOf(res)).toEqual(VIDEO);
  });

  it("answers several ranges with the whole file (200), as S3 does", async () => {
    const res = await get(video, { range: "bytes=0-9, 20-29" });
    expect(res.status).toBe(200);
    expect(await bytesOf(res)).toEqual(VIDEO);
  });

  it("honours If-Range only for the current ETag", async () => {
    const same = await get(video, { range: "bytes=0-9", "if-range": etag });
    expect(same.status).toBe(206);
    expect(await bytesOf(same)).toEqual(VIDEO.slice(0, 10));
    const other = await get(video, { range: "bytes=0-9", "if-range": '"something-else"' });
    expect(other.status).toBe(200);
    expect(await bytesOf(other)).toEqual(VIDEO);
  });

  it("answers If-None-Match with the ETag with 304 and no body, also for a range", async () => {
    const cases: Record<string, string>[] = [
      { "if-none-match": etag },
      { "if-none-match": `W/${etag}` },
      { "if-none-match": `"other", ${etag}`, range: "bytes=0-9" },
    ];
    for (const headers of cases) {
      const res = await get(video, headers);
      expect(res.status).toBe(304);
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect((await bytesOf(res)).byteLength).toBe(0);
    }
    expect((await get(video, { "if-none-match": '"other"' })).status).toBe(200);
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const whole = await get(video, {}, "HEAD");
    expect(whole.status).toBe(200);
    expectServedSafely(whole);
    expect(whole.headers.get("content-length")).toBe(String(SIZE));
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect((await bytesOf(whole)).byteLength).toBe(0);
    const part = await get(video, { range: "bytes=-50" }, "HEAD");
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes ${SIZE - 50}-${SIZE - 1}/${SIZE}`);
  });

  it("serves an SVG with its own type, sandboxed", async () => {
    const { src } = await storeMedia(new TextEncoder().encode(SVG), "image/svg+xml");
    const res = await get(src);
    expect(res.status).toBe(200);
    expectServedSafely(res);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(await res.text()).toBe(SVG);
  });

  it("answers 404 for a file that does not exist or a name that is not a media key", async () => {
    for (const path of ["media/0123456789abcdef0123456789abcdef.mp4", "media/not-a-hash.mp4", `${video}.type`]) {
      const res = await get(path, { range: "bytes=0-9" });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("request.not_found");
    }
  });
});
