import solid from "vite-plugin-solid";
import { defineProject } from "vitest/config";

export default defineProject({
  plugins: [solid()],
  test: {
    name: "web",
    root: import.meta.dirname,
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "jsdom",
    // One jsdom per worker, not per file: building one for each of the 47 files was most of the project's time
    // (72 s on 2 cores, 17 s now). Module state stays per file: src/testing/setup.ts resets the modules.
    isolate: false,
    setupFiles: ["src/testing/setup.ts"],
  },
  resolve: { conditions: ["development", "browser"] },
});
