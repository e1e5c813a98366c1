import { ORIGIN_VERIFY_HEADER, isOriginSecret } from "./origin-verify";

/**
 * The viewer's address behind CloudFront. API Gateway's `sourceIp` is CloudFront's edge, shared by everyone
 * behind it, so per-address limits would throttle whole towns at once. CloudFront sends the real viewer in
 * `CloudFront-Viewer-Address` ("203.0.113.7:46532", "2001:db8::1:46532"), but anyone calling the execute-api
 * URL directly can send that header too: it is believed only on requests carrying the origin-verify secret
 * that the distribution adds as a custom origin header. Otherwise the direct source is the address.
 */
export function clientAddress(input: { sourceIp?: string; headers: (name: string) => string | undefined; originSecret?: string }): string | undefined {
  if (isOriginSecret(input.headers(ORIGIN_VERIFY_HEADER), input.originSecret)) {
    const viewer = input.headers("cloudfront-viewer-address")?.trim();
    const host = viewer && viewer.lastIndexOf(":") > 0 ? viewer.slice(0, viewer.lastIndexOf(":")) : undefined;
    if (host && /^[0-9a-fA-F.:]{2,45}$/.test(host)) return host;
  }
  return input.sourceIp;
}
