import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Annotations, Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { ORIGIN_VERIFY_HEADER } from "../packages/api/src/origin-verify";
import { API_PATH_PREFIX } from "./api";
import { IMMUTABLE_CACHE_CONTROL, inlineScriptHashes, MEDIA_FILE_NAME, MEDIA_RESPONSE_HEADERS, webContentSecurityPolicy } from "../packages/api/src/web-policy";

export { IMMUTABLE_CACHE_CONTROL };

/** The hashes of the inline scripts in the built page the deploy uploads (none if it has none). */
function pageScriptHashes(siteDir: string): string[] {
  const page = join(siteDir, "index.html");
  return existsSync(page) ? inlineScriptHashes(readFileSync(page, "utf8")) : [];
}

/** Vite writes content-hashed files here; a name never changes meaning, so browsers may keep them a year. */
export const HASHED_ASSETS_PATH = "/assets/*";
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

/** Where the app links course media (learner-view.ts); served from the bucket's MEDIA_KEY_PREFIX. */
export const MEDIA_PATH = `${API_PATH_PREFIX}/v1/media`;
export const MEDIA_KEY_PREFIX = "media/";

/**
 * Viewer-request function on the media behaviour: `/api/v1/media/<file>` becomes the object key `media/<file>`,
 * and only for a file name of the stored form (MEDIA_FILE_NAME). Anything else (`../`, a nested path, another
 * prefix, an encoded character) is answered 404 here, so the distribution can only ever ask S3 for `media/` keys,
 * whatever the bucket policy allows.
 */
export const MEDIA_REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var prefix = "${MEDIA_PATH}/";
  var file = request.uri.indexOf(prefix) === 0 ? request.uri.slice(prefix.length) : "";
  if (!/${MEDIA_FILE_NAME.source}/.test(file)) return { statusCode: 404, statusDescription: "Not Found" };
  request.uri = "/${MEDIA_KEY_PREFIX}" + file;
  return request;
}`;

export interface WebProps {
  /** The built web app (`web/dist`). */
  siteDir: string;
  /** Host name of the HTTP API (`Api.domainName`); `/api/*` is sent there. */
  apiDomainName: string;
  stage: string;
  /** The storage bucket (Storage.bucket): `/api/v1/media/*` is served from its `media/` prefix through OAC, and the
   *  browser PUTs uploads to its presigned URLs (CSP connect-src). */
  mediaBucket: s3.IBucket;
  /** Alternate domain names (the custom domain) and their us-east-1 certificate; both or neither. */
  domainNames?: string[];
  certificate?: acm.ICertificate;
  /** The WAF web ACL (CLOUDFRONT scope, made in us-east-1) attached to the distribution. */
  webAclArn?: string;
  /** Sent by CloudFront to the API origin as the `x-origin-verify` header; the API Lambda refuses requests without it. */
  originVerifySecret: string;
}

/**
 * The web app in a private S3 bucket behind CloudFront (origin access control), with `/api/*` routed to the HTTP
 * API so the app and the API share one origin: no CORS, and cookies and the service worker scope just work.
 * Course media (`/api/v1/media/*`) skips the API: CloudFront reads it from the storage bucket's `media/` prefix,
 * so a 50 MB video is cached at the edge and seeked with Range requests instead of passing through Lambda.
 */
export class Web extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    if (!props.domainNames?.length !== !props.certificate) throw new Error("Web: domainNames and certificate go together (both or neither)");
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
      // Uploads go straight to the bucket's presigned URLs, which the S3 client signs for the virtual-hosted
      // regional host (packages/core/src/storage): CloudFormation's RegionalDomainName is exactly that host.
      // The page's inline script (its data request) is allowed by its hash, read from the page this deploy uploads.
      contentSecurityPolicy: {
        contentSecurityPolicy: webContentSecurityPolicy(`https://${props.mediaBucket.bucketRegionalDomainName}`, pageScriptHashes(props.siteDir)),
        override: true,
      },
    };
    const headersWithCacheControl = (policyId: string, cacheControl: string) =>
      new cloudfront.ResponseHeadersPolicy(this, policyId, {
        comment: `Cache-Control: ${cacheControl}, plus security headers`,
        securityHeadersBehavior: securityHeaders,
        customHeadersBehavior: { customHeaders: [{ header: "Cache-Control", value: cacheControl, override: true }] },
      });

    // No cookie, header or query string in the key or sent to S3: the name alone says what the file is.
    const hashedAssetsCache = new cloudfront.CachePolicy(this, "HashedAssetsCache", {
      comment: "Content-hashed files (build output, course media): cache for a year at the edge",
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

    const media = this.mediaBehaviour(props.mediaBucket, hashedAssetsCache);
    const apiOrigin = new origins.HttpOrigin(props.apiDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      // CloudFront replaces a viewer's header of the same name, so only requests through here carry the secret.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifySecret },
    });

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: `Kỹ Năng Số (${props.stage})`,
      domainNames: props.domainNames,
      certificate: props.certificate,
      webAclId: props.webAclArn,
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
        // Before `/api/*`: CloudFront takes the first behaviour whose pattern matches, in this order.
        [`${MEDIA_PATH}/*`]: media.behaviour,
        [`${API_PATH_PREFIX}/*`]: {
          origin: apiOrigin,
          // A redirect would drop the body of a POST; API clients must use HTTPS from the start.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // API Gateway rejects a Host header that is not its own; everything else (Authorization, query) passes,
          // and so do CloudFront's own headers, CloudFront-Viewer-Address among them (client-address.ts). A custom
          // policy cannot say the same: `allExcept` covers viewer headers only, and naming CloudFront headers
          // (`allViewerAndWhitelistCloudFront`) brings the viewer's Host back.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          // The function gzips JSON itself (packages/api/src/middleware/compress.ts). It sees the viewer's
          // Accept-Encoding because CachingDisabled leaves EnableAcceptEncodingGzip/Brotli off, which makes the
          // header an ordinary viewer header, and the policy above passes every viewer header. (A cache policy
          // with them on would normalise it to `gzip` or `br,gzip`, but CloudFront refuses them when every TTL is 0,
          // and with every TTL 0 it does not compress at the edge either.) Edge compression is also switched off
          // here (CDK turns it on by default), so the body the function chose, compressed or not, is what the
          // viewer gets.
          // docs/performance.md, "Compression".
          compress: false,
        },
      },
    });

    const deploy = new s3deploy.BucketDeployment(this, "Deploy", {
      sources: [s3deploy.Source.asset(props.siteDir)],
      destinationBucket: this.bucket,
      // Keep the previous build's hashed chunks: a page loaded before the deploy may still lazy-load them.
      prune: false,
      memoryLimit: 512,
    });
    // The new page goes up only once the distribution and its headers policies (with the new page's script hash)
    // are updated, so a page is not served beside a policy older than itself for the whole of the upload. The
    // edges still take a few minutes to get a changed policy (docs/deploy.md).
    deploy.node.addDependency(this.distribution);

    media.grantRead(this.distribution);
    this.url = `https://${props.domainNames?.[0] ?? this.distribution.distributionDomainName}`;
  }

  /**
   * `/api/v1/media/*` from the storage bucket through origin access control: GET and HEAD only, cached a year
   * (names are content hashes), with the headers the local media route sends (web-policy.ts). Range requests
   * need nothing here: CloudFront always passes `Range` to an S3 origin and S3 answers 206 itself. Each object's
   * Content-Type is the one storeMedia stored with it, from its list of allowed types.
   */
  private mediaBehaviour(bucket: s3.IBucket, cachePolicy: cloudfront.ICachePolicy) {
    // CDK's OAC origin grants s3:GetObject on every key of the bucket (`arnForObjects("*")`) and takes no prefix, but
    // exports/, uploads/, imports/ and certificates/ must stay private. So the origin gets a view of the bucket
    // that cannot change its policy, and grantRead below allows the distribution `media/*` alone.
    const annotationId = "@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac";
    Annotations.of(this).acknowledgeWarning(annotationId, "The media bucket policy is granted by Web.mediaBehaviour, for media/* only");
    const view = s3.Bucket.fromBucketAttributes(this, "MediaBucketView", {
      bucketArn: bucket.bucketArn,
      bucketName: bucket.bucketName,
      bucketRegionalDomainName: bucket.bucketRegionalDomainName,
    });
    const rewrite = new cloudfront.Function(this, "MediaRewrite", {
      comment: "Course media: /api/v1/media/<file> to media/<file>, or 404",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(MEDIA_REWRITE_FUNCTION),
    });
    // MEDIA_RESPONSE_HEADERS in CloudFront's terms (X-Content-Type-Options has one value, nosniff: contentTypeOptions).
    const headers = MEDIA_RESPONSE_HEADERS;
    const responseHeaders = new cloudfront.ResponseHeadersPolicy(this, "MediaHeaders", {
      comment: "Course media: immutable, never sniffed, run as nothing when opened as a document",
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        contentSecurityPolicy: { contentSecurityPolicy: headers["Content-Security-Policy"], override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: "Cache-Control", value: headers["Cache-Control"], override: true }] },
    });
    const behaviour: cloudfront.BehaviorOptions = {
      origin: origins.S3BucketOrigin.withOriginAccessControl(view, { originAccessLevels: [cloudfront.AccessLevel.READ] }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy,
      // SVG and VTT are text: compressed when the viewer accepts it. Audio and video are sent as stored.
      compress: true,
      responseHeadersPolicy: responseHeaders,
      functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    };
    const grantRead = (distribution: cloudfront.IDistribution) => {
      const { statementAdded } = bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: "CloudFrontReadsMediaOnly",
          principals: [new iam.ServicePrincipal("cloudfront.amazonaws.com")],
          actions: ["s3:GetObject"],
          resources: [bucket.arnForObjects(`${MEDIA_KEY_PREFIX}*`)],
          conditions: { StringEquals: { "AWS:SourceArn": distribution.distributionArn } },
        }),
      );
      if (!statementAdded) throw new Error("Web: the media bucket's policy cannot be changed from here (an imported bucket?)");
    };
    return { behaviour, grantRead };
  }
}
