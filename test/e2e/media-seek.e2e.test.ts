import type { Browser, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testBundle } from "../fixtures/course";
import { findChromium, launchBrowser } from "./browser";

/**
 * A video player seeks with Range requests. A real WebM (recorded here by Chromium itself from a canvas, so no
 * video tool is needed) is uploaded to a course draft, played from the media route by a <video> in Chromium and
 * seeked near its end: every request the player makes must carry a Range and be answered 206 with a
 * Content-Range, and the seek must land. (The file is small, so Chromium usually gets it whole with its first
 * `bytes=0-` request and needs no second one; the exact ranges are checked in test/api/media-range.int.test.ts.)
 */
const baseUrl = inject("baseUrl");
const COURSE = "media-seek";
let browser: Browser;
let page: Page;

async function api(method: string, path: string, token?: string, body?: unknown, type = "application/json") {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": type } : {}) },
    body: body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as any };
}

/** About two seconds of a changing canvas, recorded by MediaRecorder as VP8 WebM. */
async function recordWebm(): Promise<Uint8Array<ArrayBuffer>> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 160;
    canvas.height = 120;
    const g = canvas.getContext("2d")!;
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: "video/webm;codecs=vp8", videoBitsPerSecond: 2_000_000 });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((done) => (recorder.onstop = done));
    recorder.start(100);
    const started = performance.now();
    while (performance.now() - started < 2000) {
      const t = performance.now() - started;
      g.fillStyle = `hsl(${(t / 5) % 360} 80% 50%)`;
      g.fillRect(0, 0, 160, 120);
      g.fillStyle = "#fff";
      g.fillText(String(Math.round(t)), 20 + ((t / 20) % 100), 60);
      await new Promise((frame) => setTimeout(frame, 40));
    }
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks, { type: "video/webm" }).arrayBuffer());
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return new Uint8Array(Buffer.from(base64, "base64"));
}

beforeAll(async () => {
  browser = await launchBrowser(findChromium()!);
  page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe("course video", () => {
  it("is fetched by the player with Range requests answered 206, and seeking near the end lands", async () => {
    await page.goto(`${baseUrl}/api/v1/health`);
    const webm = await recordWebm();
    expect(webm.byteLength).toBeGreaterThan(1000);

    const trainer = (await api("POST", "/auth/login", undefined, { phone: "0912000002", password: "Demo@2026" })).json.accessToken as string;
    const { format: _f, id: _i, changeSummary: _c, ...content } = testBundle();
    expect((await api("POST", "/authoring/courses", trainer, { id: COURSE, content: { ...content, modules: [] } })).status).toBe(201);
    const uploaded = await api("POST", `/authoring/courses/${COURSE}/media`, trainer, webm, "video/webm");
    expect(uploaded.status).toBe(201);
    const url = `${baseUrl}${uploaded.json.url as string}`;

    const responses: Response[] = [];
    page.on("response", (response) => {
      if (response.url() === url) responses.push(response);
    });
    // A <video> on the app's own page, as the lesson player has (the app's CSP allows media from 'self'). The
    // media URL itself cannot be opened as a page to play: its sandboxing CSP (default-src 'none') blocks that.
    await page.goto(`${baseUrl}/`);
    const seeked = await page.evaluate(async (src) => {
      const timeout = (what: string) => new Promise((_, fail) => setTimeout(() => fail(new Error(`no ${what} in 10 s`)), 10_000));
      const video = document.createElement("video");
      video.muted = true;
      video.preload = "metadata";
      video.src = src;
      document.body.append(video);
      await Promise.race([new Promise((done) => video.addEventListener("loadedmetadata", done, { once: true })), timeout("loadedmetadata")]);
      // A recorded WebM has no duration in its header: seeking far past the end makes the player find it.
      if (!Number.isFinite(video.duration)) {
        const found = new Promise((done) => video.addEventListener("durationchange", done, { once: true }));
        video.currentTime = 1e6;
        await Promise.race([found, timeout("durationchange")]);
      }
      const target = Math.max(0, video.duration - 0.2);
      const done = new Promise((resolve) => video.addEventListener("seeked", resolve, { once: true }));
      video.currentTime = target;
      await Promise.race([done, timeout("seeked")]);
      return { duration: video.duration, currentTime: video.currentTime, target, error: video.error?.code ?? null };
    }, url);
    expect(seeked.error).toBeNull();
    expect(seeked.duration).toBeGreaterThan(1);
    expect(seeked.currentTime).toBeGreaterThan(1);
    expect(Math.abs(seeked.currentTime - seeked.target)).toBeLessThan(0.5);

    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      // Chromium asks for `bytes=0-` (and for more ranges when a seek goes past what it has): all get 206.
      expect(await response.request().headerValue("range")).toMatch(/^bytes=\d*-\d*$/);
      expect(response.status()).toBe(206);
      const headers = await response.allHeaders();
      expect(headers["accept-ranges"]).toBe("bytes");
      expect(headers["content-range"]).toMatch(new RegExp(`^bytes \\d+-\\d+/${webm.byteLength}$`));
    }
  });
});
