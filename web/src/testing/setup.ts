import { cleanup } from "@solidjs/testing-library";
import { afterEach, vi } from "vitest";

// The web project shares one jsdom across its files (isolate: false in web/vitest.config.ts): building a jsdom
// for each file was most of the project's time. Each file still gets its own app modules, so no state kept at a
// module's top level (i18n areas, caches, stores) carries over from the file before.
vi.resetModules();

// The testing library only cleans up by itself when Vitest globals are on; they are not here.
afterEach(() => {
  cleanup();
  localStorage.clear();
});
