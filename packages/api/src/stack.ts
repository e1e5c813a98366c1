import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Stack traces of the deployed bundles, mapped back to the TypeScript sources when they are logged.
 *
 * The functions do not run with `--enable-source-maps`: Node would then read and index every chunk's source map
 * while importing it, about 15 ms of each cold start (docs/performance.md), for traces that only errors need.
 * Instead a logged stack is mapped here, reading a chunk's `.map` the first time one of its frames is seen.
 * Where Node already maps stacks (the flag is on, or in development) the stack is returned as it is.
 * Frames keep their minified function names; the file, line and column are the source's. The first error a
 * function logs pays for reading the map it needs (the entry's ~0.4 MB: tens of milliseconds).
 */
const maps = new Map<string, SourceMap | null>();

/** The source map beside a frame's file (`file:///…` or a path), read once; null where there is none. */
function mapOf(location: string) {
  if (!maps.has(location)) {
    let found: SourceMap | null = null;
    try {
      const file = location.startsWith("file://") ? fileURLToPath(location) : location;
      found = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      // No source map beside this file (Node's own modules, a dependency outside the bundle): left as it is.
    }
    maps.set(location, found);
  }
  return maps.get(location)!;
}

/** `file:///var/task/index.mjs:1:2345` or `/var/task/chunks/x.mjs:1:2345`, inside a frame. */
const FRAME = /(file:\/\/\/[^\s()]+?\.m?js|\/[^\s():]+?\.m?js):(\d+):(\d+)/g;

/** Sources are named relative to the chunk (`../../packages/core/src/user/index.ts`); shown from the repository. */
const shown = (source: string) => source.replace(/^(\.\.\/)+/, "");

export function originalStack(stack: string | undefined): string | undefined {
  if (!stack || process.sourceMapsEnabled) return stack;
  return stack.replace(FRAME, (frame, file: string, line: string, column: string) => {
    const found = mapOf(file);
    if (!found) return frame;
    const entry = found.findEntry(Number(line) - 1, Number(column) - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
    if (!entry.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return frame;
    return `${shown(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
