import { CfnOutput, Stack, Token, type StackProps } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as ssm from "aws-cdk-lib/aws-ssm";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { EDGE_REGION, type DomainSettings } from "./stage-settings";

/**
 * Rate-based rules: requests per address per 5 minutes. They are a flood guard in front of the Lambda, not the
 * brute-force guard (the app limits sign-ins per phone and per address itself: packages/core/src/rate-limit), so
 * they sit well above what one place full of honest people sends. A commune training day puts a hundred or more
 * members behind one NAT (the hall's Wi-Fi, or a mobile carrier's carrier-grade NAT shared with strangers), all
 * signing in, registering with a join code, refreshing sessions and, when the network comes back, flushing their
 * offline outboxes in a burst (a month offline is 5 progress requests per learner, PROGRESS_LIMITS). A hundred
 * members making ~5 auth calls each in the same 5 minutes is 500, so auth allows 1,000; progress allows 3,000 (a
 * hundred learners' outboxes plus their lessons as they go). One address past that is a script, not a class.
 */
export const RATE_LIMITS = {
  auth: { pathPrefix: "/api/v1/auth/", limit: 1_000 },
  progress: { pathPrefix: "/api/v1/progress", limit: 3_000 },
} as const;
export const RATE_WINDOW_SECONDS = 300;

/**
 * The web app's outbox treats 429 as "try again later" but a 403 as "refused for good" (web/src/features/offline/
 * outbox.ts), so the rate rules answer like the API's own limiter: 429, `Retry-After`, the API's JSON error body.
 */
const RATE_LIMITED_BODY = "RateLimited";
const RATE_LIMITED_JSON = JSON.stringify({
  error: { code: "request.rate_limited", message: "Too many requests from your network. Please wait a few minutes and try again." },
});

/** The SSM parameters through which the edge stack hands its ARNs to the main stack (see `publish` below). */
export type EdgeValue = "web-acl-arn" | "certificate-arn";
export const edgeParameterName = (stage: string, value: EdgeValue) => `/ky-nang-so/${stage}/edge/${value}`;

export interface KnsEdgeProps {
  stage: string;
  /** The main stack's region (KNS_REGION): the ARNs are written there for it to read. */
  mainRegion: string;
  /** The custom domain; without it there is no certificate. */
  domain?: DomainSettings;
  /** ISO country codes allowed in; empty means every country (no geo rule at all). */
  geoAllow: string[];
}

/**
 * What CloudFront needs from us-east-1: the WAF web ACL (CLOUDFRONT scope) and, with a custom domain, its ACM
 * certificate. A construct, so it mounts both in a plain CDK stack (`KnsEdgeStack`, `npm run synth`) and in an SST
 * v2 stack (sst.config.ts), like `KnsPlatform`.
 *
 * The ARNs reach the main stack through SSM parameters of fixed names in the main region, written by this stack
 * and read by the main stack as `AWS::SSM::Parameter::Value<String>` parameters, which CloudFormation resolves on
 * every deploy. CDK's `crossRegionReferences` does the same with generated names, but it needs both stacks in one
 * CDK app synthesized together, which SST v2 cannot do (it deploys each region in its own run: stage-settings.ts,
 * `stacksForRegion`); fixed names work the same under SST, `npm run synth` and `cdk deploy`.
 */
export class KnsEdge extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly certificate?: acm.Certificate;

  constructor(scope: Construct, id: string, props: KnsEdgeProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || region !== EDGE_REGION) {
      throw new Error(`The edge stack must be in ${EDGE_REGION} (CloudFront takes certificates and web ACLs from there only), not ${region}.`);
    }
    const metric = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `kns-${props.stage}-${name}`,
      sampledRequestsEnabled: true,
    });

    const rules: wafv2.CfnWebACL.RuleProperty[] = [];
    if (props.geoAllow.length) {
      // First, so a request from elsewhere costs one cheap rule and never counts toward anyone's rate limit.
      rules.push({
        name: "GeoAllowList",
        priority: 0,
        action: { block: {} },
        statement: { notStatement: { statement: { geoMatchStatement: { countryCodes: props.geoAllow } } } },
        visibilityConfig: metric("GeoAllowList"),
      });
    }
    rules.push(
      managedGroup("AWSManagedRulesAmazonIpReputationList", 1, metric),
      rateRule("RateAuth", 2, RATE_LIMITS.auth, metric),
      rateRule("RateProgress", 3, RATE_LIMITS.progress, metric),
      // SizeRestrictions_BODY blocks any body over 8 KB, and the app has legitimate larger ones: the offline
      // outbox's progress batches (50 events), quiz and activity batches, course drafts (up to 380 KB), spreadsheet
      // imports (2 MB) and media uploads (50 MB). Every route already refuses bodies over its own limit before
      // reading them (packages/api/src/middleware/body-limit.ts: 256 KB by default, more on the routes named in
      // app.ts LARGE_BODY_ROUTES), so that rule only counts here. The group's other rules keep blocking; if sampled
      // requests show one of them blocking honest course content, override it the same way.
      managedGroup("AWSManagedRulesCommonRuleSet", 4, metric, ["SizeRestrictions_BODY"]),
      managedGroup("AWSManagedRulesKnownBadInputsRuleSet", 5, metric),
    );

    this.webAcl = new wafv2.CfnWebACL(this, "WebAcl", {
      name: `ky-nang-so-${props.stage}`,
      // WAF allows only ASCII word characters, spaces and +=:#@/-,. in a description (no diacritics, no brackets):
      // CloudFormation would refuse the web ACL at deploy time. WAF_TEXT_PATTERNS in the test holds the API's rules.
      description: `Ky Nang So ${props.stage}: managed rules, rate limits on sign-in and progress${props.geoAllow.length ? `, only ${props.geoAllow.join(", ")}` : ""}`,
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      customResponseBodies: { [RATE_LIMITED_BODY]: { contentType: "APPLICATION_JSON", content: RATE_LIMITED_JSON } },
      rules,
      visibilityConfig: metric("WebAcl"),
    });
    this.publish(props, "web-acl-arn", this.webAcl.attrArn);

    if (props.domain) {
      const zone = props.domain.hostedZone;
      this.certificate = new acm.Certificate(this, "Certificate", {
        domainName: props.domain.name,
        // With the zone in Route 53, CloudFormation adds the validation record itself. Without it the stack waits
        // (up to 72 hours) until the domain's DNS operator adds the CNAME shown in the stack's events and in the
        // ACM console (docs/deploy.md, "Edge: domain, certificate, WAF").
        validation: acm.CertificateValidation.fromDns(
          zone ? route53.HostedZone.fromHostedZoneAttributes(this, "Zone", { hostedZoneId: zone.id, zoneName: zone.name }) : undefined,
        ),
      });
      this.publish(props, "certificate-arn", this.certificate.certificateArn);
    }
  }

  /**
   * Writes `value` into the main region's SSM parameter for it, on every change, and deletes it with this stack.
   * A custom resource, because a CloudFormation stack only creates resources in its own region.
   */
  private publish(props: KnsEdgeProps, key: EdgeValue, value: string) {
    const name = edgeParameterName(props.stage, key);
    const stack = Stack.of(this);
    const parameterArn = stack.formatArn({ service: "ssm", region: props.mainRegion, resource: "parameter", resourceName: name.slice(1) });
    new cr.AwsCustomResource(this, `Publish-${key}`, {
      resourceType: "Custom::EdgeParameter",
      onUpdate: {
        service: "SSM",
        action: "putParameter",
        region: props.mainRegion,
        parameters: {
          Name: name,
          Value: value,
          Type: "String",
          Overwrite: true,
          Description: `Written by the edge stack ${stack.stackName} in ${EDGE_REGION}`,
        },
        physicalResourceId: cr.PhysicalResourceId.of(name),
      },
      onDelete: {
        service: "SSM",
        action: "deleteParameter",
        region: props.mainRegion,
        parameters: { Name: name },
        ignoreErrorCodesMatching: "ParameterNotFound",
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [parameterArn] }),
      // The SDK in the Lambda runtime has SSM; downloading the newest at deploy time would add a network
      // dependency and a slower, less predictable deploy for nothing.
      installLatestAwsSdk: false,
    });
  }
}

function managedGroup(
  name: string,
  priority: number,
  metric: (name: string) => wafv2.CfnWebACL.VisibilityConfigProperty,
  countOnly: string[] = [],
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name,
        ...(countOnly.length ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
      },
    },
    visibilityConfig: metric(name),
  };
}

function rateRule(
  name: string,
  priority: number,
  rate: { pathPrefix: string; limit: number },
  metric: (name: string) => wafv2.CfnWebACL.VisibilityConfigProperty,
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: {
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: RATE_LIMITED_BODY,
          responseHeaders: [{ name: "Retry-After", value: String(RATE_WINDOW_SECONDS) }],
        },
      },
    },
    statement: {
      rateBasedStatement: {
        limit: rate.limit,
        evaluationWindowSec: RATE_WINDOW_SECONDS,
        // At CLOUDFRONT scope the source address WAF sees is the viewer's own, not an edge's: no header to trust.
        aggregateKeyType: "IP",
        scopeDownStatement: {
          byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: "STARTS_WITH",
            searchString: rate.pathPrefix,
            // The app routes on the decoded, normalised path, so `/api/v1/%61uth/login` or `/api//v1/auth/login`
            // must not slip past the prefix.
            textTransformations: [
              { priority: 0, type: "URL_DECODE" },
              { priority: 1, type: "NORMALIZE_PATH" },
            ],
          },
        },
      },
    },
    visibilityConfig: metric(name),
  };
}

/** Stack outputs of the edge, shared by `KnsEdgeStack` and the SST stack. */
export function edgeOutputs(edge: KnsEdge): Record<string, string> {
  return { WebAclArn: edge.webAcl.attrArn, ...(edge.certificate ? { CertificateArn: edge.certificate.certificateArn } : {}) };
}

/** The edge's ARNs as the main stack sees them: SSM parameters in its own region, resolved at each deploy. */
export function edgeReferences(scope: Construct, stage: string, withCertificate: boolean): { webAclArn: string; certificate?: acm.ICertificate } {
  const webAclArn = ssm.StringParameter.valueForStringParameter(scope, edgeParameterName(stage, "web-acl-arn"));
  if (!withCertificate) return { webAclArn };
  const certificateArn = ssm.StringParameter.valueForStringParameter(scope, edgeParameterName(stage, "certificate-arn"));
  return { webAclArn, certificate: acm.Certificate.fromCertificateArn(scope, "EdgeCertificate", certificateArn) };
}

export interface KnsEdgeStackProps extends Omit<StackProps, "env">, KnsEdgeProps {
  /** The account; the region is always us-east-1. */
  account?: string;
}

/** `KnsEdge` as a standalone CloudFormation stack in us-east-1 (`npm run synth`, tests). */
export class KnsEdgeStack extends Stack {
  readonly edge: KnsEdge;

  constructor(scope: Construct, id: string, props: KnsEdgeStackProps) {
    super(scope, id, { ...props, env: { account: props.account, region: EDGE_REGION } });
    this.edge = new KnsEdge(this, "Edge", props);
    for (const [name, value] of Object.entries(edgeOutputs(this.edge))) new CfnOutput(this, name, { value });
  }
}
