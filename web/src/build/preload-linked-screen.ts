// A build plugin (web/vite.config.ts), kept under src/ so the web tests reach it; nothing in the app imports it.
import type { OutputChunk } from "rolldown";
import type { HtmlTagDescriptor, Plugin } from "vite";

/**
 * A signed-in phone that opens a link to a lesson, course or quiz would request that screen's files only once the
 * app's own code had arrived and run: on 3G a second wave of round trips after the first (docs/first-lesson.md).
 * This writes a small script (`boot-<hash>.js`, loaded `async` from the head, so it is fetched alongside the
 * app's code and blocks nothing) that knows each linked screen's files from the build and, when a session is
 * stored and the address is such a screen's, asks for them at once (`modulepreload`, and its CSS). The app's own
 * import then finds them loaded. A guest's phone, and every other address, fetches nothing more. The CSP allows
 * it: a file from 'self', no inline script.
 */
export function preloadLinkedScreen(screens: readonly { path: string; module: string }[], sessionKey: string): Plugin {
  let bootFile: string | undefined;
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
      const table = screens.map(({ path, module }) => {
        const screen = [...chunks.values()].find((chunk) => chunk.facadeModuleId?.endsWith(module));
        if (!screen) throw new Error(`preloadLinkedScreen: no chunk for ${module}`);
        const js = [...closure(screen.fileName)].filter((file) => !initial.has(file));
        const css = [...new Set(js.flatMap((file) => [...(chunks.get(file)?.viteMetadata?.importedCss ?? [])]))];
        // ":courseId" → one path segment; the screen's whole path, with or without a trailing slash.
        const pattern = `^${path.replace(/:[A-Za-z]+/g, "[^/]+")}/?$`;
        return [pattern, js, css];
      });
      const source = `(function(){try{if(!localStorage.getItem(${JSON.stringify(sessionKey)}))return}catch(e){return}var t=${JSON.stringify(table)},p=location.pathname;function a(r,h,s){var l=document.createElement("link");l.rel=r;l.href="/"+h;if(s)l.setAttribute("as",s);else l.crossOrigin="";document.head.appendChild(l)}for(var i=0;i<t.length;i++)if(new RegExp(t[i][0]).test(p)){t[i][1].forEach(function(f){a("modulepreload",f)});t[i][2].forEach(function(f){a("preload",f,"style")});return}})();\n`;
      bootFile = this.getFileName(this.emitFile({ type: "asset", name: "boot.js", source }));
    },
    transformIndexHtml: {
      order: "post",
      handler(): HtmlTagDescriptor[] {
        if (!bootFile) throw new Error("preloadLinkedScreen: the boot script was not written before the HTML");
        return [{ tag: "script", attrs: { src: `/${bootFile}`, async: true }, injectTo: "head" }];
      },
    },
  };
}
