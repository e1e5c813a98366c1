import type { LambdaEvent } from "hono/aws-lambda";
import { describe, expect, it } from "vitest";
import { isOriginSecret, refuseDirectCall } from "./origin-verify";

const SECRET = "Vq3x9Kp2LmZ8rT5wYb7nC4dF6gH1jS0a";
const withHeaders = (headers: Record<string, string>) =>
  ({ headers, requestContext: { http: { method: "GET", path: "/api/v1/health" } } }) as unknown as LambdaEvent;

describe("the origin-verify secret", () => {
  it("matches only the exact secret", () => {
    expect(isOriginSecret(SECRET, SECRET)).toBe(true);
    expect(isOriginSecret(`${SECRET}x`, SECRET)).toBe(false);
    expect(isOriginSecret(SECRET.slice(1), SECRET)).toBe(false);
    expect(isOriginSecret(SECRET.toLowerCase(), SECRET)).toBe(false);
    expect(isOriginSecret(undefined, SECRET)).toBe(false);
    expect(isOriginSecret("", SECRET)).toBe(false);
    // Nothing configured is never a match, even for an empty header.
    expect(isOriginSecret("", "")).toBe(false);
    expect(isOriginSecret(SECRET, undefined)).toBe(false);
  });

  it("lets every request through when no secret is configured", () => {
    expect(refuseDirectCall(withHeaders({}), undefined)).toBeUndefined();
  });

  it("refuses a request without it, and finds the header whatever its case", () => {
    expect(refuseDirectCall(withHeaders({}), SECRET)?.statusCode).toBe(403);
    expect(refuseDirectCall(withHeaders({ "x-origin-verify": SECRET }), SECRET)).toBeUndefined();
    expect(refuseDirectCall(withHeaders({ "X-Origin-Verify": SECRET }), SECRET)).toBeUndefined();
  });
});
