import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, type Bundle } from "./bundle";

/**
 * What a cold start of each Lambda loads, read from esbuild's metafile (infra/bundle.ts): the API builds only what
 * its first request needs (docs/performance.md, the cold-start budget), and every SDK client takes its credentials
 * from the environment. The timings themselves are `npm run bench -- --only=lambda`'s.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), "../..");

/** Libraries only some requests use: PDF certificates, spreadsheets, markdown, web push, and the other AWS clients. */
const HEAVY =
  /node_modules\/(markdown-it|pdf-lib|@pdf-lib\/[^/]+|exceljs|csv-parse|saxes|web-push|uqr|@aws-sdk\/client-(s3|sqs|secrets-manager|pinpoint-sms-voice-v2))\//;
const ROUTES = /^packages\/api\/src\/routes\//;
/**
 * Core modules only the rest of /api/v1/me/ needs (campaign assignments, the review deck, and through them the
 * effectiveness score and reminders): `GET /api/v1/me` must not build them.
 */
const SPLIT_FROM_ME = /^packages\/core\/src\/(campaign|review|effectiveness|reminder)\/index\.ts$/;
/**
 * Core modules the session check and the account do not need (core's auth/session.ts): the rest of Auth (sign-in,
 * self reset, rate limits), the User namespace and through it courses, progress, certificates, storage, units,
 * notifications and jobs, and the model index with every schema.
 */
const NOT_FOR_SESSION =
  /^packages\/core\/src\/(auth\/(index|self-reset|password)|user\/(index|account|membership|privacy|credentials|schema)|model\/index|(course|progress|certificate|storage|unit|notify|job|rate-limit)\/index)\.ts$/;

/** The default chain's providers a function in Lambda never needs (its credentials are in the environment). */
const CHAIN = [
  "@aws-sdk/credential-provider-node",
  "@aws-sdk/credential-provider-sso",
  "@aws-sdk/credential-provider-ini",
  "@aws-sdk/credential-provider-process",
  "@aws-sdk/credential-provider-web-identity",
  "@aws-sdk/credential-provider-http",
  "@smithy/credential-provider-imds",
];

const outdir = mkdtempSync(join(tmpdir(), "kns-bundle-graph-"));
let api: Bundle;
let worker: Bundle;
let signingKeys: Bundle;

beforeAll(() => {
  api = bundle(ROOT, "api", join(outdir, "api"));
  worker = bundle(ROOT, "worker", join(outdir, "worker"));
  signingKeys = bundle(ROOT, "signingKeys", join(outdir, "signing-keys"));
}, 300_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("the API's cold start", () => {
  it("loads no route group before its first request, only GET /api/v1/me's: each group is a chunk of its own", () => {
    expect(api.loadedAtStartInputs).toContain("packages/api/src/app.ts");
    expect(api.loadedAtStartInputs.filter((input) => ROUTES.test(input))).toEqual(["packages/api/src/routes/me.ts"]);
    for (const group of ["auth", "me-subpaths", "courses", "quizzes", "progress", "admin", "authoring", "verify"])
      expect(Object.keys(api.dynamicChunks)).toContain(`packages/api/src/routes/${group}.ts`);
  });

  it("loads no PDF, spreadsheet, markdown or web-push code, nor another AWS client, before a request needs it", () => {
    expect(api.loadedAtStartInputs.filter((input) => HEAVY.test(input))).toEqual([]);
  });

  it("holds a signed-in GET /api/v1/me's app from the start, without the rest of /me, zod, jose or the namespaces", () => {
    const start = api.loadedAtStartInputs;
    expect(start).toContain("packages/api/src/routes/me.ts");
    // The rest of /api/v1/me/ (notifications, review deck, progress, assignments, certificates) is its own chunk.
    expect(Object.keys(api.dynamicChunks)).toContain("packages/api/src/routes/me-subpaths.ts");
    expect(start.filter((input) => SPLIT_FROM_ME.test(input))).toEqual([]);
    // The session check and the account come from core's narrow files, not the Auth and User namespaces.
    expect(start).toContain("packages/core/src/auth/session.ts");
    expect(start.filter((input) => NOT_FOR_SESSION.test(input))).toEqual([]);
    // Tokens are verified with node:crypto, and nothing the first request reads needs a schema (the error
    // handler's recognising zod's errors loads zod's error class alone).
    expect(start.filter((input) => /node_modules\/(jose\/|zod\/v4\/(mini|classic|locales|core\/(schemas|checks|api|parse)\.js))/.test(input))).toEqual([]);
    // The figure npm run bench checks (lambdaBundleKB ≤ 200).
    console.log(`API cold start with GET /api/v1/me: ${(api.gzipBytes / 1024).toFixed(1)} KB gzipped`);
  });
});

describe("credentials in the Lambda bundles", () => {
  it("come from the environment provider alone: the default chain is in no bundle", () => {
    for (const [name, built] of Object.entries({ api, worker, signingKeys })) {
      expect(built.awsClients.length, name).toBeGreaterThan(0);
      expect(built.packages, name).toContain("@aws-sdk/credential-provider-env");
      expect(
        built.packages.filter((p) => CHAIN.includes(p)),
        name,
      ).toEqual([]);
    }
  });
});
