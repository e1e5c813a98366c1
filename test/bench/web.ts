import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import http, { type OutgoingHttpHeaders } from "node:http";
import { createSecureServer, type Http2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from "playwright-core";
import { SESSION_KEY } from "../../web/src/lib/session-key";
import { ROOT } from "./server";
import { median, round } from "./stats";

export interface WebResult {
  webFirstLoadJsKB: number;
  webFirstLoadTotalKB: number;
  webFirstLoadRequests: number;
  webFloorJsKB: number;
  webFloorTotalKB: number;
  /** Everything the service worker precaches on a first visit, gzipped (downloaded in the background). */
  webPrecacheKB: number;
  /** The scam simulator's lazy chunk and what it imports beyond the first load, gzipped (null if not found). */
  simulatorChunkKB: number | null;
  /** The review deck's lazy chunk (with ts-fsrs) and what it imports beyond the first load, gzipped. */
  reviewDeckChunkKB: number | null;
  firstLesson3gMs: number | null;
  /** The static floor page (one small script, one small JSON) under the same edge and throttle, same run. */
  firstLesson3gFloorMs: number | null;
  firstLesson3gFloorRatio: number | null;
  /**
   * The same static page, fetching at once every file and API answer the lesson had moved by the time it was
   * readable (same run, same edge and throttle): the link's own time for the app's bytes, with no code run (info).
   */
  firstLesson3gBytesFloorMs: number | null;
  /** What those files and answers weighed on the wire, as the lesson moved them (KB, info). */
  firstLesson3gBytesKB: number | null;
  firstLessonOfflineMs: number | null;
  firstLessonOfflineFloorMs: number | null;
  firstLessonOfflineAppMs: number | null;
  samples: {
    firstLesson3g: number[];
    firstLesson3gFloor: number[];
    firstLesson3gBytesFloor: number[];
    firstLesson3gBytes: number[];
    firstLessonOffline: number[];
    firstLessonOfflineFloor: number[];
    firstLessonOfflineApp: number[];
  };
  firstLoadFiles: { url: string; type: string; bytes: number }[];
  notes: string[];
}

export interface WebOptions {
  baseUrl: string;
  /** Demo learner the first-lesson runs sign in as. */
  phone: string;
  password: string;
  runs: number;
}

/** Regular 3G as the issue defines it: 300 ms latency, 700 kbit/s each way, and a 4× slower CPU. */
const REGULAR_3G = { offline: false, latency: 300, downloadThroughput: (700 * 1000) / 8, uploadThroughput: (700 * 1000) / 8 };
const CPU_SLOWDOWN = 4;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".webmanifest", ".svg"]);

/** A key and self-signed certificate for 127.0.0.1, and the hash Chromium is told to trust it by. */
export interface EdgeTls {
  key: Buffer;
  cert: Buffer;
  /** base64 SHA-256 of the certificate's public key, for --ignore-certificate-errors-spki-list. */
  spki: string;
}

const CERT_SUBJECT = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"];

export function edgeTls(dir: string): EdgeTls {
  const keyFile = join(dir, "edge-key.pem");
  const certFile = join(dir, "edge-cert.pem");
  try {
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"],
        ...CERT_SUBJECT,
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ],
      { stdio: "pipe" },
    );
  } catch (err) {
    throw new Error(`The stand-in edge needs openssl for its certificate (apt-get install -y openssl): ${(err as Error).message}`);
  }
  const cert = readFileSync(certFile);
  const spkiDer = new X509Certificate(cert).publicKey.export({ type: "spki", format: "der" });
  return { key: readFileSync(keyFile), cert, spki: createHash("sha256").update(spkiDer).digest("base64") };
}

/** Hop-by-hop headers HTTP/2 forbids (RFC 9113 8.2.2), dropped from what the bench server answers. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);

/**
 * What CloudFront does in front of the app (infra/web.ts): HTTP/2 over TLS (the distribution serves HTTP/2 and 3,
 * so a phone fetches a screen's chunks over one connection at once, not six at a time as over HTTP/1.1); the
 * site from a snapshot of its build (so another build of web/dist during the bench cannot swap files under it),
 * app routes get index.html, hashed assets under /assets/ are compressed (gzip, objects of 1,000 bytes or more),
 * everything else — the shell, sw.js and the API, whose behaviours have caching and so compression disabled —
 * passes uncompressed; /api/* goes to the bench server.
 */
async function edgeServer(staticDir: string, tls: EdgeTls, apiBase?: string): Promise<{ url: string; close(): Promise<void> }> {
  const gzipped = new Map<string, Buffer>();
  const api = apiBase ? new URL(apiBase) : undefined;
  const sessions = new Set<Http2Session>();
  const server = createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://edge");
    if (api && url.pathname.startsWith("/api/")) {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !name.startsWith(":") && !HOP_BY_HOP.has(name)));
      const upstream = http.request(
        { host: api.hostname, port: api.port, method: req.method, path: url.pathname + url.search, headers: { ...headers, host: api.host } },
        (answer) => {
          const back = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
          res.writeHead(answer.statusCode ?? 502, back as OutgoingHttpHeaders);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
      return;
    }
    let path = decodeURIComponent(url.pathname);
    const last = path.split("/").pop() ?? "";
    if (!last.includes(".")) path = "/index.html";
    const file = normalize(join(staticDir, path));
    if (!file.startsWith(staticDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    const ext = extname(file);
    const hashed = path.startsWith("/assets/");
    const headers: Record<string, string> = {
      "Content-Type": TYPES[ext] ?? "application/octet-stream",
      "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    };
    let body: Buffer = readFileSync(file);
    if (hashed && COMPRESSIBLE.has(ext) && body.length >= 1000 && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      const cached = gzipped.get(file) ?? gzipSync(body, { level: 6 });
      gzipped.set(file, cached);
      body = cached;
      headers["Content-Encoding"] = "gzip";
      headers.Vary = "Accept-Encoding";
    }
    headers["Content-Length"] = String(body.length);
    res.writeHead(200, headers);
    if (req.method === "HEAD") res.end();
    else res.end(body);
  });
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Copies web/dist once no build is writing it (scripts/start.mjs holds web/.build-lock while it builds, and
 * other servers may rebuild it at any time), and checks that every file index.html names is in the copy.
 */
async function snapshotBuild(into: string) {
  const dist = join(ROOT, "web/dist");
  for (let attempt = 0; attempt < 3; attempt++) {
    for (let waited = 0; existsSync(join(ROOT, "web/.build-lock")) && waited < 180_000; waited += 500) await new Promise((r) => setTimeout(r, 500));
    if (!existsSync(join(dist, "index.html"))) throw new Error("web/dist is not built (the server builds it when it starts)");
    rmSync(into, { recursive: true, force: true });
    cpSync(dist, into, { recursive: true });
    const html = readFileSync(join(into, "index.html"), "utf8");
    const named = [...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]!);
    if (named.every((file) => existsSync(join(into, file)))) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error("web/dist kept changing while it was copied");
}

/** The floor: test/bench/floor (one Solid component) built with the same Vite and vite-plugin-solid as web/. */
async function buildFloor(outDir: string) {
  const { build } = await import("vite");
  const { default: solid } = await import("vite-plugin-solid");
  await build({
    root: join(ROOT, "test/bench/floor"),
    configFile: false,
    logLevel: "silent",
    plugins: [solid()],
    build: { outDir, emptyOutDir: true },
  });
}

/**
 * Source text that puts on the page the two elements the bench's readiness marker waits for (READY_SCRIPT): a
 * lesson title (`title`, an expression) and a content block. The floor pages end with it.
 */
function showLessonElements(title: string): string {
  return `const article = document.createElement("article");
const title = document.createElement("h1");
title.id = "lesson-title";
title.textContent = ${title};
const body = document.createElement("div");
body.className = "lesson__html";
body.textContent = "Nội dung";
article.append(title, body);
document.getElementById("app").append(article);`;
}

/**
 * The floor of firstLesson3gMs: the least any page that shows data from the network can take on Regular 3G. A
 * static page (the document), one small script it loads, and one small JSON that script fetches, then the same
 * two elements the real lesson is timed by: three round trips, one after another, and a few hundred bytes. The
 * JSON is answered by the bench server through the edge's /api/* (a real route that needs no sign-in), so the
 * proxy hop and the server's own time are in the floor too.
 */
function writeLessonFloor(dir: string) {
  mkdirSync(join(dir, "assets"), { recursive: true });
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Floor</title><script type="module" src="/assets/floor.js"></script></head><body><main id="app"></main></body></html>`,
  );
  writeFileSync(
    join(dir, "assets/floor.js"),
    `const answer = await fetch("/api/v1/health").then((r) => r.json());
${showLessonElements(`"Bài học " + JSON.stringify(answer).length`)}
// After the lesson shows (so the 3G floor does not pay for it): the service worker the offline floor runs from.
navigator.serviceWorker?.register("/floor-sw.js");
`,
  );
  // The least a service worker can do to open a page offline: answer the page, its script and its data from one
  // cache (no router, no precache manifest), so firstLessonOfflineFloorMs is what the browser itself costs.
  writeFileSync(
    join(dir, "floor-sw.js"),
    `const FILES = ["/", "/assets/floor.js", "/api/v1/health"];
self.addEventListener("install", (event) => event.waitUntil(caches.open("floor").then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting())));
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const key = event.request.mode === "navigate" ? "/" : new URL(event.request.url).pathname;
  if (FILES.includes(key)) event.respondWith(caches.match(key));
});
`,
  );
}

function launch(tls: EdgeTls): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // The stand-in edge's certificate, trusted as a real one is (service workers included), and only it.
      `--ignore-certificate-errors-spki-list=${tls.spki}`,
    ],
  });
}

/** A fresh profile shaped like the learners' phones (as test/e2e does). */
function phone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "vi-VN" });
}

/**
 * A new page in a quiet browser. Chromium builds its own interface for every new window (WebUI renderers for
 * the omnibox and tab strip, Lit components, ~0.5 s of CPU even when headless), and on a 2-core machine that
 * work landed in the middle of the timed start-up of the page, worst for the shortest figure (offline). No
 * phone's installed app pays it; so the timed runs wait for it to finish before they start.
 */
async function quietPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await new Promise((resolve) => setTimeout(resolve, BROWSER_SETTLE_MS));
  return page;
}
const BROWSER_SETTLE_MS = 1500;

/** Bytes the page itself received, per request (CDP's encodedDataLength: compressed body plus headers). */
async function recordTransfers(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const seen = new Map<string, { url: string; type: string; mime: string; bytes: number }>();
  cdp.on("Network.responseReceived", (event) => {
    seen.set(event.requestId, { url: event.response.url, type: event.type ?? "", mime: event.response.mimeType, bytes: 0 });
  });
  cdp.on("Network.loadingFinished", (event) => {
    const entry = seen.get(event.requestId);
    if (entry) entry.bytes = event.encodedDataLength;
  });
  return { cdp, files: () => [...seen.values()] };
}

const isJs = (file: { url: string; type: string; mime: string }) => file.type === "Script" || /javascript/.test(file.mime) || /\.m?js(\?|$)/.test(file.url);

/** Cold first visit: a fresh profile opens `path` and waits for `heading`, then for the network to go quiet. */
async function firstLoad(browser: Browser, origin: string, path: string, heading: string) {
  const context = await phone(browser);
  try {
    const page = await context.newPage();
    const transfers = await recordTransfers(page);
    await page.goto(origin + path);
    await page.getByRole("heading", { name: heading }).first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    const files = transfers
      .files()
      .map((file) => ({ url: file.url.replace(origin, ""), type: isJs(file) ? "js" : file.type.toLowerCase() || file.mime, bytes: file.bytes }));
    // Scripts written into the page come with it, uncompressed (the edge compresses only the hashed assets): their
    // bytes count as JS too (they are in `total` already, as the document's).
    const inline = (await page.evaluate(
      `[...document.querySelectorAll("script:not([src])")].reduce((sum, script) => sum + new TextEncoder().encode(script.textContent ?? "").length, 0)`,
    )) as number;
    const js = files.filter((file) => file.type === "js").reduce((sum, file) => sum + file.bytes, 0) + inline;
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    return { js, total, files };
  } finally {
    await context.close();
  }
}

/**
 * Lazy screens that must stay out of the first load (issue 19): the chunk Vite names after the module a
 * dynamic import enters (`<name>-<hash>.js`), with every chunk it imports in turn, less those the first load
 * already fetched — what opening it costs. Null (with a note) when no such chunk exists, and a note when one
 * of its files is part of the first load, which would mean it is not lazy any more.
 */
const LAZY_SCREENS = { simulatorChunkKB: "scenario-player", reviewDeckChunkKB: "review-deck" } as const;

function lazyScreens(dist: string, files: { url: string }[], notes: string[]) {
  const firstLoad = new Set(files.map((file) => file.url));
  const sizes = Object.entries(LAZY_SCREENS).map(([key, name]) => {
    const bytes = lazyChunkBytes(dist, name, firstLoad, notes);
    return [key, bytes === null ? null : round(bytes / 1024, 1)];
  });
  return Object.fromEntries(sizes) as Record<keyof typeof LAZY_SCREENS, number | null>;
}

function lazyChunkBytes(dist: string, name: string, firstLoad: Set<string>, notes: string[]): number | null {
  const assets = join(dist, "assets");
  const entry = readdirSync(assets).find((file) => file.startsWith(`${name}-`) && file.endsWith(".js"));
  if (!entry) {
    notes.push(`No lazy chunk named ${name}-*.js in the build: its size is null.`);
    return null;
  }
  if (firstLoad.has(`/assets/${entry}`)) notes.push(`${entry} is fetched by the first load: it is not lazy.`);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || firstLoad.has(`/assets/${file}`)) return;
    seen.add(file);
    const code = readFileSync(join(assets, file), "utf8");
    for (const match of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(match[1]!);
  };
  visit(entry);
  return [...seen].reduce((sum, file) => sum + gzipSync(readFileSync(join(assets, file)), { level: 6 }).length, 0);
}

/** Gzipped size of every file sw.js precaches (a first visit downloads them in the background). */
function precacheBytes(dist: string): number {
  const sw = readFileSync(join(dist, "sw.js"), "utf8");
  const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((match) => match[1]!);
  return urls.reduce((sum, url) => {
    const file = join(dist, url);
    if (!existsSync(file)) return sum;
    const body = readFileSync(file);
    return sum + (COMPRESSIBLE.has(extname(file)) ? gzipSync(body, { level: 6 }).length : body.length);
  }, 0);
}

/**
 * Marks when the lesson is readable: its title and its first block of content are on the screen. Recorded by
 * the page itself (performance.now(), from the start of the navigation), so polling does not add to it. That may
 * be the copy kept on the phone (web/src/features/offline/stored-lesson.ts), so it also marks when the app's own
 * lesson screen is in place, and when the copy went if that was before (it should give way, not vanish).
 */
const READY_SCRIPT = `(() => {
  const COPY = "[data-stored-lesson]";
  const BODY = "article .lesson__html, article .lesson__figure, article .lesson__video, article .lesson__audio, article img";
  let copySeen = false;
  const mark = (name) => {
    if (window[name] !== undefined) return;
    window[name] = performance.now();
    performance.mark(name);
    console.debug(name + " " + window[name]);
  };
  const check = () => {
    const title = document.querySelector("#lesson-title");
    const body = document.querySelector(BODY);
    if (title && title.textContent.trim() && body) mark("__benchReadyAt");
    const copy = document.querySelector(COPY);
    if (copy) copySeen = true;
    const own = [...document.querySelectorAll("#lesson-title")].find((node) => !node.closest(COPY) && node.textContent.trim());
    if (own && !copy) mark("__benchAppAt");
    else if (copySeen && !copy && !own) mark("__benchCopyGoneEarlyAt");
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

async function sessionScript(origin: string, options: WebOptions) {
  const response = await fetch(`${options.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ phone: options.phone, password: options.password }),
  });
  if (!response.ok) throw new Error(`Sign-in for the web runs failed: ${response.status} ${await response.text()}`);
  const { accessToken, refreshToken, user } = (await response.json()) as { accessToken: string; refreshToken: string; user: unknown };
  // The shape web/src/lib/session.tsx keeps under `kns.session`.
  const stored = JSON.stringify({ accessToken, refreshToken, user });
  return `if (location.origin === ${JSON.stringify(origin)} && !localStorage.getItem(${JSON.stringify(SESSION_KEY)})) localStorage.setItem(${JSON.stringify(SESSION_KEY)}, ${JSON.stringify(stored)});`;
}

async function throttle(cdp: CDPSession, network: typeof REGULAR_3G | { offline: true; latency: 0; downloadThroughput: -1; uploadThroughput: -1 }) {
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", network);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
}

/**
 * When the page marked the lesson readable, heard through its console. Not by polling the page
 * (`waitForFunction`): that makes Playwright evaluate its injected script, ~100 ms on the 4×-slowed main
 * thread, in the middle of the very start-up being measured. Call before the navigation.
 */
function readyAt(page: Page, mark = "__benchReadyAt"): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The lesson did not become readable within 60 s (${mark})`)), 60_000);
    page.on("console", (message) => {
      const match = /^(__bench\w+) ([\d.]+)$/.exec(message.text());
      if (match?.[1] !== mark) return;
      clearTimeout(timer);
      resolve(Number(match[2]));
    });
  });
}

/** A copy that went before the app's lesson was in place (a blank screen between them), heard through the console. */
function copyGoneEarly(page: Page): { at?: number } {
  const seen: { at?: number } = {};
  page.on("console", (message) => {
    const match = /^__benchCopyGoneEarlyAt ([\d.]+)$/.exec(message.text());
    if (match) seen.at = Number(match[1]);
  });
  return seen;
}

/**
 * BENCH_TRACE=<dir>: a Chrome performance trace of each timed lesson run, 3G and offline (open it in DevTools'
 * Performance panel). The caller stops it once the lesson is readable.
 */
async function startTrace(browser: Browser, page: Page, kind: string): Promise<boolean> {
  const dir = process.env.BENCH_TRACE;
  if (!dir) return false;
  await browser.startTracing(page, {
    path: join(dir, `${kind}-${Date.now()}.json`),
    screenshots: false,
    categories: ["blink.user_timing", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "disabled-by-default-v8.cpu_profiler"],
  });
  return true;
}

/**
 * The floor of the app's bytes (`firstLesson3gBytesFloorMs`): a static page whose document asks at once, from the
 * app's own edge, for every file and API answer a lesson run had moved by the time it was readable, and shows the
 * same two elements once all are in. Two round trips (the document, then everything in one wave, as early as the
 * page's own preload scanner could) and the same bytes, with no code of the app run: the least any page that needs
 * those bytes can take. The list comes from an init script (`__benchMoved`); the script is inline (the bench's edge
 * sends no CSP). Written into the app's snapshot, so the files are the same and come compressed the same way.
 */
function writeBytesFloor(appDir: string) {
  const script = `(() => {
  const token = JSON.parse(localStorage.getItem(${JSON.stringify(SESSION_KEY)}) ?? "null")?.accessToken;
  const headers = { accept: "application/json", authorization: "Bearer " + token };
  Promise.all(window.__benchMoved.map((path) => fetch(path, path.startsWith("/api/") ? { headers } : {}).then((r) => r.arrayBuffer()))).then(() => {
    ${showLessonElements(`"Bài học"`)}
  });
})();`;
  writeFileSync(
    join(appDir, "bench-bytes-floor.html"),
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><script>${script}</script><meta name="viewport" content="width=device-width, initial-scale=1"><title>Floor</title></head><body><main id="app"></main></body></html>`,
  );
}

/** Open app → first lesson readable, cold, on Regular 3G with a 4× slower CPU. */
async function firstLesson3g(browser: Browser, origin: string, session: string, lessonPath: string, toFetch?: string[]) {
  const context = await phone(browser);
  try {
    await context.addInitScript(session);
    if (toFetch) await context.addInitScript(`window.__benchMoved = ${JSON.stringify(toFetch)};`);
    await context.addInitScript(READY_SCRIPT);
    const page = await quietPage(context);
    const cdp = await context.newCDPSession(page);
    await throttle(cdp, REGULAR_3G);
    const trace = await startTrace(browser, page, "3g");
    const ready = readyAt(page);
    await page.goto(origin + lessonPath, { waitUntil: "commit", timeout: 60_000 });
    const ms = await ready;
    if (trace) await browser.stopTracing();
    if (process.env.BENCH_DEBUG) await timeline(page, origin);
    // After the measurement: what had come over the link by the time the lesson was readable.
    const moved = await page.evaluate(
      `performance.getEntriesByType("resource").filter((e) => e.responseEnd <= window.__benchReadyAt && e.transferSize > 0).map((e) => ({ path: new URL(e.name).pathname + new URL(e.name).search, bytes: e.transferSize }))`,
    );
    return { ms, moved: moved as { path: string; bytes: number }[] };
  } finally {
    await context.close();
  }
}

/**
 * The same from the service worker with the network off: a first visit online installs the service worker
 * and keeps the course on the phone (not timed), then the app is opened again offline.
 */
async function firstLessonOffline(browser: Browser, origin: string, session: string, lessonPath: string) {
  const context = await phone(browser);
  try {
    await context.addInitScript(session);
    await context.addInitScript(READY_SCRIPT);
    const first = await context.newPage();
    const shown = readyAt(first);
    await first.goto(origin + lessonPath);
    await shown;
    const worker = await first.evaluate(
      `Promise.race([navigator.serviceWorker.ready.then(() => "ready"), new Promise((resolve) => setTimeout(() => resolve("none"), 30000))])`,
    );
    if (worker !== "ready") throw new Error("The service worker did not install within 30 s");
    await first.waitForLoadState("networkidle");
    await first.close();
    await context.setOffline(true);
    const page = await quietPage(context);
    const cdp = await context.newCDPSession(page);
    await throttle(cdp, { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const trace = await startTrace(browser, page, "offline");
    const ready = readyAt(page);
    const app = readyAt(page, "__benchAppAt");
    const early = copyGoneEarly(page);
    await page.goto(origin + lessonPath, { waitUntil: "commit", timeout: 60_000 });
    const ms = await ready;
    const appMs = await app;
    if (trace) await browser.stopTracing();
    if (process.env.BENCH_DEBUG) await timeline(page, origin);
    return { ms, appMs, copyGoneEarlyMs: early.at };
  } finally {
    await context.close();
  }
}

/**
 * `runs` rounds of the measured page and its floor, in the order A B B A …: a machine that gets busier or quieter
 * during the runs weighs on both alike.
 */
async function alternately(runs: number, measured: (run: number) => Promise<unknown>, floor: (run: number) => Promise<unknown>) {
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      await measured(i);
      await floor(i);
    } else {
      await floor(i);
      await measured(i);
    }
  }
}

/** BENCH_DEBUG=1: what the page fetched and when (ms from the start of the navigation). */
async function timeline(page: Page, origin: string) {
  const entries = (await page.evaluate(
    `[...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource"), ...performance.getEntriesByType("paint")].map((e) => [e.entryType, e.name, Math.round(e.startTime), Math.round(e.responseEnd ?? e.startTime), e.transferSize ?? 0])`,
  )) as [string, string, number, number, number][];
  for (const [type, name, start, end, size] of entries)
    console.log(`    ${type.padEnd(10)} ${String(start).padStart(5)} → ${String(end).padStart(5)} ${String(size).padStart(6)} ${name.replace(origin, "")}`);
}

/** The first lesson's URL, from the learner screens' paths (web/src/routes/learn/paths.ts, when it has them). */
function lessonRoute(): ((courseId: string, lessonId: string) => string) | undefined {
  const file = join(ROOT, "web/src/routes/learn/paths.ts");
  if (!existsSync(file)) return undefined;
  const source = readFileSync(file, "utf8");
  const match = /"([^"]*:courseId[^"]*:lessonId[^"]*)"/.exec(source);
  if (!match) return undefined;
  const pattern = match[1]!;
  return (courseId, lessonId) => pattern.replace(":courseId", encodeURIComponent(courseId)).replace(":lessonId", encodeURIComponent(lessonId));
}

export async function web(
  options: WebOptions,
  firstLesson: { courseId: string; lessonId: string },
  log: (line: string) => void = console.log,
): Promise<WebResult> {
  const notes: string[] = [];
  const work = mkdtempSync(join(tmpdir(), "kns-bench-web-"));
  const appDir = join(work, "app");
  const floorDir = join(work, "floor");
  const lessonFloorDir = join(work, "lesson-floor");
  const tls = edgeTls(work);
  const browser = await launch(tls);
  const servers: { close(): Promise<void> }[] = [];
  try {
    await snapshotBuild(appDir);
    await buildFloor(floorDir);
    writeLessonFloor(lessonFloorDir);
    writeBytesFloor(appDir);
    const app = await edgeServer(appDir, tls, options.baseUrl);
    const floor = await edgeServer(floorDir, tls);
    const lessonFloor = await edgeServer(lessonFloorDir, tls, options.baseUrl);
    servers.push(app, floor, lessonFloor);

    log("  first load of /sign-in (cold)…");
    const loads = [];
    for (let i = 0; i < 3; i++) loads.push(await firstLoad(browser, app.url, "/sign-in", "Đăng nhập"));
    const floorLoads = [];
    for (let i = 0; i < 3; i++) floorLoads.push(await firstLoad(browser, floor.url, "/", "Đăng nhập"));
    const pick = (runs: { js: number; total: number }[]) => ({ js: median(runs.map((r) => r.js)), total: median(runs.map((r) => r.total)) });
    const signIn = pick(loads);
    const bare = pick(floorLoads);

    const route = lessonRoute();
    const samples = {
      firstLesson3g: [] as number[],
      firstLesson3gFloor: [] as number[],
      firstLesson3gBytesFloor: [] as number[],
      firstLesson3gBytes: [] as number[],
      firstLessonOffline: [] as number[],
      firstLessonOfflineFloor: [] as number[],
      firstLessonOfflineApp: [] as number[],
    };
    if (!route) {
      notes.push("web/src/routes/learn/paths.ts has no lesson path yet: firstLesson3gMs and firstLessonOfflineMs are null.");
    } else {
      const lessonPath = route(firstLesson.courseId, firstLesson.lessonId);
      const session = await sessionScript(app.url, options);
      log(
        `  first lesson ${lessonPath}: ${options.runs} cold runs on Regular 3G + 4× CPU (each followed by its bytes on the floor page), alternating with the static floor page…`,
      );
      await alternately(
        options.runs,
        async () => {
          const run = await firstLesson3g(browser, app.url, session, lessonPath);
          samples.firstLesson3g.push(round(run.ms));
          samples.firstLesson3gBytes.push(round(run.moved.reduce((sum, file) => sum + file.bytes, 0) / 1024, 1));
          const bytesFloor = await firstLesson3g(
            browser,
            app.url,
            session,
            "/bench-bytes-floor.html",
            run.moved.map((file) => file.path),
          );
          samples.firstLesson3gBytesFloor.push(round(bytesFloor.ms));
        },
        async () => samples.firstLesson3gFloor.push(round((await firstLesson3g(browser, lessonFloor.url, session, "/")).ms)),
      );
      log(
        `  lesson ${median(samples.firstLesson3g)} ms, floor ${median(samples.firstLesson3gFloor)} ms: ${round(median(samples.firstLesson3g) / median(samples.firstLesson3gFloor), 2)}× the floor; its ${round(median(samples.firstLesson3gBytes), 1)} KB alone on the floor page ${median(samples.firstLesson3gBytesFloor)} ms`,
      );
      log(`  the same offline from the service worker, ${options.runs} runs, alternating with the floor page's…`);
      await alternately(
        options.runs,
        async (i) => {
          const run = await firstLessonOffline(browser, app.url, session, lessonPath);
          samples.firstLessonOffline.push(round(run.ms));
          samples.firstLessonOfflineApp.push(round(run.appMs));
          if (run.copyGoneEarlyMs !== undefined)
            notes.push(
              `Offline run ${i + 1}: the copy kept on the phone went at ${round(run.copyGoneEarlyMs)} ms, before the app's lesson (${round(run.appMs)} ms).`,
            );
        },
        async () => samples.firstLessonOfflineFloor.push(round((await firstLessonOffline(browser, lessonFloor.url, session, "/")).ms)),
      );
      log(
        `  offline: lesson ${median(samples.firstLessonOffline)} ms, the app's own ${median(samples.firstLessonOfflineApp)} ms, floor ${median(samples.firstLessonOfflineFloor)} ms`,
      );
    }
    return {
      webFirstLoadJsKB: round(signIn.js / 1024, 1),
      webFirstLoadTotalKB: round(signIn.total / 1024, 1),
      webFirstLoadRequests: loads[0]!.files.length,
      webFloorJsKB: round(bare.js / 1024, 1),
      webFloorTotalKB: round(bare.total / 1024, 1),
      webPrecacheKB: round(precacheBytes(appDir) / 1024, 1),
      ...lazyScreens(appDir, loads[0]!.files, notes),
      firstLesson3gMs: samples.firstLesson3g.length ? round(median(samples.firstLesson3g)) : null,
      firstLesson3gFloorMs: samples.firstLesson3gFloor.length ? round(median(samples.firstLesson3gFloor)) : null,
      firstLesson3gFloorRatio: samples.firstLesson3gFloor.length ? round(median(samples.firstLesson3g) / median(samples.firstLesson3gFloor), 2) : null,
      firstLesson3gBytesFloorMs: samples.firstLesson3gBytesFloor.length ? round(median(samples.firstLesson3gBytesFloor)) : null,
      firstLesson3gBytesKB: samples.firstLesson3gBytes.length ? round(median(samples.firstLesson3gBytes), 1) : null,
      firstLessonOfflineMs: samples.firstLessonOffline.length ? round(median(samples.firstLessonOffline)) : null,
      firstLessonOfflineFloorMs: samples.firstLessonOfflineFloor.length ? round(median(samples.firstLessonOfflineFloor)) : null,
      firstLessonOfflineAppMs: samples.firstLessonOfflineApp.length ? round(median(samples.firstLessonOfflineApp)) : null,
      samples,
      firstLoadFiles: loads[0]!.files,
      notes,
    };
  } finally {
    await browser.close();
    for (const server of servers) await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
