import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

/** The Lambda `context` a function of ours gets in AWS, for tests that call a handler the way the runtime does. */
export function lambdaContext(region = "ap-southeast-1"): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "kns-test-Api",
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:kns-test-Api`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/kns-test-Api",
    logStreamName: "2026/01/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * What API Gateway sends for a request that arrived through CloudFront at /api/… (payload format 2.0), from
 * `sourceIp` (a CloudFront edge by default), with `headers` (lower-case, as API Gateway gives them) added.
 */
export function httpApiEvent(
  method: string,
  path: string,
  body?: unknown,
  options: { sourceIp?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const sourceIp = options.sourceIp ?? "130.176.1.1";
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "ANY /api/{proxy+}",
    rawPath: path,
    rawQueryString: "",
    headers: {
      accept: "application/json",
      "accept-encoding": "gzip, br",
      "content-length": body === undefined ? "0" : String(Buffer.byteLength(JSON.stringify(body))),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      host: "abc123.execute-api.ap-southeast-1.amazonaws.com",
      "user-agent": "Amazon CloudFront",
      via: "2.0 0123456789abcdef.cloudfront.net (CloudFront)",
      "x-amz-cf-id": "Zz9v1Ltn3pUGWlb3S3mKdJxYkT4GqVh0nWTwS-N4n8GJxXcJ2mP1Vw==",
      "x-amzn-trace-id": `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-0123456789abcdef01234567`,
      "x-forwarded-for": `113.161.1.2, ${sourceIp}`,
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
      ...options.headers,
    },
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.ap-southeast-1.amazonaws.com",
      domainPrefix: "abc123",
      http: { method, path, protocol: "HTTP/1.1", sourceIp, userAgent: "Amazon CloudFront" },
      requestId: "JvTnZhJvSQ0EJ5w=",
      routeKey: "ANY /api/{proxy+}",
      stage: "$default",
      time: now.toUTCString().replace(/GMT$/, "+0000"),
      timeEpoch: now.getTime(),
    },
    pathParameters: { proxy: path.replace(/^\/api\//, "") },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
  };
}
