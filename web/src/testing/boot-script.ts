import indexHtml from "../../index.html?raw";
import { BOOT_SCRIPT_OPTIONS, preloadLinkedScreen } from "../build/preload-linked-screen";
import { SESSION_KEY } from "../lib/session-key";
import { LINKED_SCREENS } from "../routes/learn/paths";

/** A chunk as Rolldown hands it to generateBundle, with the fields the plugin reads. */
export function chunk(
  fileName: string,
  options: { imports?: string[]; facade?: string; entry?: boolean; css?: string[]; modules?: string[]; code?: string; exports?: string[] } = {},
) {
  return {
    type: "chunk",
    fileName,
    moduleIds: options.modules ?? [`/app/web/src/${fileName}.tsx`],
    code: options.code ?? "export default 1;",
    exports: options.exports ?? ["default"],
    imports: options.imports ?? [],
    facadeModuleId: options.facade ?? null,
    isEntry: options.entry ?? false,
    viteMetadata: { importedCss: new Set(options.css ?? []) },
  };
}

/** The smallest build with the three linked screens and the sign-in screen. */
const SMALL_BUNDLE = Object.fromEntries(
  [
    chunk("assets/index.js", { entry: true }),
    chunk("assets/lesson.js", { facade: "/app/web/src/routes/learn/lesson.tsx", css: ["assets/lesson.css"] }),
    chunk("assets/course.js", { facade: "/app/web/src/routes/learn/course.tsx" }),
    chunk("assets/quiz.js", { facade: "/app/web/src/routes/learn/quiz.tsx" }),
    chunk("assets/sign-in.js", { facade: "/app/web/src/routes/sign-in.tsx" }),
  ].map((c) => [c.fileName, c]),
);

/**
 * web/index.html as Vite hands it to the plugin (the plugin's step runs after Vite's own): the entry script and
 * its stylesheet moved into the head.
 */
export const PAGE = indexHtml
  .replace(/\s*<script type="module" src="\/src\/index.tsx"><\/script>/, "")
  .replace(
    "</head>",
    '  <script type="module" crossorigin src="/assets/index-abc.js"></script>\n    <link rel="stylesheet" crossorigin href="/assets/index-abc.css">\n  </head>',
  );

type Hook = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Runs the plugin over a bundle as the build does: the boot script's source (minified), the tags for index.html,
 * the page with the data script written into it, and that script (`inline`, undefined without `data`).
 */
export function buildBootScript(options: Parameters<typeof preloadLinkedScreen>[2] = BOOT_SCRIPT_OPTIONS, bundle: Record<string, unknown> = SMALL_BUNDLE) {
  const plugin = preloadLinkedScreen(Object.values(LINKED_SCREENS), SESSION_KEY, options);
  const emitted: { name: string; source: string }[] = [];
  const context = {
    emitFile: (file: { name: string; source: string }) => emitted.push(file) && "boot-ref",
    getFileName: (ref: string) => (ref === "boot-ref" ? "assets/boot-abc123.js" : "?"),
  };
  (plugin.generateBundle as unknown as Hook).call(context, {}, bundle);
  const page = (plugin.transformIndexHtml as { handler: Hook }).handler(PAGE) as { html: string; tags: unknown[] };
  const inline = /<script>([\s\S]*?)<\/script>/.exec(page.html)?.[1];
  return { source: emitted[0]?.source ?? "", name: emitted[0]?.name, tags: page.tags, html: page.html, inline };
}
