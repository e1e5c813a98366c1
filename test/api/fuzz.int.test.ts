import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../packages/core/src/db/client";
import { importTestCourse } from "../fixtures/course";
import { app, seedDemo, signIn } from "./client";

/**
 * Hostile input on every route of the app (read from the app): wrong types, missing and extra fields, huge
 * strings and arrays, deep nesting, invalid UTF-8, null bytes, prototype-pollution keys, path traversal in ids,
 * scripts in text. Every answer is a success or a 4xx with the error shape — never a 5xx — and a batch of
 * rejected requests leaves the table exactly as it was.
 */
const CASES_PER_ROUTE = Number(process.env.FUZZ_CASES ?? 40);

let tokens: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
  tokens = {
    learner: (await signIn("0912000001")).accessToken,
    trainer: (await signIn("0912000002")).accessToken,
    admin: (await signIn("0912000003")).accessToken,
    // Ending sessions ends every session of the person: fuzzed as someone else, so the learner's token lives on.
    disposable: (await signIn("0912000005")).accessToken,
  };
});

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "../../etc/passwd",
    "..%2F..%2Fetc",
    "\u0000",
    "a\u0000b",
    "__proto__",
    "constructor",
    "<script>alert(1)</script>",
    "=cmd|'/C calc'!A0",
    "' OR 1=1 --",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell-style string, sent as data on purpose.
    "${jndi:ldap://x}",
    "Lò Thị Hương",
    "😀".repeat(50),
  ),
  fc.constantFrom("x".repeat(70_000), "9".repeat(5000)),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          "__proto__",
          "constructor",
          "prototype",
          "phone",
          "password",
          "events",
          "answers",
          "content",
          "unitId",
          "activities",
          "people",
          "resident",
        ),
      ),
      tie("value"),
      { maxKeys: 6 },
    ),
  ),
})).value;

const deepNesting = fc.integer({ min: 500, max: 5000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth));
const hugeArray = fc.constant(JSON.stringify({ events: Array.from({ length: 50_000 }, () => ({ id: "x" })) }));

const body = fc.oneof(
  hostileValue.map((v) => ({ text: JSON.stringify(v) ?? "null", type: "application/json" })),
  fc.string().map((text) => ({ text, type: "application/json" })),
  deepNesting.map((text) => ({ text, type: "application/json" })),
  hugeArray.map((text) => ({ text, type: "application/json" })),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ bytes: Uint8Array.from([0xff, 0xfe, ...bytes]), type: "application/json" })),
  hostileString.map((text) => ({ text, type: "text/csv" })),
  hostileValue.map((v) => ({ text: JSON.stringify(v) ?? "", type: "text/plain" })),
);

function tokenFor(path: string) {
  if (path.includes("/sign-out-everywhere")) return tokens.disposable;
  if (path.includes("/authoring/")) return tokens.trainer;
  if (path.includes("/admin/") || path.includes("/revoke")) return tokens.admin;
  return tokens.learner;
}

async function snapshot() {
  const { doc, table } = db();
  const items: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
    // Rate-limit windows count rejected requests on purpose; everything else must stay as it was.
    for (const item of page.Items ?? []) if (!String(item.pk).startsWith("RATE#")) items.push(JSON.stringify(item, Object.keys(item).sort()));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort();
}

const routes = [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];

describe("fuzzing every route", () => {
  it("reads the routes from the app", () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  for (const route of routes) {
    it(route, async () => {
      const [method, template] = route.split(" ") as [string, string];
      let rejectedOnly = true;
      const before = await snapshot();
      await fc.assert(
        fc.asyncProperty(fc.array(hostileString, { minLength: 3, maxLength: 3 }), body, fc.boolean(), async (params, payload, withQuery) => {
          let i = 0;
          let path = template.replace(/:[A-Za-z]+/g, () => encodeURIComponent(params[i++ % params.length]!)).replace("*", encodeURIComponent(params[0]!));
          if (withQuery)
            path += `?courseId=${encodeURIComponent(params[1]!)}&q=${encodeURIComponent(params[2]!)}&dryRun=${encodeURIComponent(params[0]!)}&version=${encodeURIComponent(params[1]!)}`;
          const init: RequestInit = { method, headers: { authorization: `Bearer ${tokenFor(path)}`, "content-type": payload.type } };
          if (method !== "GET") init.body = "bytes" in payload ? payload.bytes : payload.text;
          const res = await app.request(path, init);
          const text = await res.text();
          expect(res.status, `${method} ${path} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
            expect(typeof parsed.error?.code).toBe("string");
            expect(typeof parsed.error?.message).toBe("string");
            expect(text).not.toMatch(/at .*\.ts:\d+|stack/i);
          } else rejectedOnly = false;
        }),
        { numRuns: CASES_PER_ROUTE, seed: Number(process.env.FUZZ_SEED ?? 2026) },
      );
      if (rejectedOnly) expect(await snapshot()).toEqual(before);
    });
  }
});
