import { createApp } from "../../packages/api/src/app";
import { randomUUID } from "node:crypto";
import { Seed } from "../../packages/core/src/seed";
import { answers } from "../fixtures/course";

/** Calls the real Hono app in-process (`app.request`) against the test file's DynamoDB Local table. */
export const app = createApp();

export interface Call {
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export async function call(method: string, path: string, options: Call = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await app.request(`/api/v1${path}`, { method, headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export async function seedDemo() {
  await Seed.demo();
}

export async function signIn(phone: string, password = Seed.DEMO_PASSWORD) {
  const res = await call("POST", "/auth/login", { body: { phone, password } });
  if (res.status !== 200) throw new Error(`sign-in as ${phone} failed: ${res.status} ${res.text}`);
  return res.json as { accessToken: string; refreshToken: string; user: { id: string; unitId: string | null; roles: string[] } };
}

/** Passes both quizzes and completes every lesson of a course made by testBundle (fixtures/course.ts), as a learner. */
export async function finishCourse(token: string, courseId: string) {
  for (const m of ["m1", "m2"]) {
    const res = await call("POST", `/quizzes/${courseId}.${m}/attempts`, { token, body: { attemptId: randomUUID(), answers: answers(m) } });
    if (res.status !== 200) throw new Error(`quiz ${courseId}.${m}: ${res.status} ${res.text}`);
  }
  const events = ["m1", "m2"].flatMap((m) => ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId, lessonId: `${m}-${l}` })));
  const res = await call("POST", "/progress", { token, body: { events } });
  if (res.status !== 200) throw new Error(`lessons of ${courseId}: ${res.status} ${res.text}`);
}

export function expectErrorShape(json: unknown) {
  const body = json as { error?: { code?: unknown; message?: unknown } };
  if (!body?.error || typeof body.error.code !== "string" || typeof body.error.message !== "string") {
    throw new Error(`not an error body: ${JSON.stringify(json)}`);
  }
  return body.error as { code: string; message: string; details?: unknown };
}
