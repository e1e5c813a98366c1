import { afterEach, describe, expect, it, vi } from "vitest";
import { lambdaTraceId } from "./log";

type LambdaGlobal = { awslambda?: { InvokeStore?: { getXRayTraceId?: () => string | undefined } } };

afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as LambdaGlobal).awslambda;
});

describe("lambdaTraceId", () => {
  it("is the Root of the runtime's trace header, which X-Ray searches by", () => {
    vi.stubEnv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0");
    expect(lambdaTraceId()).toBe("1-5759e988-bd862e3fe1be46a994272793");
  });

  it("prefers the invocation's own header when the runtime keeps one per invocation", () => {
    vi.stubEnv("_X_AMZN_TRACE_ID", "Root=1-00000000-000000000000000000000000;Sampled=0");
    (globalThis as LambdaGlobal).awslambda = { InvokeStore: { getXRayTraceId: () => "Root=1-67a1b2c3-0123456789abcdef01234567;Sampled=1" } };
    expect(lambdaTraceId()).toBe("1-67a1b2c3-0123456789abcdef01234567");
  });

  it("is undefined outside Lambda, and a bare id is taken as it is", () => {
    vi.stubEnv("_X_AMZN_TRACE_ID", "");
    expect(lambdaTraceId()).toBeUndefined();
    vi.stubEnv("_X_AMZN_TRACE_ID", "1-5759e988-bd862e3fe1be46a994272793");
    expect(lambdaTraceId()).toBe("1-5759e988-bd862e3fe1be46a994272793");
  });
});
