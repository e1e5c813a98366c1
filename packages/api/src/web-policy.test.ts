import { S3ObjectStore } from "@kns/core/storage";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHash } from "node:crypto";
import { inlineScriptHashes, MEDIA_FILE_NAME, webContentSecurityPolicy } from "./web-policy";

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

describe("the page's inline script in the CSP", () => {
  const script = `(function(){window.x="Kỹ Năng Số"})();`;
  const source = `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;

  // What a browser hashes is checked by the e2e test (learner.e2e.test.ts): a wrong hash would block the script there.
  it("is hashed from its exact text as UTF-8, and scripts from files are not", () => {
    const page = `<!doctype html><html><head><meta charset="utf-8" />\n<script>${script}</script><script src="/assets/boot-a.js" defer></script>
<script type="module" crossorigin src="/assets/index-b.js"></script></head><body><div id="app"></div></body></html>`;
    expect(inlineScriptHashes(page)).toEqual([source]);
    expect(inlineScriptHashes(`${page}<SCRIPT>${script}</SCRIPT >`)).toEqual([source]);
    expect(inlineScriptHashes("<!doctype html><title>no script</title>")).toEqual([]);
    // An attribute that merely ends in "src" does not make a script external.
    expect(inlineScriptHashes(`<script data-src="x">${script}</script>`)).toEqual([source]);
  });

  it("is allowed by its hash in script-src, and nothing else changes", () => {
    const plain = directives(webContentSecurityPolicy());
    const hashed = directives(webContentSecurityPolicy(undefined, [source]));
    expect(hashed.get("script-src")).toEqual(["'self'", source]);
    for (const [name, values] of plain) if (name !== "script-src") expect(hashed.get(name)).toEqual(values);
  });

  it.each([
    "'unsafe-inline'",
    "'sha256-abc='",
    "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; script-src *",
  ])("refuses %j as a script's hash", (hash) => {
    expect(() => webContentSecurityPolicy(undefined, [hash])).toThrow(/Not a script's sha256 source/);
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
