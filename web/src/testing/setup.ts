import { cleanup } from "@solidjs/testing-library";
import { afterAll, afterEach, vi } from "vitest";

// The web project shares one jsdom across its files (isolate: false in web/vitest.config.ts): building a jsdom
// for each file was most of the project's time. Each file still gets its own app modules, so what the app keeps at
// a module's top level (i18n areas, caches, stores) starts afresh. What a file changes on the shared window,
// document or navigator is that file's to put back; stubbed globals, spies and fake timers are undone here too.
// `vi.mock` is not reset between files when they share a worker: the web tests do not use it.
vi.resetModules();

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// The testing library only cleans up by itself when Vitest globals are on; they are not here.
afterEach(() => {
  cleanup();
  localStorage.clear();
});
