import { cleanup } from "@solidjs/testing-library";
import { afterEach } from "vitest";

// The testing library only cleans up by itself when Vitest globals are on; they are not here.
afterEach(() => {
  cleanup();
  localStorage.clear();
});
