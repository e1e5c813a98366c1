import { afterEach, describe, expect, it } from "vitest";
import { SESSION_KEY } from "../lib/session-key";
import { buildBootScript, chunk, PAGE } from "../testing/boot-script";

/** A small build: the entry and its shared code, the three linked screens, and a view two of them share. */
const BUNDLE = Object.fromEntries(
  [
    chunk("assets/index.js", { imports: ["assets/base.js"], facade: "/app/web/index.html", entry: true, css: ["assets/index.css"] }),
    chunk("assets/base.js"),
    // Chunks Vite removes after this step as "pure CSS" (their CSS goes with lesson.js): one of stylesheets only,
    // one whose module only imports a stylesheet. A CSS module's chunk exports its class names and stays.
    chunk("assets/css-only.js", { modules: ["/app/web/src/features/learner/learner.css"], css: ["assets/learner.css"], code: "", exports: [] }),
    chunk("assets/css-import.js", {
      modules: ["/app/web/src/features/x/styles.ts", "/app/web/src/features/x/x.css"],
      css: ["assets/x.css"],
      code: "\n",
      exports: [],
    }),
    chunk("assets/css-module.js", { modules: ["/app/web/src/features/y/y.module.css"], css: ["assets/y.css"], code: "const a={};", exports: [] }),
    chunk("assets/lesson.js", {
      imports: ["assets/base.js", "assets/view.js", "assets/css-only.js", "assets/css-import.js", "assets/css-module.js"],
      facade: "/app/web/src/routes/learn/lesson.tsx",
      css: ["assets/lesson.css"],
    }),
    chunk("assets/view.js", { imports: ["assets/base.js"], css: ["assets/view.css"] }),
    chunk("assets/course.js", { imports: ["assets/base.js"], facade: "/app/web/src/routes/learn/course.tsx" }),
    chunk("assets/quiz.js", { imports: ["assets/view.js"], facade: "/app/web/src/routes/learn/quiz.tsx" }),
    chunk("assets/admin.js", { imports: ["assets/base.js"], facade: "/app/web/src/routes/admin/units.tsx" }),
    chunk("assets/sign-in.js", { imports: ["assets/base.js", "assets/form.js"], facade: "/app/web/src/routes/sign-in.tsx", css: ["assets/sign-in.css"] }),
    chunk("assets/form.js", { imports: ["assets/base.js"] }),
  ].map((c) => [c.fileName, c]),
);

/** The plugin over this file's bundle, with what runs around the preloads given (none by default). */
function build(options: Parameters<typeof buildBootScript>[0] = {}, bundle: Record<string, unknown> = BUNDLE) {
  return buildBootScript(options, bundle);
}

/** Opens `path` on a phone with or without a stored session and runs the boot script: the links it added. */
function open(source: string, path: string, signedIn: boolean) {
  document.head.replaceChildren();
  localStorage.clear();
  if (signedIn) localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken: "a", refreshToken: "r", user: {} }));
  history.replaceState(null, "", path);
  new Function(source)();
  return [...document.head.querySelectorAll("link")].map((link) => ({ rel: link.rel, href: link.getAttribute("href"), as: link.getAttribute("as") }));
}

afterEach(() => {
  document.head.replaceChildren();
  localStorage.clear();
});

describe("the boot script that fetches a linked screen's files with the app's code", () => {
  it("is one deferred script from the site, first in the head, so it runs before the app's code", () => {
    const { name, tags } = build();
    expect(name).toBe("boot.js");
    expect(tags).toEqual([{ tag: "script", attrs: { src: "/assets/boot-abc123.js", defer: true }, injectTo: "head-prepend" }]);
  });

  it("writes the data request into the page, right after the charset, and leaves it out of the boot script", () => {
    const data = `window.__data=location.pathname`;
    const { source, html, inline, tags } = build({ data });
    expect(inline).toBe("window.__data=location.pathname;");
    expect(html).toBe(PAGE.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <script>${inline}</script>`));
    // Before any stylesheet the page links (a script after one waits for it), and the charset still within the
    // first 1,024 bytes once Vite has put the boot script's tag before it.
    expect(html.indexOf("<script>")).toBeLessThan(html.indexOf('<link rel="stylesheet"'));
    const bootTag = '<script src="/assets/boot-abc123.js" defer></script>\n';
    expect(bootTag.length + html.indexOf('<meta charset="utf-8" />')).toBeLessThan(1024);
    expect(source).not.toContain("__data");
    expect(tags).toEqual([{ tag: "script", attrs: { src: "/assets/boot-abc123.js", defer: true }, injectTo: "head-prepend" }]);
    // Without one, the page is as it was.
    expect(build().html).toBe(PAGE);
  });

  it("refuses a data script that cannot be written inside a script element", () => {
    // The minifier writes "</script" in a string as "<\/script"; "<!--" in a pattern it leaves, and in a script
    // element that starts an escape the rest of the page would be parsed differently in.
    expect(build({ data: `var a="</script><script>alert(1)"` }).inline).toBe("var a=`<\\/script><script>alert(1)`;");
    expect(() => build({ data: `var a=/<!--x/.test(location.href)` })).toThrow(/cannot be written inside a <script> element/);
  });

  it("asks for a lesson's screen files and CSS, not what the app's code already brings", () => {
    const { source } = build();
    expect(open(source, "/courses/public-services/lessons/m1-l1", true)).toEqual([
      { rel: "preload", href: "/assets/lesson.css", as: "style" },
      { rel: "preload", href: "/assets/view.css", as: "style" },
      { rel: "preload", href: "/assets/learner.css", as: "style" },
      { rel: "preload", href: "/assets/x.css", as: "style" },
      { rel: "preload", href: "/assets/y.css", as: "style" },
      { rel: "modulepreload", href: "/assets/lesson.js", as: null },
      { rel: "modulepreload", href: "/assets/view.js", as: null },
      { rel: "modulepreload", href: "/assets/css-module.js", as: null },
    ]);
    // All crossorigin, as Vite's own links for the screen are: a style preload without it would go unused.
    expect([...document.head.querySelectorAll("link")].map((link) => link.getAttribute("crossorigin"))).toEqual(Array(8).fill(""));
    expect(open(source, "/courses/public-services/", true).map((link) => link.href)).toEqual(["/assets/course.js"]);
    expect(open(source, "/courses/public-services/quizzes/q1", true).map((link) => link.href)).toEqual([
      "/assets/view.css",
      "/assets/quiz.js",
      "/assets/view.js",
    ]);
  });

  it("applies the screen's CSS at once when what runs first has put a copy of the screen on the page, and leaves its scripts to the app", () => {
    const { source } = build({ first: "true" });
    expect(open(source, "/courses/public-services/lessons/m1-l1", true).map((link) => `${link.rel} ${link.href}`)).toEqual([
      "stylesheet /assets/lesson.css",
      "stylesheet /assets/view.css",
      "stylesheet /assets/learner.css",
      "stylesheet /assets/x.css",
      "stylesheet /assets/y.css",
    ]);
  });

  it("fetches nothing for a guest, or for any other address", () => {
    const { source } = build();
    expect(open(source, "/courses/public-services/lessons/m1-l1", false)).toEqual([]);
    for (const path of ["/", "/sign-in", "/progress", "/admin/units", "/courses/a/lessons/b/extra", "/courses"]) expect(open(source, path, true)).toEqual([]);
  });

  it("asks a guest's phone, at any address, for the sign-in screen's files, and a signed-in one never", () => {
    const { source } = build({ guest: "/src/routes/sign-in.tsx" });
    for (const path of ["/", "/sign-in", "/courses/public-services/lessons/m1-l1", "/admin/units"]) {
      expect(open(source, path, false)).toEqual([
        { rel: "preload", href: "/assets/sign-in.css", as: "style" },
        { rel: "modulepreload", href: "/assets/sign-in.js", as: null },
        { rel: "modulepreload", href: "/assets/form.js", as: null },
      ]);
    }
    expect(open(source, "/", true)).toEqual([]);
    expect(open(source, "/courses/public-services/", true).map((link) => link.href)).toEqual(["/assets/course.js"]);
  });

  it("stops the build when a linked screen has no chunk", () => {
    const { "assets/quiz.js": _quiz, ...withoutQuiz } = BUNDLE;
    expect(() => build({}, withoutQuiz)).toThrow(/no chunk for \/src\/routes\/learn\/quiz\.tsx/);
    expect(() => build({ guest: "/src/routes/welcome.tsx" })).toThrow(/no chunk for \/src\/routes\/welcome\.tsx/);
  });
});
