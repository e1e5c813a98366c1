import { createHash } from "node:crypto";
import { App, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as s3 from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { MEDIA_RESPONSE_HEADERS } from "../packages/api/src/web-policy";
import { IMMUTABLE_CACHE_CONTROL, MEDIA_REWRITE_FUNCTION, NO_CACHE_CONTROL, SPA_FALLBACK_FUNCTION, Web, type WebProps } from "./web";
import { TEST_ENV, asArray, type CfnResource, fixtureDir, referencedIds, resource, stubSite, synthStack } from "./testing";

const { template } = synthStack("prod");
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
const distribution = resource(template, "AWS::CloudFront::Distribution", "WebDistribution").resource.Properties!.DistributionConfig;
const siteBucketId = resource(template, "AWS::S3::Bucket", "WebSiteBucket").id;
const storageBucketId = resource(template, "AWS::S3::Bucket", "StorageBucket").id;
const httpApiId = resource(template, "AWS::ApiGatewayV2::Api", "HttpApi").id;
const distributionId = resource(template, "AWS::CloudFront::Distribution", "WebDistribution").id;

/** Managed policy ids (the same in every account). */
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

/** CloudFront's choice of behaviour: the first path pattern that matches (`*` any run, `?` one char), else the default. */
function behaviourFor(path: string) {
  const toRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
    );
  return distribution.CacheBehaviors.find((b: { PathPattern: string }) => toRegExp(b.PathPattern).test(path)) ?? distribution.DefaultCacheBehavior;
}

function originOf(behaviour: { TargetOriginId: string }) {
  return distribution.Origins.find((o: { Id: string }) => o.Id === behaviour.TargetOriginId);
}

function cacheControlOf(behaviour: { ResponseHeadersPolicyId?: unknown }) {
  const [policyId] = referencedIds(behaviour.ResponseHeadersPolicyId);
  if (!policyId) return undefined;
  const headers = resources[policyId]!.Properties.ResponseHeadersPolicyConfig.CustomHeadersConfig.Items as Array<{
    Header: string;
    Value: string;
    Override: boolean;
  }>;
  return headers.find((h) => h.Header === "Cache-Control" && h.Override)?.Value;
}

/** A CloudFormation value as text, with `{Id.Attribute}` / `{Id}` standing for what is only known at deploy time. */
function rendered(value: unknown): string {
  if (typeof value === "string") return value;
  const node = value as Record<string, any>;
  if (node.Ref) return `{${node.Ref}}`;
  if (node["Fn::GetAtt"]) return `{${node["Fn::GetAtt"].join(".")}}`;
  if (node["Fn::Join"]) return (node["Fn::Join"][1] as unknown[]).map(rendered).join(node["Fn::Join"][0]);
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

function directives(policy: string) {
  return new Map(
    policy.split(";").map((directive) => {
      const [name = "", ...values] = directive.trim().split(/\s+/);
      return [name, values.join(" ")] as const;
    }),
  );
}

function edgeTtlOf(behaviour: { CachePolicyId: unknown }) {
  if (behaviour.CachePolicyId === CACHING_DISABLED) return 0;
  const [policyId] = referencedIds(behaviour.CachePolicyId);
  return resources[policyId!]!.Properties.CachePolicyConfig.DefaultTTL as number;
}

describe("the site", () => {
  it("comes from a private bucket through origin access control, readable only by this distribution", () => {
    const origin = originOf(distribution.DefaultCacheBehavior);
    expect(referencedIds(origin.DomainName)).toEqual(new Set([siteBucketId]));
    expect(origin.S3OriginConfig.OriginAccessIdentity).toBe("");
    expect(resources[[...referencedIds(origin.OriginAccessControlId)][0]!]!.Type).toBe("AWS::CloudFront::OriginAccessControl");
    const bucket = resources[siteBucketId]!.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const policy = Object.values(resources).find((r) => r.Type === "AWS::S3::BucketPolicy" && r.Properties.Bucket.Ref === siteBucketId)!;
    const grant = policy.Properties.PolicyDocument.Statement.find(
      (s: { Principal?: { Service?: string } }) => s.Principal?.Service === "cloudfront.amazonaws.com",
    );
    expect(grant.Action).toBe("s3:GetObject");
    expect(JSON.stringify(grant.Condition)).toContain(resource(template, "AWS::CloudFront::Distribution", "WebDistribution").id);
  });

  it.each(["/assets/index-5f3a9c1e.js", "/assets/fonts/be-vietnam-pro-b1c2.woff2"])("caches hashed %s for a year, at the edge and in the browser", (path) => {
    const behaviour = behaviourFor(path);
    expect(cacheControlOf(behaviour)).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(edgeTtlOf(behaviour)).toBe(365 * 24 * 3600);
  });

  it.each(["/index.html", "/sw.js", "/", "/courses/ky-nang-so-co-ban/bai-1"])("never caches %s", (path) => {
    const behaviour = behaviourFor(path);
    expect(originOf(behaviour).S3OriginConfig).toBeDefined();
    expect(cacheControlOf(behaviour)).toBe(NO_CACHE_CONTROL);
    expect(edgeTtlOf(behaviour)).toBe(0);
  });

  it("redirects plain HTTP and sends security headers", () => {
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
    const [policyId] = referencedIds(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId);
    expect(resources[policyId!]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: "DENY" },
    });
  });

  it("deploys web/dist into the site bucket without deleting the previous build's chunks", () => {
    template.hasResourceProperties("Custom::CDKBucketDeployment", { DestinationBucketName: { Ref: siteBucketId }, Prune: false });
  });
});

describe("SPA fallback", () => {
  const handler = new Function(`${SPA_FALLBACK_FUNCTION}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
  const served = (uri: string) => handler({ request: { uri } }).uri;

  it("runs as a viewer-request CloudFront Function on the site behaviour only", () => {
    const [functionId] = referencedIds(distribution.DefaultCacheBehavior.FunctionAssociations[0].FunctionARN);
    expect(resources[functionId!]!.Properties).toMatchObject({ FunctionCode: SPA_FALLBACK_FUNCTION, FunctionConfig: { Runtime: "cloudfront-js-2.0" } });
    expect(distribution.DefaultCacheBehavior.FunctionAssociations[0].EventType).toBe("viewer-request");
    for (const behaviour of distribution.CacheBehaviors) {
      for (const association of behaviour.FunctionAssociations ?? []) expect(referencedIds(association.FunctionARN)).not.toContain(functionId);
    }
    expect(distribution.CustomErrorResponses).toBeUndefined();
  });

  it.each([
    ["/", "/index.html"],
    ["/courses/abc", "/index.html"],
    ["/admin/units/", "/index.html"],
    ["/sw.js", "/sw.js"],
    ["/manifest.webmanifest", "/manifest.webmanifest"],
    ["/assets/index-abc.css", "/assets/index-abc.css"],
  ])("serves %s as %s", (uri, expected) => {
    expect(served(uri)).toBe(expected);
  });
});

describe("/api/* on the same domain", () => {
  const behaviour = behaviourFor("/api/v1/auth/login");

  it("goes to the HTTP API over HTTPS, uncached, with every method", () => {
    const origin = originOf(behaviour);
    expect(referencedIds(origin.DomainName)).toEqual(new Set([httpApiId]));
    expect(JSON.stringify(origin.DomainName)).toContain(".execute-api.");
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe("https-only");
    expect(behaviour.CachePolicyId).toBe(CACHING_DISABLED);
    expect(behaviour.AllowedMethods).toEqual(expect.arrayContaining(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]));
    expect(behaviour.ViewerProtocolPolicy).toBe("https-only");
  });

  it("passes headers, cookies and query strings except Host (API Gateway answers 403 to a foreign Host)", () => {
    // The managed policy also passes CloudFront's own headers, CloudFront-Viewer-Address among them, which no custom
    // policy can combine with leaving Host out (see infra/web.ts); ALL_VIEWER_AND_CLOUDFRONT_2022 would send Host.
    expect(behaviour.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
  });

  it("passes the viewer's Accept-Encoding to the function and its gzipped JSON back untouched (docs/performance.md)", () => {
    // CachingDisabled leaves EnableAcceptEncodingGzip/Brotli off (CloudFront refuses them on a policy with every
    // TTL 0), so Accept-Encoding is an ordinary viewer header, which reaches the origin only through an origin
    // request policy that passes it: AllViewerExceptHostHeader passes every viewer header.
    for (const path of ["/api/v1/courses/cyber-safety", "/api/v1/quizzes/cyber-safety.m1", "/api/v1/me"]) {
      const apiBehaviour = behaviourFor(path);
      expect(apiBehaviour.PathPattern).toBe("/api/*");
      expect(apiBehaviour.CachePolicyId).toBe(CACHING_DISABLED);
      expect(apiBehaviour.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
      // No edge compression (CDK's default is on): the function decides what is compressed.
      expect(apiBehaviour.Compress).toBe(false);
    }
  });

  it("proves itself to the API with the x-origin-verify header, and to no other origin", () => {
    expect(originOf(behaviour).OriginCustomHeaders).toEqual([{ HeaderName: "x-origin-verify", HeaderValue: expect.anything() }]);
    for (const origin of distribution.Origins) {
      if (origin !== originOf(behaviour)) expect(origin.OriginCustomHeaders).toBeUndefined();
    }
  });
});

describe("course media from the storage bucket", () => {
  const FILE = "0123456789abcdef0123456789abcdef";
  const behaviour = behaviourFor(`/api/v1/media/${FILE}.mp4`);
  const storagePolicy = Object.values(resources).find((r) => r.Type === "AWS::S3::BucketPolicy" && r.Properties.Bucket.Ref === storageBucketId)!;

  it("has its own behaviour, placed before /api/* so CloudFront picks it for media", () => {
    const patterns = distribution.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern);
    expect(behaviour.PathPattern).toBe("/api/v1/media/*");
    expect(patterns.indexOf("/api/v1/media/*")).toBeLessThan(patterns.indexOf("/api/*"));
    for (const path of ["/api/v1/media/x.svg", "/api/v1/media/a/b"]) expect(behaviourFor(path)).toBe(behaviour);
    for (const path of ["/api/v1/mediax", "/api/v1/courses", "/api/v1/files/exports/a.csv"]) expect(behaviourFor(path).PathPattern).toBe("/api/*");
  });

  it("comes from the storage bucket through origin access control that signs every request", () => {
    const origin = originOf(behaviour);
    expect(referencedIds(origin.DomainName)).toEqual(new Set([storageBucketId]));
    expect(origin.S3OriginConfig.OriginAccessIdentity).toBe("");
    const [oacId] = referencedIds(origin.OriginAccessControlId);
    expect(resources[oacId!]!).toMatchObject({
      Type: "AWS::CloudFront::OriginAccessControl",
      Properties: { OriginAccessControlConfig: { OriginAccessControlOriginType: "s3", SigningBehavior: "always", SigningProtocol: "sigv4" } },
    });
  });

  it("lets the distribution read media/* and nothing else in the bucket (exports, uploads, certificates stay private)", () => {
    const grants = storagePolicy.Properties.PolicyDocument.Statement.filter(
      (s: { Principal?: { Service?: string } }) => s.Principal?.Service === "cloudfront.amazonaws.com",
    );
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ Effect: "Allow", Action: "s3:GetObject" });
    expect(asArray(grants[0].Resource).map(rendered)).toEqual([`{${storageBucketId}.Arn}/media/*`]);
    expect(rendered(grants[0].Condition.StringEquals["AWS:SourceArn"])).toMatch(new RegExp(`:cloudfront::\\d{12}:distribution/\\{${distributionId}\\}$`));
    // And nothing is public: the only statement naming everyone is the HTTPS-only deny.
    const toEveryone = storagePolicy.Properties.PolicyDocument.Statement.filter((s: { Principal?: unknown }) => JSON.stringify(s.Principal).includes('"*"'));
    expect(toEveryone.map((s: { Effect: string }) => s.Effect)).toEqual(["Deny"]);
  });

  it("reads only: GET and HEAD, sending S3 no cookie, header or query string", () => {
    expect(behaviour.AllowedMethods).toEqual(["GET", "HEAD"]);
    expect(behaviour.ViewerProtocolPolicy).toBe("redirect-to-https");
    expect(behaviour.OriginRequestPolicyId).toBeUndefined();
    const [policyId] = referencedIds(behaviour.CachePolicyId);
    expect(resources[policyId!]!.Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      CookiesConfig: { CookieBehavior: "none" },
      HeadersConfig: { HeaderBehavior: "none" },
      QueryStringsConfig: { QueryStringBehavior: "none" },
      EnableAcceptEncodingGzip: true,
    });
  });

  it("is cached a year at the edge and in the browser, compressed when it is text", () => {
    expect(edgeTtlOf(behaviour)).toBe(365 * 24 * 3600);
    expect(cacheControlOf(behaviour)).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(behaviour.Compress).toBe(true);
  });

  it("sends the same headers as the local media route: immutable, nosniff, the sandboxing CSP, and HSTS", () => {
    const [policyId] = referencedIds(behaviour.ResponseHeadersPolicyId);
    const config = resources[policyId!]!.Properties.ResponseHeadersPolicyConfig;
    expect(config.CustomHeadersConfig.Items).toEqual([{ Header: "Cache-Control", Value: MEDIA_RESPONSE_HEADERS["Cache-Control"], Override: true }]);
    expect(MEDIA_RESPONSE_HEADERS["X-Content-Type-Options"]).toBe("nosniff");
    expect(config.SecurityHeadersConfig.ContentTypeOptions).toEqual({ Override: true });
    expect(config.SecurityHeadersConfig.ContentSecurityPolicy).toEqual({
      ContentSecurityPolicy: MEDIA_RESPONSE_HEADERS["Content-Security-Policy"],
      Override: true,
    });
    const csp = directives(config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp.get("default-src")).toBe("'none'");
    expect(csp.get("sandbox")).toBe("");
    expect(csp.has("script-src")).toBe(false);
    expect(config.SecurityHeadersConfig.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, Override: true });
  });

  it("asks S3 only for media/ keys: a viewer-request function rewrites the path or answers 404", () => {
    expect(behaviour.FunctionAssociations).toHaveLength(1);
    expect(behaviour.FunctionAssociations[0].EventType).toBe("viewer-request");
    const [functionId] = referencedIds(behaviour.FunctionAssociations[0].FunctionARN);
    expect(resources[functionId!]!.Properties).toMatchObject({ FunctionCode: MEDIA_REWRITE_FUNCTION, FunctionConfig: { Runtime: "cloudfront-js-2.0" } });
  });
});

describe("the media rewrite function", () => {
  type Result = { uri?: string; statusCode?: number };
  const handler = new Function(`${MEDIA_REWRITE_FUNCTION}; return handler;`)() as (event: { request: { uri: string } }) => Result;
  const FILE = "0123456789abcdef0123456789abcdef";

  it.each([`${FILE}.mp4`, `${FILE}.webm`, `${FILE}.svg`, `${FILE}.vtt`])("sends /api/v1/media/%s to the same name under media/ in the bucket", (file) => {
    expect(handler({ request: { uri: `/api/v1/media/${file}` } })).toEqual({ uri: `/media/${file}` });
  });

  it.each([
    "/api/v1/media/../exports/x.csv",
    `/api/v1/media/..%2f${FILE}.mp4`,
    "/api/v1/media/%2e%2e/exports/x.csv",
    "/api/v1/media/exports/x",
    `/api/v1/media/exports/${FILE}.csv`,
    `/api/v1/media/a/${FILE}.mp4`,
    `/api/v1/media//${FILE}.mp4`,
    `/api/v1/media/${FILE}.mp4/`,
    `/api/v1/media/${FILE}.mp4.html`,
    `/api/v1/media/${FILE.toUpperCase()}.mp4`,
    `/api/v1/media/${FILE.slice(1)}.mp4`,
    `/api/v1/media/${FILE}`,
    `/api/v1/media/${FILE}.`,
    "/api/v1/media/",
    "/api/v1/media/.htaccess",
    `/api/v1/mediax/${FILE}.mp4`,
    `/exports/${FILE}.mp4`,
    `/media/${FILE}.mp4`,
  ])("refuses %s with a 404 and no request to S3", (uri) => {
    expect(handler({ request: { uri } })).toEqual({ statusCode: 404, statusDescription: "Not Found" });
  });
});

describe("uploads from the browser", () => {
  it("are allowed by connect-src for exactly the bucket's regional host, the one its presigned URLs name", () => {
    const storageHost = `https://{${storageBucketId}.RegionalDomainName}`;
    for (const path of ["/", "/index.html", "/assets/index-abc.js", "/sw.js"]) {
      const [policyId] = referencedIds(behaviourFor(path).ResponseHeadersPolicyId);
      const policy = rendered(resources[policyId!]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
      expect(directives(policy).get("connect-src")).toBe(`'self' ${storageHost}`);
    }
  });

  it("still pass the bucket's CORS rule: PUT with a content type, from the page's origin", () => {
    expect(resources[storageBucketId]!.Properties.CorsConfiguration.CorsRules).toContainEqual(
      expect.objectContaining({ AllowedMethods: ["PUT"], AllowedHeaders: ["content-type"], AllowedOrigins: ["*"] }),
    );
  });
});

describe("a custom domain and the web ACL", () => {
  const SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef";
  function synthWeb(props: Partial<WebProps>) {
    const stack = new Stack(new App(), "WebOnly", { env: TEST_ENV });
    const mediaBucket = new s3.Bucket(stack, "Media");
    const web = new Web(stack, "Web", {
      siteDir: stubSite(),
      apiDomainName: "abc123.execute-api.ap-southeast-1.amazonaws.com",
      stage: "test",
      mediaBucket,
      originVerifySecret: SECRET,
      ...props,
    });
    const config = resource(Template.fromStack(stack), "AWS::CloudFront::Distribution", "WebDistribution").resource.Properties!.DistributionConfig;
    return { stack, web, config };
  }
  const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0e1c6f1c-7a53-4b8e-9d3f-2c1b0a9e8d7f";
  const webAclArn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/kns-test/0e1c6f1c-7a53-4b8e-9d3f-2c1b0a9e8d7f";

  it("serve the site on the domain, with its certificate, behind the web ACL, and links name the domain", () => {
    const { stack, web, config } = synthWeb({
      domainNames: ["kynangso.example.gov.vn"],
      certificate: acm.Certificate.fromCertificateArn(new Stack(new App(), "Edge", { env: { ...TEST_ENV, region: "us-east-1" } }), "Cert", certificateArn),
      webAclArn,
    });
    expect(config.Aliases).toEqual(["kynangso.example.gov.vn"]);
    expect(config.ViewerCertificate).toMatchObject({ AcmCertificateArn: certificateArn, SslSupportMethod: "sni-only" });
    expect(config.WebACLId).toBe(webAclArn);
    expect(stack.resolve(web.url)).toBe("https://kynangso.example.gov.vn");
  });

  it("are left out when not given: the cloudfront.net name, its certificate, no web ACL", () => {
    const { stack, web, config } = synthWeb({});
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    expect(config.WebACLId).toBeUndefined();
    expect(JSON.stringify(stack.resolve(web.url))).toContain("DomainName");
  });

  it("go together: a domain without a certificate (or the reverse) is refused", () => {
    expect(() => synthWeb({ domainNames: ["kynangso.example.gov.vn"] })).toThrow(/both or neither/);
  });

  it("send the given origin-verify secret to the API origin only", () => {
    const { config } = synthWeb({});
    const withHeaders = config.Origins.filter((o: { OriginCustomHeaders?: unknown }) => o.OriginCustomHeaders);
    expect(withHeaders).toEqual([expect.objectContaining({ DomainName: "abc123.execute-api.ap-southeast-1.amazonaws.com" })]);
    expect(withHeaders[0].OriginCustomHeaders).toEqual([{ HeaderName: "x-origin-verify", HeaderValue: SECRET }]);
  });

  it("grant the media bucket without CDK's warning about an imported bucket's policy", () => {
    const { stack } = synthWeb({});
    Annotations.fromStack(stack).hasNoWarning("*", Match.stringLikeRegexp("bucket policy"));
  });
});

describe("security headers", () => {
  it("allow the built page's inline script by its hash, read from the page the deploy uploads, and no other", () => {
    const script = `(function(){window.__knsEarlyData=1})();`;
    const site = fixtureDir("site-inline", {
      "index.html": `<!doctype html><html><head><meta charset="utf-8" />\n<script>${script}</script></head><body></body></html>\n`,
      "sw.js": "",
    });
    const inline = synthStack("prod", { siteDir: site }).template.toJSON() as { Resources: Record<string, CfnResource> };
    const hash = `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
    const policies = Object.values(inline.Resources)
      .filter((r) => r.Type === "AWS::CloudFront::ResponseHeadersPolicy")
      .map((r) => r.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy)
      .filter(Boolean)
      .map((csp) =>
        rendered(csp.ContentSecurityPolicy)
          .split(";")
          .map((d: string) => d.trim()),
      );
    const pages = policies.filter((directives) => directives.some((d: string) => d.startsWith("script-src")));
    expect(pages.length).toBeGreaterThan(0);
    for (const directives of pages) expect(directives).toContain(`script-src 'self' ${hash}`);
  });

  it("are in place before the deploy uploads the page they name: the upload waits for the distribution", () => {
    const uploads = Object.values(template.toJSON().Resources as Record<string, CfnResource>).filter((r) => r.Type === "Custom::CDKBucketDeployment");
    const distributions = Object.keys(template.findResources("AWS::CloudFront::Distribution"));
    expect(uploads).toHaveLength(1);
    expect(distributions).toHaveLength(1);
    expect(uploads[0]!.DependsOn).toContain(distributions[0]);
  });

  it("send the web app's Content-Security-Policy (no inline script without its hash) with every page and asset", () => {
    for (const path of ["/", "/index.html", "/assets/index-abc.js", "/sw.js"]) {
      const [policyId] = referencedIds(behaviourFor(path).ResponseHeadersPolicyId);
      const config = resources[policyId!]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
      // A Fn::Join: connect-src names the storage bucket's host, known at deploy time.
      const directives = rendered(config.ContentSecurityPolicy.ContentSecurityPolicy)
        .split(";")
        .map((d) => d.trim());
      expect(directives).toContain("script-src 'self'");
      expect(directives).toContain("object-src 'none'");
      expect(config.ContentSecurityPolicy.Override).toBe(true);
    }
  });
});
