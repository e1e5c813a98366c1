// A build plugin (web/vite.config.ts), kept under src/ so the web tests reach it; nothing in the app imports it.
import type { OutputChunk } from "rolldown";
import { type HtmlTagDescriptor, minifySync, type Plugin } from "vite";
import { storedLessonScript } from "../features/offline/stored-lesson";
import { API_BASE, API_TIMEOUT_MS } from "../lib/api";
import { EARLY_DATA_GLOBAL, earlyDataScript } from "../lib/early-data";
import { SESSION_KEY } from "../lib/session-key";
import { LINKED_SCREENS, pathPattern } from "../routes/learn/paths";

/**
 * Whether Vite will drop this chunk after this step, as it does a "pure CSS chunk" (vite:css-post): nothing
 * exported, no CSS module, and either only stylesheets in it or no JavaScript left once their imports are gone.
 */
function cssOnly(chunk: OutputChunk | undefined): boolean {
  if (!chunk || chunk.isEntry || chunk.exports.length > 0 || chunk.moduleIds.length === 0) return false;
  if (chunk.moduleIds.some((id) => /\.module\.(css|scss|sass|less|styl)($|\?)/.test(id))) return false;
  const stylesheet = (id: string) => /\.(css|scss|sass|less|styl)$/.test(id);
  return chunk.moduleIds.every(stylesheet) || chunk.code.trim() === "";
}

/**
 * A signed-in phone that opens a link to a lesson, course or quiz would request that screen's files only once the
 * app's own code had arrived and run: on 3G a second wave of round trips after the first (docs/first-lesson.md).
 * This writes a small script (`boot-<hash>.js`, `defer` and first in the head, so it is fetched alongside the
 * app's code, blocks no parsing, and runs once the page is parsed and before the app's code: deferred and module
 * scripts run in the order of the page) that knows each linked screen's files from the build and, when a session is
 * stored and the address is such a screen's, asks for them at once (`modulepreload`, and its CSS). The app's own
 * import then finds them loaded. A guest's phone, and every other address, fetches nothing more. The CSP allows
 * it: a file from 'self'.
 *
 * `first` is an expression run before that, in the same file: true when it has put a copy of the screen on the
 * page (the stored lesson, features/offline/stored-lesson.ts). The screen's CSS is then applied at once instead
 * of only fetched, and the script links are left to the app: the copy comes from the phone, so the app's code
 * does too (the service worker), and the app asks for the screen's chunks as it starts (`preloadScreen`).
 * Adding them here as well cost the main thread about 150 ms (in a trace at 4× CPU) before the copy showed, or
 * the same links twice if put off.
 *
 * `data` is a statement that sends the request for the screen's data (lib/early-data.ts; it does nothing for a
 * guest or another address). It is not in that file but inline in the page, right after the charset: it runs as
 * the page is parsed, so the answer travels with the app's own code rather than one round trip later, once the
 * boot script has arrived (on Regular 3G the course was requested at ~1,000 ms and came last, after every file
 * the lesson needed). The CSP allows that one script by its hash, which the local server and CloudFront's headers
 * read from the built page (`inlineScriptHashes`, packages/api/src/web-policy.ts).
 *
 * `guest` is the module of the screen someone with no stored session lands on (the sign-in screen): for them the
 * script asks for that screen's files instead, which the app would otherwise request only after its own code had
 * arrived and run. The hint is not in the HTML itself, so that a signed-in phone, which never shows that screen,
 * does not spend its 3G on it (1.3 KB). The file is minified.
 */
export function preloadLinkedScreen(
  screens: readonly { path: string; module: string }[],
  sessionKey: string,
  options: { first?: string; data?: string; guest?: string } = {},
): Plugin {
  const { first = "false", data = "", guest } = options;
  let bootFile: string | undefined;
  let inline: string | undefined;
  if (data) {
    const minified = minifySync("data.js", data);
    if (minified.errors.length) throw new Error(`preloadLinkedScreen: the data script does not parse: ${minified.errors[0]!.message}`);
    inline = minified.code.trim();
    if (/<\/script|<!--/i.test(inline)) throw new Error("preloadLinkedScreen: the data script cannot be written inside a <script> element");
  }
  return {
    name: "kns:preload-linked-screen",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle)
          .filter((file): file is OutputChunk => file.type === "chunk")
          .map((chunk) => [chunk.fileName, chunk]),
      );
      const closure = (file: string, into = new Set<string>()) => {
        if (into.has(file)) return into;
        into.add(file);
        for (const imported of chunks.get(file)?.imports ?? []) closure(imported, into);
        return into;
      };
      const initial = new Set<string>();
      for (const chunk of chunks.values()) if (chunk.isEntry) closure(chunk.fileName, initial);
      /** A screen's files that the app's first load does not bring: its scripts, and the CSS they import. */
      const screenFiles = (module: string): [string[], string[]] => {
        const screen = [...chunks.values()].find((chunk) => chunk.facadeModuleId?.endsWith(module));
        if (!screen) throw new Error(`preloadLinkedScreen: no chunk for ${module}`);
        const files = [...closure(screen.fileName)].filter((file) => !initial.has(file));
        const css = [...new Set(files.flatMap((file) => [...(chunks.get(file)?.viteMetadata?.importedCss ?? [])]))];
        // A chunk of CSS only is not written: Vite removes it after this step and its CSS goes with its importer.
        return [files.filter((file) => !cssOnly(chunks.get(file))), css];
      };
      const table = screens.map(({ path, module }) => [pathPattern(path), ...screenFiles(module)]);
      const [guestJs, guestCss] = guest ? screenFiles(guest) : [[], []];
      // a: adds one link; g: asks for a screen's CSS and scripts ([js, css]); the guest's screen, or the table's match.
      // Every link is crossorigin, as Vite's own stylesheet links for a lazy screen are: a style preload without it
      // is not used by them ("the request credentials mode does not match"), and the sheet is asked for again.
      const source = `(function(shown){function a(r,h,s){var l=document.createElement("link");l.rel=r;l.href="/"+h;if(s)l.setAttribute("as",s);l.crossOrigin="";document.head.appendChild(l)}function g(j,c){c.forEach(function(f){a("preload",f,"style")});j.forEach(function(f){a("modulepreload",f)})}var k;try{k=localStorage.getItem(${JSON.stringify(sessionKey)})}catch(e){}if(!k)return g(${JSON.stringify(guestJs)},${JSON.stringify(guestCss)});var t=${JSON.stringify(table)},p=location.pathname;for(var i=0;i<t.length;i++)if(new RegExp(t[i][0]).test(p)){if(shown)return t[i][2].forEach(function(f){a("stylesheet",f)});return g(t[i][1],t[i][2])}})(${first});`;
      const minified = minifySync("boot.js", source);
      if (minified.errors.length) throw new Error(`preloadLinkedScreen: the boot script does not parse: ${minified.errors[0]!.message}`);
      bootFile = this.getFileName(this.emitFile({ type: "asset", name: "boot.js", source: minified.code }));
    },
    transformIndexHtml: {
      order: "post",
      handler(html: string): { html: string; tags: HtmlTagDescriptor[] } {
        if (!bootFile) throw new Error("preloadLinkedScreen: the boot script was not written before the HTML");
        const tags: HtmlTagDescriptor[] = [{ tag: "script", attrs: { src: `/${bootFile}`, defer: true }, injectTo: "head-prepend" }];
        if (!inline) return { html, tags };
        // Right after the charset (which must come within the page's first 1,024 bytes) and before any stylesheet:
        // a classic script after a stylesheet waits for it to load before it runs.
        const charset = /<meta charset="utf-8"\s*\/?>/i.exec(html);
        if (!charset) throw new Error('preloadLinkedScreen: index.html has no <meta charset="utf-8"> to put the data script after');
        const at = charset.index + charset[0].length;
        return { html: `${html.slice(0, at)}\n    <script>${inline}</script>${html.slice(at)}`, tags };
      },
    },
  };
}

/** What the app's boot script runs around the preloads (web/vite.config.ts): the stored lesson, the screen's data. */
export const BOOT_SCRIPT_OPTIONS = {
  guest: "/src/routes/sign-in.tsx",
  first: storedLessonScript({ lessonPath: LINKED_SCREENS.lesson.path, sessionKey: SESSION_KEY }),
  data: earlyDataScript({ sessionKey: SESSION_KEY, base: API_BASE, global: EARLY_DATA_GLOBAL, timeoutMs: API_TIMEOUT_MS }),
};
