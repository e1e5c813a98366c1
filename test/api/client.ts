import { createApp } from "../../packages/api/src/app";
import { Seed } from "../../packages/core/src/seed";

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

export function expectErrorShape(json: unknown) {
  const body = json as { error?: { code?: unknown; message?: unknown } };
  if (!body?.error || typeof body.error.code !== "string" || typeof body.error.message !== "string") {
    throw new Error(`not an error body: ${JSON.stringify(json)}`);
  }
  return body.error as { code: string; message: string; details?: unknown };
}
