import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * One Vitest run, five projects so each kind can run alone: `npx vitest run --project int`.
 *  unit  — pure tests beside the code (`*.test.ts`)
 *  int   — API and core against one DynamoDB Local per run, a fresh table per file (`*.int.test.ts`)
 *  infra — CDK synthesis and assertions (`infra/**\/*.test.ts`)
 *  web   — Solid components in jsdom (`web/src/**\/*.test.tsx`)
 *  e2e   — Chromium against the real `npm start` server (`test/e2e/*.e2e.test.ts`)
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores, so a 2-core CI machine ran every file one after the other,
    // half its time starting workers, importing and waiting for DynamoDB Local. Two files at once keep both cores
    // busy; e2e stays one file at a time (fileParallelism: false below). Larger machines keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    env: { LOG_LEVEL: "silent", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "int",
          include: ["packages/*/src/**/*.int.test.ts", "test/api/**/*.int.test.ts", "infra/**/*.int.test.ts"],
          globalSetup: ["test/setup/dynamodb-global.ts"],
          setupFiles: ["test/setup/fresh-table.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "infra",
          include: ["infra/**/*.test.ts"],
          exclude: ["infra/**/*.int.test.ts", "**/node_modules/**"],
          testTimeout: 120_000,
          // Some files build every Lambda bundle in beforeAll (esbuild, several seconds each on a busy 2-core machine).
          hookTimeout: 120_000,
        },
      },
      "web/vitest.config.ts",
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.test.ts"],
          globalSetup: ["test/setup/e2e-server.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
