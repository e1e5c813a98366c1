import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { API_PATH_PREFIX } from "./api";
import { WEB_CONTENT_SECURITY_POLICY } from "../packages/api/src/web-policy";

/** Vite writes content-hashed files here; a name never changes meaning, so browsers may keep them a year. */
export const HASHED_ASSETS_PATH = "/assets/*";
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** index.html, sw.js and every app route: the browser must ask again each time so a deploy is seen at once. */
export const NO_CACHE_CONTROL = "no-cache";

/**
 * SPA fallback as a CloudFront Function on the site behaviour only: a path whose last segment has no file
 * extension is an app route and gets the shell. Doing this with error responses (403/404 → index.html) would
 * also turn the API's JSON 404s into HTML.
 */
export const SPA_FALLBACK_FUNCTION = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

export interface WebProps {
  /** The built web app (`web/dist`). */
  siteDir: string;
  /** Host name of the HTTP API (`Api.domainName`); `/api/*` is sent there. */
  apiDomainName: string;
  stage: string;
}

/**
 * The web app in a private S3 bucket behind CloudFront (origin access control), with `/api/*` routed to the HTTP
 * API so the app and the API share one origin: no CORS, and cookies and the service worker scope just work.
 */
export class Web extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    // Everything in this bucket is rebuilt from git by each deploy, so it goes with the stack on every stage.
    this.bucket = new s3.Bucket(this, "SiteBucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const securityHeaders: cloudfront.ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      contentSecurityPolicy: { contentSecurityPolicy: WEB_CONTENT_SECURITY_POLICY, override: true },
    };
    const headersWithCacheControl = (policyId: string, cacheControl: string) =>
      new cloudfront.ResponseHeadersPolicy(this, policyId, {
        comment: `Cache-Control: ${cacheControl}, plus security headers`,
        securityHeadersBehavior: securityHeaders,
        customHeadersBehavior: { customHeaders: [{ header: "Cache-Control", value: cacheControl, override: true }] },
      });

    const hashedAssetsCache = new cloudfront.CachePolicy(this, "HashedAssetsCache", {
      comment: "Content-hashed build output: cache for a year at the edge",
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      minTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const spaFallback = new cloudfront.Function(this, "SpaFallback", {
      comment: "App routes get index.html",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_FUNCTION),
    });

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: `Kỹ Năng Số (${props.stage})`,
      defaultRootObject: "index.html",
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Includes the Vietnamese edge locations; PriceClass_All adds only South America and Oceania.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: headersWithCacheControl("NoCacheHeaders", NO_CACHE_CONTROL),
        functionAssociations: [{ function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [HASHED_ASSETS_PATH]: {
          origin: siteOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: hashedAssetsCache,
          responseHeadersPolicy: headersWithCacheControl("ImmutableHeaders", IMMUTABLE_CACHE_CONTROL),
        },
        [`${API_PATH_PREFIX}/*`]: {
          origin: new origins.HttpOrigin(props.apiDomainName, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
          // A redirect would drop the body of a POST; API clients must use HTTPS from the start.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // API Gateway rejects a Host header that is not its own; everything else (Authorization, query) passes.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });

    new s3deploy.BucketDeployment(this, "Deploy", {
      sources: [s3deploy.Source.asset(props.siteDir)],
      destinationBucket: this.bucket,
      // Keep the previous build's hashed chunks: a page loaded before the deploy may still lazy-load them.
      prune: false,
      memoryLimit: 512,
    });

    this.url = `https://${this.distribution.distributionDomainName}`;
  }
}
