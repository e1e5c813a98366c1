import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "../../packages/api/src/app";
import { db } from "../../packages/core/src/db/client";
import { importTestCourse } from "../fixtures/course";
import { importScenarioCourse, testScenario } from "../fixtures/scenario";
import { playScenario } from "../../packages/core/src/model";
import { Progress } from "../../packages/core/src/progress";
import { User } from "../../packages/core/src/user";
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
          "reviews",
          "state",
          "rating",
          "seconds",
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

// Every group's routes: route groups join the app on their first request, so app.routes alone lists few.
const routes = [...new Set((await allRoutes()).filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];

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

/**
 * Scenario plays (issue 19): well-formed `scenario.played` events with hostile parts — paths of real and made-up
 * choice ids, too long or empty, other lessons and courses, repeated ids. Never a 5xx; every event answered once,
 * accepted with the outcome the scenario gives its path or refused with a code; each accepted play counted once.
 */
describe("fuzzing scenario plays", () => {
  const scenario = testScenario();
  const choiceIds = [...new Set(scenario.steps.flatMap((step) => step.choices.map((choice) => choice.id)))];
  let learner: { id: string; token: string };

  beforeAll(async () => {
    await importScenarioCourse();
    const user = await User.ensure({ phone: "0912400001", fullName: "Lù Thị Fuzz", roles: ["member"], unitId: "sla-muongbu-banbo", password: "RuongBac2026" });
    learner = { id: user.id, token: (await signIn("0912400001", "RuongBac2026")).accessToken };
  });

  const path = fc.oneof(
    fc.array(
      fc.oneof(
        fc.constantFrom(...choiceIds),
        hostileString.map((s) => s.slice(0, 40)),
      ),
      { maxLength: 45 },
    ),
    fc.constantFrom(["hang-up"], ["listen", "pay"], ["ask", "report"], ["listen", "think", "hang-up"], ["hang-up", "listen"]),
  );
  const event = fc.oneof(
    // Anything: another kind, lesson or course, and an id that comes back across requests.
    fc.record({
      id: fc.oneof(fc.uuid(), fc.constant("00000000-0000-4000-8000-000000000001")),
      type: fc.constantFrom("scenario.played", "lesson.completed"),
      courseId: fc.constantFrom("scenario-course", "test-course", "no-such-course"),
      lessonId: fc.constantFrom("m1-l3", "m1-l1", "m2-l1", "m9-l9"),
      path,
    }),
    // A play of the scenario lesson, with a path that may or may not lead to an ending.
    fc.record({ id: fc.uuid(), type: fc.constant("scenario.played"), courseId: fc.constant("scenario-course"), lessonId: fc.constant("m1-l3"), path }),
  );

  it("answers every event once, with the outcome its path leads to, and counts each play once", async () => {
    let expectedPlays = 0;
    const accepted = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 5 }), async (events) => {
        const res = await app.request("/api/v1/progress", {
          method: "POST",
          headers: { authorization: `Bearer ${learner.token}`, "content-type": "application/json" },
          body: JSON.stringify({ events }),
        });
        const text = await res.text();
        expect(res.status, text.slice(0, 300)).toBeLessThan(500);
        if (res.status !== 200) return;
        const body = JSON.parse(text) as { accepted: string[]; rejected: { id: string; code: string }[]; plays?: { id: string; endingId: string }[] };
        const ids = [...new Set(events.map((e) => e.id))];
        expect([...body.accepted, ...body.rejected.map((r) => r.id)].sort()).toEqual(ids.sort());
        for (const sent of ids.map((id) => events.find((e) => e.id === id)!)) {
          if (!body.accepted.includes(sent.id) || accepted.has(sent.id)) continue;
          accepted.add(sent.id);
          if (sent.type !== "scenario.played") continue;
          // A fresh play of the scenario lesson: accepted only with the ending its path leads to.
          expect(sent).toMatchObject({ courseId: "scenario-course", lessonId: "m1-l3" });
          expect(body.plays?.find((p) => p.id === sent.id)?.endingId).toBe(playScenario(scenario, sent.path)?.endingId);
          expectedPlays++;
        }
      }),
      { numRuns: CASES_PER_ROUTE, seed: Number(process.env.FUZZ_SEED ?? 2026) },
    );
    expect(expectedPlays).toBeGreaterThan(0);
    expect((await Progress.get(learner.id, "scenario-course"))?.scenarios?.["m1-l3"]?.plays ?? 0).toBe(expectedPlays);
  });
});
