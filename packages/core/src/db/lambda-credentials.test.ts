import { afterEach, describe, expect, it } from "vitest";
import { defaultProvider } from "./lambda-credentials";

/** The provider the Lambda bundles use in place of the SDK's default chain (infra/bundle.ts, LAMBDA_CREDENTIALS). */
const KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] as const;
const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));

afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe("the Lambda credential provider", () => {
  it("returns the role credentials Lambda puts in the environment", async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: "ASIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_SESSION_TOKEN: "token" });
    // A profile would send the default chain to the ini files first; this provider never looks at them.
    process.env.AWS_PROFILE = "someone-elses";
    await expect(defaultProvider({})()).resolves.toMatchObject({ accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token" });
  });

  it("fails with the environment provider's error when they are missing, looking nowhere else", async () => {
    for (const key of KEYS) delete process.env[key];
    await expect(defaultProvider({})()).rejects.toThrow(/environment variable credentials/);
  });
});
