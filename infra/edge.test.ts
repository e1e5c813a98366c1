import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { KnsEdge, KnsEdgeStack, RATE_LIMITS, edgeParameterName, type KnsEdgeProps } from "./edge";
import { referencedIds, statementsOfRole, type CfnResource } from "./testing";

/** The us-east-1 stack: the WAF web ACL CloudFront is attached to and, with a custom domain, its certificate. */
const DOMAIN = "kynangso.example.gov.vn";

function synthEdge(overrides: Partial<KnsEdgeProps> = {}) {
  const app = new App();
  const stack = new KnsEdgeStack(app, "kns-dev-edge", { account: "123456789012", stage: "dev", mainRegion: "ap-southeast-1", geoAllow: [], ...overrides });
  return { stack, template: Template.fromStack(stack) };
}

type Rule = Record<string, any>;
function rules(template: Template): Rule[] {
  const acls = Object.values(template.findResources("AWS::WAFv2::WebACL") as Record<string, CfnResource>);
  expect(acls).toHaveLength(1);
  return acls[0]!.Properties!.Rules as Rule[];
}
const ruleNamed = (template: Template, name: string) => rules(template).find((rule) => rule.Name === name);

/**
 * What the WAFv2 API accepts (botocore's wafv2 2019-07-29 service model, shapes EntityDescription, EntityName,
 * MetricName, CustomHTTPHeaderName). A template that breaks one synthesizes fine and fails only at deploy time.
 */
const WAF_TEXT_PATTERNS = {
  description: /^[A-Za-z0-9_+=:#@/\-,.][A-Za-z0-9_+=:#@/\-,.\s]+[A-Za-z0-9_+=:#@/\-,.]$/,
  name: /^[A-Za-z0-9_-]+$/,
  metricName: /^[A-Za-z0-9_#:.\-/]+$/,
  headerName: /^[a-zA-Z0-9._$-]+$/,
};

/** Every WAF name, description, metric name, body key and header name in the web ACL, with where it is. */
function wafTexts(acl: Record<string, any>) {
  const out: { where: string; kind: keyof typeof WAF_TEXT_PATTERNS; value: string }[] = [];
  const visit = (node: unknown, where: string) => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${where}[${i}]`);
      return;
    }
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${where}.${key}`;
      if (key === "Description" && typeof value === "string") out.push({ where: at, kind: "description", value });
      else if (key === "Name" && typeof value === "string" && !where.endsWith("ResponseHeaders") && !/ResponseHeaders\[\d+\]$/.test(where))
        out.push({ where: at, kind: "name", value });
      else if (key === "Name" && typeof value === "string") out.push({ where: at, kind: "headerName", value });
      else if (key === "MetricName" && typeof value === "string") out.push({ where: at, kind: "metricName", value });
      else if (key === "CustomResponseBodies" && value && typeof value === "object")
        for (const body of Object.keys(value)) out.push({ where: `${at}.${body}`, kind: "name", value: body });
      visit(value, at);
    }
  };
  visit(acl, "WebACL");
  return out;
}

describe("the edge stack", () => {
  it("writes only names, descriptions, metric names and header names the WAF API accepts", () => {
    for (const overrides of [{}, { geoAllow: ["VN", "LA"] }, { stage: "prod" }] as Partial<KnsEdgeProps>[]) {
      const acl = Object.values(synthEdge(overrides).template.findResources("AWS::WAFv2::WebACL") as Record<string, CfnResource>)[0]!.Properties!;
      const texts = wafTexts(acl);
      expect(texts.map((t) => t.kind)).toEqual(expect.arrayContaining(["description", "name", "metricName", "headerName"]));
      const refused = texts.filter((t) => !WAF_TEXT_PATTERNS[t.kind].test(t.value));
      expect(refused).toEqual([]);
    }
  });

  it("lives in us-east-1, the only region CloudFront takes web ACLs and certificates from", () => {
    expect(synthEdge().stack.region).toBe("us-east-1");
    const app = new App();
    const elsewhere = new Stack(app, "elsewhere", { env: { account: "123456789012", region: "ap-southeast-1" } });
    expect(() => new KnsEdge(elsewhere, "Edge", { stage: "dev", mainRegion: "ap-southeast-1", geoAllow: [] })).toThrow(/us-east-1/);
  });

  it("makes one web ACL of CLOUDFRONT scope that allows by default, with metrics and sampled requests everywhere", () => {
    const { template } = synthEdge();
    template.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "CLOUDFRONT",
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: Match.anyValue() },
    });
    const all = rules(template);
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const rule of all) expect(rule.VisibilityConfig).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    expect(new Set(all.map((rule) => rule.VisibilityConfig.MetricName)).size).toBe(all.length);
    expect(new Set(all.map((rule) => rule.Priority)).size).toBe(all.length);
  });

  it.each(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"])(
    "applies the AWS managed rule group %s as it is (no override to count)",
    (group) => {
      const rule = ruleNamed(synthEdge().template, group);
      expect(rule?.Statement.ManagedRuleGroupStatement).toMatchObject({ VendorName: "AWS", Name: group });
      expect(rule?.OverrideAction).toEqual({ None: {} });
    },
  );

  it("only counts the common rule set's 8 KB body rule, since the app's own body limits are larger", () => {
    const overrides = ruleNamed(synthEdge().template, "AWSManagedRulesCommonRuleSet")?.Statement.ManagedRuleGroupStatement.RuleActionOverrides;
    expect(overrides).toEqual([{ Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } }]);
  });

  it.each([
    ["RateAuth", "/api/v1/auth/", RATE_LIMITS.auth.limit],
    ["RateProgress", "/api/v1/progress", RATE_LIMITS.progress.limit],
  ])("rate-limits %s per viewer address over 5 minutes, only on paths under %s", (name, prefix, limit) => {
    const rule = ruleNamed(synthEdge().template, name);
    expect(rule?.Statement.RateBasedStatement).toEqual({
      Limit: limit,
      EvaluationWindowSec: 300,
      AggregateKeyType: "IP",
      ScopeDownStatement: {
        ByteMatchStatement: {
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: "STARTS_WITH",
          SearchString: prefix,
          TextTransformations: [
            { Priority: 0, Type: "URL_DECODE" },
            { Priority: 1, Type: "NORMALIZE_PATH" },
          ],
        },
      },
    });
    // A commune's shared NAT signing in together stays far below; a script does not.
    expect(limit).toBeGreaterThanOrEqual(1_000);
    // Answered like the API's own limiter, so the web app's outbox waits and retries instead of giving up.
    expect(rule?.Action.Block.CustomResponse).toEqual({
      ResponseCode: 429,
      CustomResponseBodyKey: "RateLimited",
      ResponseHeaders: [{ Name: "Retry-After", Value: "300" }],
    });
  });

  it("answers a rate-limited request with the API's JSON error body", () => {
    const acl = Object.values(synthEdge().template.findResources("AWS::WAFv2::WebACL") as Record<string, CfnResource>)[0]!;
    const body = acl.Properties!.CustomResponseBodies.RateLimited;
    expect(body.ContentType).toBe("APPLICATION_JSON");
    expect(JSON.parse(body.Content)).toEqual({ error: { code: "request.rate_limited", message: expect.any(String) } });
  });

  it("has no geo rule by default, and blocks every other country when given an allow-list", () => {
    expect(ruleNamed(synthEdge().template, "GeoAllowList")).toBeUndefined();
    const rule = ruleNamed(synthEdge({ geoAllow: ["VN"] }).template, "GeoAllowList");
    expect(rule).toMatchObject({
      Priority: 0,
      Action: { Block: {} },
      Statement: { NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: ["VN"] } } } },
    });
  });

  it("makes no certificate without a domain", () => {
    const { template } = synthEdge();
    template.resourceCountIs("AWS::CertificateManager::Certificate", 0);
    expect(Object.keys(template.toJSON().Outputs)).toEqual(["WebAclArn"]);
  });

  it("makes a DNS-validated certificate for the domain, through Route 53 when the zone is there", () => {
    const plain = synthEdge({ domain: { name: DOMAIN } }).template;
    plain.resourceCountIs("AWS::CertificateManager::Certificate", 1);
    plain.hasResourceProperties("AWS::CertificateManager::Certificate", {
      DomainName: DOMAIN,
      ValidationMethod: "DNS",
      // The domain's DNS operator adds the validation record by hand: nothing to point at.
      DomainValidationOptions: Match.absent(),
    });
    expect(Object.keys(plain.toJSON().Outputs)).toEqual(expect.arrayContaining(["WebAclArn", "CertificateArn"]));

    const zoned = synthEdge({ domain: { name: DOMAIN, hostedZone: { id: "Z0123456789ABC", name: "example.gov.vn" } } }).template;
    zoned.hasResourceProperties("AWS::CertificateManager::Certificate", {
      DomainName: DOMAIN,
      ValidationMethod: "DNS",
      DomainValidationOptions: [{ DomainName: DOMAIN, HostedZoneId: "Z0123456789ABC" }],
    });
  });

  it("writes the ARNs into SSM parameters of fixed names in the main region, allowed to write those and nothing else", () => {
    const { template } = synthEdge({ domain: { name: DOMAIN }, mainRegion: "ap-southeast-3" });
    const json = template.toJSON();
    const writers = Object.entries(template.findResources("Custom::EdgeParameter") as Record<string, CfnResource>);
    expect(writers).toHaveLength(2);
    const byName = new Map(
      writers.map(([, writer]) => {
        const call = writer.Properties!.Update["Fn::Join"][1] as unknown[];
        const text = call.map((part) => (typeof part === "string" ? part : "§")).join("");
        return [JSON.parse(text.replace("§", "VALUE")).parameters.Name as string, { writer, call, text }];
      }),
    );
    expect([...byName.keys()].sort()).toEqual([edgeParameterName("dev", "certificate-arn"), edgeParameterName("dev", "web-acl-arn")]);
    const acl = byName.get(edgeParameterName("dev", "web-acl-arn"))!;
    expect(JSON.parse(acl.text.replace("§", "VALUE"))).toMatchObject({ service: "SSM", action: "putParameter", region: "ap-southeast-3" });
    expect(referencedIds(acl.call)).toEqual(new Set(Object.keys(template.findResources("AWS::WAFv2::WebACL"))));
    const certificate = byName.get(edgeParameterName("dev", "certificate-arn"))!;
    expect(referencedIds(certificate.call)).toEqual(new Set(Object.keys(template.findResources("AWS::CertificateManager::Certificate"))));
    for (const { writer } of byName.values())
      expect(JSON.parse(writer.Properties!.Delete)).toMatchObject({ action: "deleteParameter", region: "ap-southeast-3" });

    const [roleId] = Object.keys(json.Resources).filter((id) => json.Resources[id].Type === "AWS::IAM::Role");
    const statements = statementsOfRole(template, roleId!);
    const resources = JSON.stringify(statements.map((statement) => statement.Resource));
    expect(statements.flatMap((statement) => statement.Action).sort()).toEqual([
      "ssm:DeleteParameter",
      "ssm:DeleteParameter",
      "ssm:PutParameter",
      "ssm:PutParameter",
    ]);
    expect(resources).toContain(":ssm:ap-southeast-3:123456789012:parameter/ky-nang-so/dev/edge/web-acl-arn");
    expect(resources).toContain(":ssm:ap-southeast-3:123456789012:parameter/ky-nang-so/dev/edge/certificate-arn");
    expect(resources).not.toContain("*");
  });
});
