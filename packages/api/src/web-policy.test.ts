import { S3ObjectStore } from "@kns/core/storage";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MEDIA_FILE_NAME, webContentSecurityPolicy } from "./web-policy";

function directives(policy: string) {
  return new Map(
    policy.split(";").map((directive) => {
      const [name = "", ...values] = directive.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

afterEach(() => vi.unstubAllEnvs());

describe("the web app's Content-Security-Policy", () => {
  it("lets the page connect to its own origin only when uploads go there too (the local server)", () => {
    expect(directives(webContentSecurityPolicy()).get("connect-src")).toEqual(["'self'"]);
  });

  it("adds exactly the upload origin to connect-src and nothing else changes", () => {
    const local = directives(webContentSecurityPolicy());
    const aws = directives(webContentSecurityPolicy("https://kns-prod-bucket-1a2b3c.s3.ap-southeast-1.amazonaws.com"));
    expect(aws.get("connect-src")).toEqual(["'self'", "https://kns-prod-bucket-1a2b3c.s3.ap-southeast-1.amazonaws.com"]);
    for (const [name, values] of local) if (name !== "connect-src") expect(aws.get(name)).toEqual(values);
    expect(aws.get("script-src")).toEqual(["'self'"]);
  });

  it.each([
    "https:",
    "https://*.amazonaws.com",
    "https://*.s3.ap-southeast-1.amazonaws.com",
    "http://bucket.s3.ap-southeast-1.amazonaws.com",
    "https://bucket.s3.ap-southeast-1.amazonaws.com/uploads",
    "https://bucket.s3.ap-southeast-1.amazonaws.com; script-src *",
    "https://a.example https://b.example",
    "'unsafe-inline'",
    "",
  ])("refuses %j as an upload origin", (origin) => {
    expect(() => webContentSecurityPolicy(origin)).toThrow(/Not a single https origin/);
  });

  it("admits the host the app's S3 client actually presigns uploads for", async () => {
    // What S3ObjectStore.signedUploadUrl gives the browser in AWS, signed offline with dummy keys. Its host is
    // CloudFormation's RegionalDomainName form (`<bucket>.s3.<region>.amazonaws.com`) that infra/web.ts puts in the CSP.
    vi.stubEnv("AWS_REGION", "ap-southeast-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    const bucket = "kns-prod-knsstoragebucket19db2ff8-1x2y3z4w5v6u";
    const url = new URL(await new S3ObjectStore(bucket).signedUploadUrl("uploads/0e1c6f1c-7a53-4b8e-9d3f-2c1b0a9e8d7f", "video/mp4", 1000, 900));
    expect(url.origin).toBe(`https://${bucket}.s3.ap-southeast-1.amazonaws.com`);
    expect(directives(webContentSecurityPolicy(`https://${bucket}.s3.ap-southeast-1.amazonaws.com`)).get("connect-src")).toContain(url.origin);
  });
});

describe("media file names", () => {
  it.each(["0123456789abcdef0123456789abcdef.mp4", "0123456789abcdef0123456789abcdef.webm", "0123456789abcdef0123456789abcdef.svg"])("accepts %s", (name) => {
    expect(MEDIA_FILE_NAME.test(name)).toBe(true);
  });

  it.each([
    "0123456789ABCDEF0123456789abcdef.mp4",
    "0123456789abcdef0123456789abcde.mp4",
    "0123456789abcdef0123456789abcdef",
    "0123456789abcdef0123456789abcdef.mp4.html",
    "../0123456789abcdef0123456789abcdef.mp4",
    "x/0123456789abcdef0123456789abcdef.mp4",
  ])("refuses %s", (name) => {
    expect(MEDIA_FILE_NAME.test(name)).toBe(false);
  });
});
