import { describe, expect, it } from "vitest";
import { IMMUTABLE_CACHE_CONTROL, NO_CACHE_CONTROL, SPA_FALLBACK_FUNCTION } from "./web";
import { referencedIds, resource, synthStack } from "./testing";

const { template } = synthStack("prod");
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
const distribution = resource(template, "AWS::CloudFront::Distribution", "WebDistribution").resource.Properties!.DistributionConfig;
const siteBucketId = resource(template, "AWS::S3::Bucket", "WebSiteBucket").id;
const httpApiId = resource(template, "AWS::ApiGatewayV2::Api", "HttpApi").id;

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
    for (const behaviour of distribution.CacheBehaviors) expect(behaviour.FunctionAssociations).toBeUndefined();
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
    expect(behaviour.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
  });
});

describe("security headers", () => {
  it("send the web app's Content-Security-Policy (no inline script) with every page and asset", () => {
    for (const path of ["/", "/index.html", "/assets/index-abc.js", "/sw.js"]) {
      const [policyId] = referencedIds(behaviourFor(path).ResponseHeadersPolicyId);
      const config = resources[policyId!]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
      const directives = (config.ContentSecurityPolicy.ContentSecurityPolicy as string).split(";").map((d) => d.trim());
      expect(directives).toContain("script-src 'self'");
      expect(directives).toContain("object-src 'none'");
      expect(config.ContentSecurityPolicy.Override).toBe(true);
    }
  });
});
