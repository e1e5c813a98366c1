import solid from "vite-plugin-solid";
import { defineProject } from "vitest/config";

export default defineProject({
  plugins: [solid()],
  test: {
    name: "web",
    root: import.meta.dirname,
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "jsdom",
    setupFiles: ["src/testing/setup.ts"],
  },
  resolve: { conditions: ["development", "browser"] },
});
